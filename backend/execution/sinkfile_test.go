package execution

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
)

// TestSinkWritesAsItReads: lines reach the log file as they are read (small reads gathered,
// large ones written at once), a batch may start inline and go on in the file, chunk rows stay
// near chunkBytes, and the live batches read back from the file show exactly what is stored.
func TestSinkWritesAsItReads(t *testing.T) {
	t.Parallel()
	lines := func(prefix string, n, width int) string {
		var b strings.Builder
		for i := range n {
			l := fmt.Sprintf("%s %d ", prefix, i)
			b.WriteString(l + strings.Repeat("x", max(width-len(l), 0)) + "\n")
		}
		return b.String()
	}
	tests := []struct {
		name    string
		inline  int64
		blocks  []string
		flushAt int // flush after every flushAt blocks; 0: only at the end
	}{
		{"small reads gathered", 0, repeat(lines("small", 1, 20), 3000), 0},
		{"a large read among small ones", 0, []string{lines("a", 3, 10), lines("large", 2000, 100), lines("b", 3, 10)}, 0},
		{"inline then the file in one batch", 40, []string{"first inline\n", "second inline\n", lines("file", 50, 30)}, 0},
		{"chunks cut near 512 KiB", 0, repeat(lines("big", 600, 100), 30), 0},
		{"flushed often", 100, repeat(lines("often", 7, 50), 40), 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := testutil.OpenDB(t)
			st := NewStore(d)
			st.inline = tt.inline
			id := "exec-w"
			if err := st.Insert(context.Background(), Execution{ID: id, TriggerName: "t", Kind: KindManual, BackendType: "claude",
				Status: StatusRunning, QueuedAt: db.Now(), Argv: []string{}, Warnings: []string{}}, "{}", nil); err != nil {
				t.Fatal(err)
			}
			bus := events.NewBus()
			sub := bus.Subscribe(1<<16, func(n string) bool { return n == events.ExecutionLog(id) })
			defer sub.Close()
			sk := newSink(id, st, bus, logging.Discard(), agent.NewParser("claude"), 1<<30)
			var want []string
			for i, b := range tt.blocks {
				want = append(want, strings.Split(strings.TrimSuffix(b, "\n"), "\n")...)
				sk.addBlock(StreamStdout, int64(1000+i), []byte(b))
				if tt.flushAt > 0 && (i+1)%tt.flushAt == 0 {
					sk.flush()
				}
			}
			sk.finish()
			if sk.storeErr != nil {
				t.Fatal(sk.storeErr)
			}

			stored := readAll(t, st, id)
			var live []Line
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			for len(live) < len(want) {
				ev, err := sub.Next(ctx)
				if err != nil {
					t.Fatalf("live: %d of %d lines: %v", len(live), len(want), err)
				}
				live = append(live, ev.Payload.(LogBatch).Lines...)
			}
			for name, got := range map[string][]Line{"stored": stored, "live": live} {
				if len(got) != len(want) {
					t.Fatalf("%s: %d lines, want %d", name, len(got), len(want))
				}
				for i, l := range got {
					if l.Seq != int64(i+1) || l.Text != want[i] {
						t.Fatalf("%s line %d = %d %q, want %d %q", name, i, l.Seq, l.Text, i+1, want[i])
					}
				}
			}
			var biggest int64
			if err := d.Reader.QueryRow(`SELECT COALESCE(MAX(file_length), 0) FROM execution_chunks WHERE execution_id = ?`, id).Scan(&biggest); err != nil {
				t.Fatal(err)
			}
			if biggest > chunkBytes+int64(len(tt.blocks[0])) {
				t.Fatalf("a chunk row holds %d bytes, want at most %d", biggest, chunkBytes+len(tt.blocks[0]))
			}
		})
	}
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// readAll reads every stored line of a run, page by page.
func readAll(t *testing.T, st *Store, id string) []Line {
	t.Helper()
	var out []Line
	var after int64
	for {
		p, err := st.Lines(context.Background(), id, after, 5000)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p.Lines...)
		if p.Next == 0 {
			return out
		}
		after = p.Next
	}
}
