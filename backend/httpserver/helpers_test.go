package httpserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/httpserver"
	"github.com/agented/agented/backend/settings"
)

const testKey = "test-key-not-a-secret"

// clock is the fake time the limiters and timestamps read, so window tests do not sleep.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// bodySeen records what the generic webhook stub read, to prove an oversized body never reached
// a handler as a truncated value.
type bodySeen struct {
	mu     sync.Mutex
	sizes  []int
	errors []error
}

func (b *bodySeen) record(n int, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err != nil {
		b.errors = append(b.errors, err)
		return
	}
	b.sizes = append(b.sizes, n)
}

// stubService stands in for a domain service: it logs with the request's context.
type stubService struct{ log *slog.Logger }

func (s stubService) Work(c echo.Context) {
	s.log.InfoContext(c.Request().Context(), "stub service did work")
}

type fixture struct {
	url    string
	close  func() // waits for in-flight requests, so their log lines are written
	client *http.Client
	clock  *clock
	seen   *bodySeen
	conns  *connCounter
}

// connCounter follows the server's connections through http.Server.ConnState, so a test can
// count the ones a client still holds open.
type connCounter struct {
	mu   sync.Mutex
	open map[net.Conn]bool
	peak int
}

func (cc *connCounter) track(c net.Conn, st http.ConnState) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	switch st {
	case http.StateNew:
		cc.open[c] = true
		cc.peak = max(cc.peak, len(cc.open))
	case http.StateClosed, http.StateHijacked:
		delete(cc.open, c)
	}
}

// Open is the number of connections the server has not closed yet.
func (cc *connCounter) Open() int {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return len(cc.open)
}

// Peak is the largest number of connections open at once.
func (cc *connCounter) Peak() int {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return cc.peak
}

type option func(*httpserver.Config, *httpserver.Deps)

