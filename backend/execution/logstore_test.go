package execution

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
)

// newTestStore returns a store over a migrated database, with one finished execution "exec-a"
// whose first lines are a chunk row from before the log files (text inline) and whose next lines
// went through a sink into its log file.
func newTestStore(t *testing.T) *Store {
	t.Helper()
	d := testutil.OpenDB(t)
	st := NewStore(d)
	st.inline = 0 // these lines go to the log file, next to the legacy inline rows
	ctx := context.Background()
	if err := st.Insert(ctx, Execution{ID: "exec-a", TriggerName: "t", Kind: KindManual, BackendType: "claude",
		Status: StatusQueued, QueuedAt: "2020-01-01T00:00:00.000Z", Argv: []string{}, Warnings: []string{}}, "{}", nil); err != nil {
		t.Fatal(err)
	}
	// Lines 1-2, as 0003 stored them: meta = base time, then (stream, delta) per line.
	meta := []byte{0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 5}
	if _, err := d.Writer.Exec(`INSERT INTO execution_chunks(execution_id, first_seq, last_seq, meta, text)
		VALUES('exec-a', 1, 2, ?, 'legacy Alpha'||char(10)||'legacy beta')`, meta); err != nil {
		t.Fatal(err)
	}
	sk := newSink("exec-a", st, &events.Recorder{}, logging.Discard(), agent.NewParser("claude"), 1<<30)
	sk.seq = 2
	sk.addBlock(StreamStdout, 1000, []byte("file gamma\nfile Delta\n"))
	sk.flush()
	sk.addBlock(StreamStderr, 2000, []byte("file epsilon\n"))
	sk.finish()
	if sk.storeErr != nil {
		t.Fatal(sk.storeErr)
	}
	if _, err := d.Writer.Exec(`UPDATE executions SET status = 'success' WHERE id = 'exec-a'`); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestLinesFromBothSources(t *testing.T) {
	t.Parallel()
	st := newTestStore(t)
	tests := []struct {
		name  string
		after int64
		limit int
		want  []string
		next  int64
	}{
		{"all", 0, 100, []string{"legacy Alpha", "legacy beta", "file gamma", "file Delta", "file epsilon"}, 0},
		{"first page", 0, 3, []string{"legacy Alpha", "legacy beta", "file gamma"}, 3},
		{"inside a file chunk", 3, 1, []string{"file Delta"}, 4},
		{"last", 4, 10, []string{"file epsilon"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := st.Lines(context.Background(), "exec-a", tt.after, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for i, l := range p.Lines {
				got = append(got, l.Text)
				if l.Seq != tt.after+int64(i)+1 {
					t.Fatalf("line %d has seq %d", i, l.Seq)
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || p.Next != tt.next || p.Total != 5 {
				t.Fatalf("got %q next %d total %d, want %q next %d", got, p.Next, p.Total, tt.want, tt.next)
			}
		})
	}
	p, _ := st.Lines(context.Background(), "exec-a", 0, 100)
	if p.Lines[4].Stream != StreamStderr || p.Lines[1].TS != "1970-01-01T00:00:00.006Z" {
		t.Fatalf("stream %s, ts %s", p.Lines[4].Stream, p.Lines[1].TS)
	}
}

func TestSearchBeforeAndAfterIndexing(t *testing.T) {
	t.Parallel()
	st := newTestStore(t)
	ctx := context.Background()
	for _, indexed := range []bool{false, true} {
		if indexed {
			if err := st.Index(ctx, "exec-a"); err != nil {
				t.Fatal(err)
			}
		}
		for _, q := range []string{"alpha", "DELTA", "epsilon"} {
			res, err := st.Search(ctx, "exec-a", q, 10)
			if err != nil || res.Total != 1 || len(res.Hits) != 1 {
				t.Fatalf("indexed %v: Search(%q) = %+v, %v", indexed, q, res, err)
			}
			page, err := st.List(ctx, ListFilter{Query: q})
			if err != nil || page.Total != 1 {
				t.Fatalf("indexed %v: List(%q) = %+v, %v", indexed, q, page, err)
			}
		}
		if page, _ := st.List(ctx, ListFilter{Query: "zeta"}); page.Total != 0 {
			t.Fatalf("indexed %v: List(zeta) = %d runs", indexed, page.Total)
		}
	}
}

// Bytes after the last chunk row (a crash between the file write and the row) are never read.
func TestUnindexedTrailingBytesIgnored(t *testing.T) {
	t.Parallel()
	st := newTestStore(t)
	path, _ := st.logPath("exec-a")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("half written\nno row")
	f.Close()
	p, err := st.Lines(context.Background(), "exec-a", 0, 100)
	if err != nil || len(p.Lines) != 5 || p.Lines[4].Text != "file epsilon" {
		t.Fatalf("%+v, %v", p, err)
	}
}

func TestRetentionRemovesLogFiles(t *testing.T) {
	t.Parallel()
	st := newTestStore(t)
	ctx := context.Background()
	path, _ := st.logPath("exec-a")
	orphan := filepath.Join(st.logDir, "exec-gone.log")
	if err := os.WriteFile(orphan, []byte("x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if n, err := st.DeleteFinishedBefore(ctx, time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil || n != 0 {
		t.Fatalf("nothing that old: %d, %v", n, err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal("a kept run lost its log file")
	}
	if n, err := st.DeleteFinishedBefore(ctx, time.Now()); err != nil || n != 1 {
		t.Fatalf("deleted %d, %v", n, err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("log file still there: %v", err)
	}
	if n, err := st.SweepLogs(ctx); err != nil || n != 1 {
		t.Fatalf("swept %d, %v", n, err)
	}
	if _, err := os.Stat(orphan); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("orphan log file kept")
	}
}

// Lines over the cap, the marker and the stored tail never share a sequence number, so every
// stored chunk decodes to the numbers the lines were shown with.
func TestCapKeepsSequenceNumbers(t *testing.T) {
	t.Parallel()
	d := testutil.OpenDB(t)
	st := NewStore(d)
	if err := st.Insert(context.Background(), Execution{ID: "exec-c", TriggerName: "t", Kind: KindManual, BackendType: "claude",
		Status: StatusRunning, QueuedAt: db.Now(), Argv: []string{}, Warnings: []string{}}, "{}", nil); err != nil {
		t.Fatal(err)
	}
	rec := &events.Recorder{}
	sk := newSink("exec-c", st, rec, logging.Discard(), agent.NewParser("claude"), 20)
	sk.addBlock(StreamStdout, 1, []byte("0123456789\n0123456789\nover\nlast\n"))
	sk.finish()
	p, err := st.Lines(context.Background(), "exec-c", 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range p.Lines {
		got = append(got, strings.Fields(l.Text)[0]+"@"+string(rune('0'+l.Seq)))
	}
	want := "0123456789@1 0123456789@2 over@3 [agented]@4 last@5"
	if strings.Join(got, " ") != want {
		t.Fatalf("stored %q, want %q", strings.Join(got, " "), want)
	}
	var live []int64
	for _, e := range rec.Named(events.ExecutionLog("exec-c")) {
		for _, l := range e.Payload.(LogBatch).Lines {
			live = append(live, l.Seq)
		}
	}
	if len(live) != 5 || live[2] != 3 || live[3] != 4 {
		t.Fatalf("live seqs %v", live)
	}
}

// With a bus, a batch is only built and published while someone listens to the run's log.
func TestLiveBatchOnlyForListeners(t *testing.T) {
	t.Parallel()
	d := testutil.OpenDB(t)
	st := NewStore(d)
	if err := st.Insert(context.Background(), Execution{ID: "exec-l", TriggerName: "t", Kind: KindManual, BackendType: "claude",
		Status: StatusRunning, QueuedAt: db.Now(), Argv: []string{}, Warnings: []string{}}, "{}", nil); err != nil {
		t.Fatal(err)
	}
	bus := events.NewBus()
	sk := newSink("exec-l", st, bus, logging.Discard(), agent.NewParser("claude"), 1<<30)
	sk.addBlock(StreamStdout, 1, []byte("unseen\n"))
	sk.flush()
	sub := bus.Subscribe(10, func(n string) bool { return n == events.ExecutionLog("exec-l") })
	defer sub.Close()
	sk.addBlock(StreamStdout, 2, []byte("seen\n"))
	sk.finish()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	ev, err := sub.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if lines := ev.Payload.(LogBatch).Lines; len(lines) != 1 || lines[0].Text != "seen" || lines[0].Seq != 2 {
		t.Fatalf("live %+v", lines)
	}
	if p, _ := st.Lines(context.Background(), "exec-l", 0, 10); len(p.Lines) != 2 {
		t.Fatalf("stored %+v", p.Lines)
	}
}

// TestSmallRunsStayInline: a run's first output lives in its chunk rows and it only gets a log
// file once it outgrows the inline limit; reading, searching and indexing see one log either way.
func TestSmallRunsStayInline(t *testing.T) {
	t.Parallel()
	d := testutil.OpenDB(t)
	st := NewStore(d)
	st.inline = 40
	ctx := context.Background()
	for _, id := range []string{"exec-small", "exec-grows"} {
		if err := st.Insert(ctx, Execution{ID: id, TriggerName: "t", Kind: KindManual, BackendType: "claude",
			Status: StatusQueued, QueuedAt: db.Now(), Argv: []string{}, Warnings: []string{}}, "{}", nil); err != nil {
			t.Fatal(err)
		}
	}
	write := func(id string, blocks ...string) {
		sk := newSink(id, st, &events.Recorder{}, logging.Discard(), agent.NewParser("claude"), 1<<30)
		for i, b := range blocks {
			sk.addBlock(StreamStdout, int64(1000*(i+1)), []byte(b))
			sk.flush()
		}
		sk.finish()
		if sk.storeErr != nil {
			t.Fatal(sk.storeErr)
		}
	}
	write("exec-small", "one short line\n")
	write("exec-grows", "first inline line\n", "second inline line\n", "third goes to the file\n", "fourth too\n")

	for id, wantFile := range map[string]bool{"exec-small": false, "exec-grows": true} {
		path, _ := st.logPath(id)
		if _, err := os.Stat(path); (err == nil) != wantFile {
			t.Errorf("%s: log file exists = %v, want %v", id, err == nil, wantFile)
		}
	}
	p, err := st.Lines(ctx, "exec-grows", 0, 100)
	want := []string{"first inline line", "second inline line", "third goes to the file", "fourth too"}
	if err != nil || len(p.Lines) != len(want) {
		t.Fatalf("lines %+v, %v", p.Lines, err)
	}
	for i, l := range p.Lines {
		if l.Seq != int64(i+1) || l.Text != want[i] {
			t.Fatalf("line %d = %+v, want seq %d %q", i, l, i+1, want[i])
		}
	}
	if err := st.Index(ctx, "exec-grows"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"inline", "fourth"} {
		if res, err := st.Search(ctx, "exec-grows", q, 10); err != nil || res.Total == 0 {
			t.Fatalf("Search(%q) = %+v, %v", q, res, err)
		}
	}
}
