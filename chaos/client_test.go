//go:build unix

package chaos

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"
)

// sourceSeq hands out loopback source addresses. Every 127.0.0.0/8 address reaches a listener on
// 127.0.0.1 and is a distinct client IP to it, which is how a case stages many clients.
var sourceSeq atomic.Uint32

// freshSource returns a loopback address no other call returned: 127.64.0.1, 127.64.0.2, ...
func freshSource() net.IP {
	n := sourceSeq.Add(1)
	return net.IPv4(127, byte(64+n>>16), byte(n>>8), byte(n))
}

// client talks to one server. Its admin calls rotate over a pool of loopback source addresses:
// the harness polls the API a lot, and the per-IP API limit is something cases examine on
// purpose, not something the polling should trip over.
type client struct {
	t     *testing.T
	base  string
	pool  []*http.Client
	next  atomic.Uint32
	plain *http.Client  // from 127.0.0.1, for cases about what one client may do
	tail  func() string // the end of the server's log, for failure messages
}

func newClient(t *testing.T, base string) *client {
	c := &client{t: t, base: base, tail: func() string { return "" }, plain: &http.Client{Transport: transportFrom(nil), Timeout: 2 * time.Minute}}
	for range 32 {
		c.pool = append(c.pool, &http.Client{Transport: transportFrom(freshSource()), Timeout: 2 * time.Minute})
	}
	return c
}

// transportFrom dials from src (nil: the default, 127.0.0.1) and never uses a proxy.
func transportFrom(src net.IP) *http.Transport {
	d := &net.Dialer{Timeout: 10 * time.Second}
	if src != nil {
		d.LocalAddr = &net.TCPAddr{IP: src}
	}
	return &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 4, IdleConnTimeout: 5 * time.Second}
}

func (c *client) close() {
	c.plain.CloseIdleConnections()
	for _, h := range c.pool {
		h.CloseIdleConnections()
	}
}

func (c *client) pooled() *http.Client {
	return c.pool[int(c.next.Add(1))%len(c.pool)]
}

// do sends a request from a pooled address and returns the status, headers and body. A nil
// body sends none; hdr adds headers (Content-Type is not set unless hdr says so).
func (c *client) do(method, path string, body []byte, hdr map[string]string) (int, http.Header, []byte) {
	c.t.Helper()
	return c.doWith(c.pooled(), method, path, body, hdr)
}

func (c *client) doWith(h *http.Client, method, path string, body []byte, hdr map[string]string) (int, http.Header, []byte) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := h.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return resp.StatusCode, resp.Header, raw
}

// admin sends a JSON request with the API key and decodes a JSON answer into out (if non-nil).
func (c *client) admin(method, path string, in, out any) int {
	c.t.Helper()
	code, _, raw := c.adminRaw(method, path, in)
	if out != nil && len(raw) > 0 && code < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			c.t.Fatalf("%s %s: %d %.300s: %v", method, path, code, raw, err)
		}
	}
	return code
}

// adminRaw is admin without decoding.
func (c *client) adminRaw(method, path string, in any) (int, http.Header, []byte) {
	c.t.Helper()
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			c.t.Fatal(err)
		}
	}
	return c.do(method, path, body, map[string]string{"Content-Type": "application/json", "X-API-Key": apiKey})
}

// webhook posts a generic delivery from a pooled address.
func (c *client) webhook(payload []byte, hdr map[string]string) (int, []byte) {
	c.t.Helper()
	h := map[string]string{"Content-Type": "application/json"}
	for k, v := range hdr {
		h[k] = v
	}
	code, _, raw := c.do("POST", "/", payload, h)
	return code, raw
}

// execution is the part of an execution the cases read.
type execution struct {
	ID           string   `json:"id"`
	TriggerID    string   `json:"triggerId"`
	Status       string   `json:"status"`
	Prompt       string   `json:"prompt"`
	Message      string   `json:"message"`
	ErrorMessage string   `json:"errorMessage"`
	FailureKind  string   `json:"failureKind"`
	LineCount    int64    `json:"lineCount"`
	StoredBytes  int64    `json:"storedBytes"`
	Truncated    bool     `json:"truncated"`
	Warnings     []string `json:"warnings"`
}

func (e execution) finished() bool { return e.Status != "queued" && e.Status != "running" }

type line struct {
	Seq    int64  `json:"seq"`
	Stream string `json:"stream"`
	Text   string `json:"text"`
}