// start serves New's handler on a random 127.0.0.1 port. The client never follows redirects,
// like GitHub.
func start(t *testing.T, opts ...option) *fixture {
	t.Helper()
	f := &fixture{clock: newClock(), seen: &bodySeen{}, conns: &connCounter{open: map[net.Conn]bool{}}}
	cfg := httpserver.DefaultConfig()
	deps := httpserver.Deps{
		APIKey: func() (string, bool) { return testKey, true },
		Now:    f.clock.Now,
		Readiness: func(ctx context.Context) map[string]httpserver.Check {
			return map[string]httpserver.Check{"database": {Status: httpserver.CheckOK}}
		},
	}
	for _, o := range opts {
		o(&cfg, &deps)
	}
	svc := stubService{log: deps.Log}
	if svc.log == nil {
		svc.log = slog.New(slog.DiscardHandler)
	}
	deps.Routes = stubRoutes(f.seen, svc)
	srv := httptest.NewUnstartedServer(httpserver.New(cfg, deps))
	srv.Config.ConnState = f.conns.track
	srv.Start()
	t.Cleanup(srv.Close)
	f.url, f.close = srv.URL, srv.Close
	f.client = &http.Client{
		Timeout:       20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return f
}

func stubRoutes(seen *bodySeen, svc stubService) httpserver.Routes {
	return httpserver.Routes{
		GenericWebhook: func(c echo.Context) error {
			b, err := io.ReadAll(c.Request().Body)
			seen.record(len(b), err)
			if err != nil {
				return err
			}
			return c.JSON(http.StatusAccepted, map[string]int{"bytes": len(b)})
		},
		GitHubWebhook: func(c echo.Context) error {
			signed := c.Request().Header.Get("X-Test-Signed") == "1"
			c.Set(httpserver.SignatureOKKey, signed)
			if !signed {
				return echo.NewHTTPError(http.StatusUnauthorized, "bad signature")
			}
			return c.JSON(http.StatusOK, map[string]string{"status": "accepted"})
		},
		Admin: func(g *echo.Group) {
			g.GET("/ping", func(c echo.Context) error { return c.JSON(http.StatusOK, map[string]bool{"pong": true}) })
			g.GET("/work", func(c echo.Context) error {
				svc.Work(c)
				return c.JSON(http.StatusOK, map[string]bool{"ok": true})
			})
			g.GET("/panic", func(echo.Context) error {
				var m map[string]int
				//lint:ignore SA5000 the test needs a real runtime panic
				m["boom"] = 1 // assignment to entry in nil map
				return nil
			})
			// stream stands in for an SSE stream: a long-lived GET that writes an event every
			// 20 ms for ?ms milliseconds.
			g.GET("/stream", func(c echo.Context) error {
				d, _ := time.ParseDuration(c.QueryParam("ms") + "ms")
				c.Response().Header().Set(echo.HeaderContentType, "text/event-stream")
				c.Response().WriteHeader(http.StatusOK)
				for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
					if _, err := c.Response().Write([]byte("data: tick\n\n")); err != nil {
						return err
					}
					c.Response().Flush()
				}
				_, err := c.Response().Write([]byte("data: end\n\n"))
				return err
			})
			// slow reads its whole body, then works for ?ms milliseconds before answering with
			// the state of its request context.
			g.POST("/slow", func(c echo.Context) error {
				b, err := io.ReadAll(c.Request().Body)
				if err != nil {
					return err
				}
				d, _ := time.ParseDuration(c.QueryParam("ms") + "ms")
				select {
				case <-time.After(d):
				case <-c.Request().Context().Done():
				}
				return c.JSON(http.StatusOK, map[string]any{"bytes": len(b), "ctxErr": fmt.Sprint(c.Request().Context().Err())})
			})
			// bare stands in for a body-less action such as "run" or "cancel".
			g.Match([]string{http.MethodPost, http.MethodPut, http.MethodPatch}, "/bare", func(c echo.Context) error {
				return c.JSON(http.StatusOK, map[string]bool{"ok": true})
			})
			g.POST("/echo", func(c echo.Context) error {
				var v map[string]any
				if err := httpserver.BindJSON(c, &v); err != nil {
					return err
				}
				return c.JSON(http.StatusOK, v)
			})
		},
		API: func(g *echo.Group) {
			g.GET("/version", func(c echo.Context) error { return c.JSON(http.StatusOK, map[string]string{"version": "test"}) })
			g.PUT("/bare", func(c echo.Context) error { return c.JSON(http.StatusOK, map[string]bool{"ok": true}) })
		},
	}
}

type req struct {
	method, path string
	body         io.Reader
	header       map[string]string
}

func (f *fixture) do(t *testing.T, r req) *http.Response {
	t.Helper()
	if r.method == "" {
		r.method = http.MethodGet
	}
	hr, err := http.NewRequest(r.method, f.url+r.path, r.body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	resp, err := f.client.Do(hr)
	if err != nil {
		t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// errorOf decodes the {"error": "..."} body and fails when the body is not that shape.
func errorOf(t *testing.T, resp *http.Response) string {
	t.Helper()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("status %d: body is not JSON: %v", resp.StatusCode, err)
	}
	msg, ok := body["error"].(string)
	if !ok || len(body) != 1 || msg == "" {
		t.Fatalf("status %d: body %v is not {\"error\": \"...\"}", resp.StatusCode, body)
	}
	return msg
}

func withKey(h map[string]string) map[string]string {
	out := map[string]string{"X-API-Key": testKey}
	for k, v := range h {
		out[k] = v
	}
	return out
}

func signed(ip string) map[string]string {
	return map[string]string{"X-Test-Signed": "1", "X-Forwarded-For": ip}
}

func unsigned(ip string) map[string]string { return map[string]string{"X-Forwarded-For": ip} }

func mustProxies(t *testing.T, in []string) []netip.Prefix {
	t.Helper()
	var out []netip.Prefix
	for _, s := range in {
		p, err := settings.ParseTrustedProxy(s)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}
