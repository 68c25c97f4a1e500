package httpserver_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agented/agented/backend/httpserver"
	"github.com/agented/agented/backend/internal/testutil"
)

// bodyTimeout is short so the tests do not wait a minute; trickleGap is well under it, so the
// clients below are slow, not silent.
const (
	bodyTimeout = 400 * time.Millisecond
	trickleGap  = 25 * time.Millisecond
	// closeGuard bounds how long a client waits for the server to answer and close. It is a
	// guard against hanging forever, far above bodyTimeout so a busy machine does not flake.
	closeGuard = 20 * time.Second
)

// trickled is what a trickling client saw: the server's answer and whether the server closed
// the connection before closeGuard.
type trickled struct {
	resp   *http.Response
	body   string
	closed bool
	err    error
}

// trickle sends head on a raw connection and then the body one byte (or one one-byte chunk) per
// trickleGap, for as long as the server keeps the connection open. It reports once the server
// closed the connection or closeGuard passed, and keeps its end of the connection open until
// release is closed, so the test can count what the server still holds.
func trickle(addr, head string, chunked bool, report func(trickled), release <-chan struct{}) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		report(trickled{err: err})
		return
	}
	defer conn.Close()
	defer func() { <-release }()
	if _, err := io.WriteString(conn, head); err != nil {
		report(trickled{err: err})
		return
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		piece := "a"
		if chunked {
			piece = "1\r\na\r\n"
		}
		for {
			select {
			case <-stop:
				return
			case <-time.After(trickleGap):
			}
			if _, err := io.WriteString(conn, piece); err != nil {
				return // the server closed the connection
			}
		}
	}()
	defer func() { close(stop); wg.Wait() }()

	_ = conn.SetReadDeadline(time.Now().Add(closeGuard))
	raw, err := io.ReadAll(conn)
	var out trickled
	switch {
	case err == nil, errors.Is(err, net.ErrClosed), isReset(err):
		out.closed = true
	case errors.Is(err, os.ErrDeadlineExceeded):
		out.err = fmt.Errorf("connection still open after %s", closeGuard)
	default:
		out.err = err
	}
	if len(raw) > 0 {
		resp, perr := http.ReadResponse(bufio.NewReader(bytes.NewReader(raw)), nil)
		if perr == nil {
			b, _ := io.ReadAll(resp.Body)
			out.resp, out.body = resp, string(b)
		}
	}
	report(out)
}

// trickleOne runs one trickling client and returns what it saw once its connection is done.
func trickleOne(addr, head string) trickled {
	var out trickled
	release := make(chan struct{})
	close(release)
	trickle(addr, head, strings.Contains(head, "chunked"), func(r trickled) { out = r }, release)
	return out
}

func isReset(err error) bool {
	return err != nil && strings.Contains(err.Error(), "connection reset")
}