// createTrigger creates a trigger from fields (name, promptTemplate and backendType claude are
// filled in when missing) and returns its id.
func (c *client) createTrigger(fields map[string]any) string {
	c.t.Helper()
	if fields["name"] == nil {
		fields["name"] = fmt.Sprintf("chaos %d", time.Now().UnixNano())
	}
	if fields["backendType"] == nil {
		fields["backendType"] = "claude"
	}
	var tr struct{ ID string }
	code, _, raw := c.adminRaw("POST", "/admin/triggers", fields)
	if code != http.StatusCreated {
		c.t.Fatalf("create trigger = %d %.500s", code, raw)
	}
	if err := json.Unmarshal(raw, &tr); err != nil || tr.ID == "" {
		c.t.Fatalf("create trigger answer %.300s: %v", raw, err)
	}
	return tr.ID
}

// webhookTrigger creates a generic-webhook trigger that fires on {"event": event} and puts the
// delivery's "text" field into {message}.
func (c *client) webhookTrigger(event, template string) string {
	c.t.Helper()
	return c.createTrigger(map[string]any{
		"promptTemplate": template, "triggerSource": "webhook",
		"matchFieldPath": "event", "matchFieldValue": event, "textFieldPath": "text",
		"concurrencyPolicy": "parallel",
	})
}

// runTrigger starts a manual run with message and returns the execution id.
func (c *client) runTrigger(id, message string) string {
	c.t.Helper()
	var run struct{ ExecutionID string }
	code, _, raw := c.adminRaw("POST", "/admin/triggers/"+id+"/run", map[string]string{"message": message})
	if code != http.StatusAccepted {
		c.t.Fatalf("run trigger = %d %.500s", code, raw)
	}
	if err := json.Unmarshal(raw, &run); err != nil || run.ExecutionID == "" {
		c.t.Fatalf("run answer %.300s: %v", raw, err)
	}
	return run.ExecutionID
}

// execution reads one execution.
func (c *client) execution(id string) execution {
	c.t.Helper()
	var ex execution
	if code := c.admin("GET", "/admin/executions/"+id, nil, &ex); code != http.StatusOK {
		c.t.Fatalf("GET execution %s = %d", id, code)
	}
	return ex
}

// waitFinished waits until the execution left queued and running.
func (c *client) waitFinished(id string, timeout time.Duration) execution {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ex := c.execution(id)
		if ex.finished() {
			return ex
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("execution %s still %q after %s (failure kind %q, error %q, %d lines, %d bytes, warnings %q)\n--- server log (tail) ---\n%s",
				id, ex.Status, timeout, ex.FailureKind, ex.ErrorMessage, ex.LineCount, ex.StoredBytes, ex.Warnings, c.tail())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// lines pages through every stored line of an execution.
func (c *client) lines(id string) []line {
	c.t.Helper()
	var all []line
	for after := int64(0); ; {
		var page struct {
			Lines []line `json:"lines"`
			Next  int64  `json:"next"`
		}
		path := fmt.Sprintf("/admin/executions/%s/lines?after=%d&limit=5000", id, after)
		if code := c.admin("GET", path, nil, &page); code != http.StatusOK {
			c.t.Fatalf("GET %s = %d", path, code)
		}
		all = append(all, page.Lines...)
		if page.Next == 0 {
			return all
		}
		after = page.Next
	}
}

// executions lists every execution of a trigger (newest first), paging 500 at a time.
func (c *client) executions(triggerID string) []execution {
	c.t.Helper()
	var all []execution
	for offset := 0; ; offset += 500 {
		var page struct {
			Executions []execution `json:"executions"`
			Total      int         `json:"total"`
		}
		path := fmt.Sprintf("/admin/executions?triggerId=%s&limit=500&offset=%d", url.QueryEscape(triggerID), offset)
		if code := c.admin("GET", path, nil, &page); code != http.StatusOK {
			c.t.Fatalf("GET %s = %d", path, code)
		}
		all = append(all, page.Executions...)
		if len(page.Executions) < 500 {
			return all
		}
	}
}

// stream reads GET /admin/executions/:id/stream from the start until the run's complete event
// and returns the raw SSE bytes.
func (c *client) stream(id string) []byte {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", c.base+"/admin/executions/"+id+"/stream", nil)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("X-API-Key", apiKey)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := c.pooled().Do(req)
	if err != nil {
		c.t.Fatalf("stream %s: %v", id, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		c.t.Fatalf("stream %s = %d", id, resp.StatusCode)
	}
	var all []byte
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		all = append(append(all, sc.Bytes()...), '\n')
		if bytes.Equal(sc.Bytes(), []byte("event: complete")) {
			return all
		}
	}
	c.t.Fatalf("stream %s ended without a complete event (%v) after %d bytes", id, sc.Err(), len(all))
	return nil
}
