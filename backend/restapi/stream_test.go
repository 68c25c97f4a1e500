package restapi

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/internal/testutil"
)

// sseEvent is one frame as a client parses it; a comment has only comment set.
type sseEvent struct {
	id, name, data, comment string
}

type sseClient struct {
	t      *testing.T
	res    *http.Response
	rd     *bufio.Reader
	cancel context.CancelFunc
	seen   []string // statuses of the "status" events collect passed over
}

// openStream connects to an execution's stream; header may set Last-Event-ID.
func (e *env) openStream(id, query string, header map[string]string) *sseClient {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	req, err := http.NewRequestWithContext(ctx, "GET", e.srv.URL+"/admin/executions/"+id+"/stream"+query, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		e.t.Fatal(err)
	}
	c := &sseClient{t: e.t, res: res, rd: bufio.NewReader(res.Body), cancel: cancel}
	e.t.Cleanup(c.close)
	return c
}

func (c *sseClient) close() {
	c.cancel()
	_ = c.res.Body.Close()
}

// next reads one frame; ok is false at the end of the body.
func (c *sseClient) next() (ev sseEvent, ok bool) {
	c.t.Helper()
	for {
		line, err := c.rd.ReadString('\n')
		if err != nil {
			return ev, false
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "":
			return ev, true
		case strings.HasPrefix(line, ": "):
			ev.comment = line[2:]
		case strings.HasPrefix(line, "id: "):
			ev.id = line[4:]
		case strings.HasPrefix(line, "event: "):
			ev.name = line[7:]
		case strings.HasPrefix(line, "data: "):
			ev.data = line[6:]
		default:
			c.t.Fatalf("unexpected SSE line %q", line)
		}
	}
}

// collect reads lines until "complete" (or stop returns true for a line) and returns them with
// the completing execution, if any. It checks that each line's id is its seq.
func (c *sseClient) collect(stop func(execution.Line) bool) ([]execution.Line, *execution.Execution) {
	c.t.Helper()
	var lines []execution.Line
	for {
		ev, ok := c.next()
		if !ok {
			return lines, nil
		}
		switch ev.name {
		case "line":
			var l execution.Line
			if err := json.Unmarshal([]byte(ev.data), &l); err != nil {
				c.t.Fatal(err)
			}
			if ev.id != fmt.Sprint(l.Seq) {
				c.t.Fatalf("event id %q for seq %d", ev.id, l.Seq)
			}
			lines = append(lines, l)
			if stop != nil && stop(l) {
				return lines, nil
			}
		case "complete":
			var ex execution.Execution
			if err := json.Unmarshal([]byte(ev.data), &ex); err != nil {
				c.t.Fatal(err)
			}
			return lines, &ex
		case "status":
			var ex execution.Execution
			if err := json.Unmarshal([]byte(ev.data), &ex); err != nil {
				c.t.Fatal(err)
			}
			c.seen = append(c.seen, ex.Status)
		}
	}
}

// sameLines fails unless got equals want line for line.
func sameLines(t *testing.T, got, want []execution.Line) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("streamed %d lines, store has %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("line %d: streamed %+v, stored %+v", i, got[i], want[i])
		}
	}
}

func TestStreamFinishedRun(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	id := e.run(e.newTrigger("Done").ID, "x")
	e.wait(id, 30*time.Second, execution.StatusSuccess)
	stored := e.storedLines(id)

	c := e.openStream(id, "", nil)
	for k, want := range map[string]string{"Content-Type": "text/event-stream", "Cache-Control": "no-cache", "X-Accel-Buffering": "no"} {
		if got := c.res.Header.Get(k); got != want {
			t.Errorf("header %s = %q, want %q", k, got, want)
		}
	}
	lines, done := c.collect(nil)
	if done == nil || done.Status != execution.StatusSuccess || done.ID != id {
		t.Fatalf("complete = %+v", done)
	}
	sameLines(t, lines, stored)
	if _, more := c.next(); more {
		t.Fatal("stream did not end after complete")
	}

	// ?after= resumes too (for curl), and Last-Event-ID wins over it.
	lines, _ = e.openStream(id, "?after=2", nil).collect(nil)
	sameLines(t, lines, stored[2:])
	lines, _ = e.openStream(id, "?after=1", map[string]string{"Last-Event-ID": "3"}).collect(nil)
	sameLines(t, lines, stored[3:])
}

func TestStreamRejectsBeforeHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	tests := []struct {
		path   string
		header string
		status int
	}{
		{"/admin/executions/exec-nope/stream", "", http.StatusNotFound},
		{"/admin/executions/exec-nope/stream", "abc", http.StatusBadRequest},
		{"/admin/executions/exec-nope/stream?after=-1", "", http.StatusBadRequest},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest("GET", e.srv.URL+tt.path, nil)
		if tt.header != "" {
			req.Header.Set("Last-Event-ID", tt.header)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body errorBody
		_ = json.NewDecoder(res.Body).Decode(&body)
		res.Body.Close()
		if res.StatusCode != tt.status || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || body.Error == "" {
			t.Errorf("%s (%q): %d %s %+v", tt.path, tt.header, res.StatusCode, res.Header.Get("Content-Type"), body)
		}
	}
}

func TestStreamRunningRunExactlyOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	id := e.run(e.newTrigger("Live").ID, "[fake:lines:300:600]")
	c := e.openStream(id, "", nil)
	lines, done := c.collect(nil)
	if done == nil || done.Status != execution.StatusSuccess {
		t.Fatalf("complete = %+v", done)
	}
	if len(c.seen) == 0 || c.seen[len(c.seen)-1] != execution.StatusRunning {
		t.Fatalf("statuses %v: the stream should have opened before the run ended and seen it running", c.seen)
	}
	sameLines(t, lines, e.storedLines(id))
}

func TestStreamResumeWithLastEventID(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	id := e.run(e.newTrigger("Resume").ID, "[fake:lines:300:400]")
	const k = 40
	first := e.openStream(id, "", nil)
	head, _ := first.collect(func(l execution.Line) bool { return l.Seq == k })
	first.close()
	var mid execution.Execution
	e.do("GET", "/admin/executions/"+id, nil, &mid)
	if mid.Status != execution.StatusRunning {
		t.Fatalf("run is %s at reconnect; the test wants it mid-run", mid.Status)
	}

	tail, done := e.openStream(id, "", map[string]string{"Last-Event-ID": fmt.Sprint(k)}).collect(nil)
	if done == nil {
		t.Fatal("no complete after resume")
	}
	sameLines(t, append(head, tail...), e.storedLines(id))
}

// With a one-event queue and a flood of unrelated status events, the stream loses most live
// batches; it must notice and fill every hole from the store.
func TestStreamFallingBehindRepagesStore(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{queue: 1})
	id := e.run(e.newTrigger("Flood").ID, "[fake:lines:3000:3000]")
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		noise := execution.Execution{ID: "exec-noise", Status: execution.StatusRunning}
		for {
			select {
			case <-stop:
				return
			default:
				e.bus.Emit(events.ExecutionStatus, noise)
			}
		}
	}()
	lines, done := e.openStream(id, "", nil).collect(nil)
	if done == nil || done.Status != execution.StatusSuccess {
		t.Fatalf("complete = %+v", done)
	}
	sameLines(t, lines, e.storedLines(id))
	if !strings.Contains(e.logs.String(), "log stream fell behind") {
		t.Fatal("the stream never fell behind; the test did not exercise re-paging")
	}
}

func TestStreamHeartbeatStatusAndDisconnect(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{heartbeat: 20 * time.Millisecond})
	id := e.run(e.newTrigger("Quiet").ID, "[fake:hang]")
	e.wait(id, 30*time.Second, execution.StatusRunning)

	c := e.openStream(id, "", nil)
	var sawStatus, sawBeat bool
	for !sawStatus || !sawBeat {
		ev, ok := c.next()
		if !ok {
			t.Fatal("stream ended early")
		}
		sawStatus = sawStatus || (ev.name == "status" && strings.Contains(ev.data, `"status":"running"`))
		sawBeat = sawBeat || strings.HasPrefix(ev.comment, "heartbeat ")
	}
	if n := e.api.streams.Load(); n != 1 {
		t.Fatalf("%d streams open, want 1", n)
	}

	// A client that goes away releases the handler and its subscription.
	c.close()
	testutil.Eventually(t, 5*time.Second, func() bool { return e.api.streams.Load() == 0 },
		"stream handler still running after the client disconnected")

	// A second viewer sees the cancellation as complete.
	c2 := e.openStream(id, "", nil)
	e.do("POST", "/admin/executions/"+id+"/cancel", nil, nil)
	if _, done := c2.collect(nil); done == nil || done.Status != execution.StatusCancelled {
		t.Fatalf("complete = %+v", done)
	}
}