// TestSlowBodyIsAnswered408AndClosed: clients that trickle their body past the body read
// timeout get a 408 and a closed connection, whatever the body's size or framing. Left to
// net/http, a body under 256 KiB would be drained after the handler returned, with no deadline,
// for as long as the client kept trickling, and the answer would never be sent.
func TestSlowBodyIsAnswered408AndClosed(t *testing.T) {
	t.Parallel()
	f := start(t, func(c *httpserver.Config, _ *httpserver.Deps) {
		c.BodyReadTimeout = bodyTimeout
		c.GenericLimit.Requests = 1000 // all clients share 127.0.0.1
	})
	addr := strings.TrimPrefix(f.url, "http://")
	heads := []struct{ name, head string }{
		{"generic, 1 KiB", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1024\r\n\r\n"},
		{"generic, 300 KiB", fmt.Sprintf("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", 300<<10)},
		{"generic, chunked", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"},
		{"JSON, 1 KiB", "POST /admin/echo HTTP/1.1\r\nHost: x\r\nX-API-Key: " + testKey +
			"\r\nContent-Type: application/json\r\nContent-Length: 1024\r\n\r\n{\"a\":\""},
		{"JSON, 300 KiB", "POST /admin/echo HTTP/1.1\r\nHost: x\r\nX-API-Key: " + testKey +
			fmt.Sprintf("\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n{\"a\":\"", 300<<10)},
		{"JSON, chunked", "POST /admin/echo HTTP/1.1\r\nHost: x\r\nX-API-Key: " + testKey +
			"\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n7\r\n{\"a\":\"a\r\n"},
	}
	const perKind = 15
	results := make([]trickled, len(heads)*perKind)
	var reported sync.WaitGroup
	release := make(chan struct{})
	var clients sync.WaitGroup
	for i := range results {
		h := heads[i%len(heads)]
		reported.Add(1)
		clients.Add(1)
		go func() {
			defer clients.Done()
			trickle(addr, h.head, strings.Contains(h.head, "chunked"), func(r trickled) {
				results[i] = r
				reported.Done()
			}, release)
		}()
	}
	// Every client has its answer (or gave up after closeGuard) and still holds its end open:
	// whatever the server has not closed by now, it holds for a trickling client.
	reported.Wait()
	open := waitOpen(f, 0)
	close(release)
	clients.Wait()
	t.Logf("%d trickling clients: %d connections open at the peak, %d still open after the %s body timeout",
		len(results), f.conns.Peak(), open, bodyTimeout)

	failed := map[string]int{}
	var example = map[string]string{}
	for i, r := range results {
		name := heads[i%len(heads)].name
		problem := ""
		var body httpserver.ErrorBody
		switch {
		case r.err != nil:
			problem = r.err.Error()
		case r.resp == nil:
			problem = "no answer"
		case !r.closed:
			problem = "connection not closed"
		case r.resp.StatusCode != http.StatusRequestTimeout || json.Unmarshal([]byte(r.body), &body) != nil ||
			!strings.Contains(body.Error, "not received in time"):
			problem = fmt.Sprintf("answered %d %q, want 408 with a JSON error", r.resp.StatusCode, r.body)
		}
		if problem != "" {
			failed[name]++
			example[name] = problem
		}
	}
	for _, h := range heads {
		if n := failed[h.name]; n > 0 {
			t.Errorf("%s: %d of %d clients failed, e.g. %s", h.name, n, perKind, example[h.name])
		}
	}
	if open != 0 {
		t.Fatalf("%d connections still open after the body timeout", open)
	}
}

// waitOpen polls until the server holds want connections or a generous guard passes, and
// returns the last count: the server marks a connection closed just after the client sees EOF.
func waitOpen(f *fixture, want int) int {
	var n int
	testutil.WaitFor(10*time.Second, func() bool { n = f.conns.Open(); return n == want })
	return n
}

// TestUnreadBodyDoesNotHoldTheConnection: a handler that answers without reading the body
// (here the API key check) is answered at once and the connection closed, rather than kept
// while net/http drains what the client trickles.
func TestUnreadBodyDoesNotHoldTheConnection(t *testing.T) {
	t.Parallel()
	f := start(t, func(c *httpserver.Config, _ *httpserver.Deps) { c.BodyReadTimeout = time.Hour })
	addr := strings.TrimPrefix(f.url, "http://")
	r := trickleOne(addr, "POST /admin/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1024\r\n\r\n{")
	if r.err != nil || !r.closed || r.resp == nil || r.resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("answer %v, closed %v, err %v: want a 401 and a closed connection well before the hour-long body timeout",
			r.resp != nil && r.resp.StatusCode == http.StatusUnauthorized, r.closed, r.err)
	}
	if open := waitOpen(f, 0); open != 0 {
		t.Fatalf("%d connections still open", open)
	}
}

// TestBodyTimeoutSparesLongRequests: the body deadline ends with the body. A stream without a
// body and a handler that works long after reading its body both outlive the timeout.
func TestBodyTimeoutSparesLongRequests(t *testing.T) {
	t.Parallel()
	f := start(t, func(c *httpserver.Config, _ *httpserver.Deps) { c.BodyReadTimeout = bodyTimeout })
	long := fmt.Sprint((4 * bodyTimeout).Milliseconds())

	stream := f.do(t, req{path: "/admin/stream?ms=" + long, header: withKey(nil)})
	events, err := io.ReadAll(stream.Body)
	if err != nil || !strings.HasSuffix(string(events), "data: end\n\n") {
		t.Fatalf("stream cut: %v after %q", err, tail(string(events)))
	}

	slow := f.do(t, req{method: http.MethodPost, path: "/admin/slow?ms=" + long, header: withKey(map[string]string{"Content-Type": "application/json"}),
		body: strings.NewReader(`{"a":1}`)})
	var got struct {
		Bytes  int    `json:"bytes"`
		CtxErr string `json:"ctxErr"`
	}
	if err := json.NewDecoder(slow.Body).Decode(&got); err != nil || slow.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %v", slow.StatusCode, err)
	}
	if got.Bytes != 7 || got.CtxErr != "<nil>" {
		t.Fatalf("got %+v: the handler's context was cancelled after it read its body", got)
	}
}

func tail(s string) string {
	if len(s) > 40 {
		return s[len(s)-40:]
	}
	return s
}
