package httpserver_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/httpserver"
)

// TestAdmissionShedsAndDropsAbandoned: with every webhook slot taken, a delivery waits at most
// the admission wait and is then answered 503 with Retry-After; one whose client gives up while
// waiting is never handled; once a slot is free, deliveries are handled again. Both webhook routes
// share the slots.
func TestAdmissionShedsAndDropsAbandoned(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	entered := make(chan string, 16)
	var handled atomic.Int64
	hold := func(c echo.Context) error {
		handled.Add(1)
		if c.Request().Header.Get("X-Hold") != "" {
			entered <- c.Request().Header.Get("X-Hold")
			<-release
		}
		return c.NoContent(http.StatusAccepted)
	}
	cfg := httpserver.DefaultConfig()
	cfg.GenericLimit = httpserver.Limit{Requests: 1000, Window: time.Minute}
	cfg.Admission = httpserver.Admission{InFlight: 2, Wait: 200 * time.Millisecond}
	srv := httptest.NewServer(httpserver.New(cfg, httpserver.Deps{
		Routes: httpserver.Routes{GenericWebhook: hold, GitHubWebhook: hold},
	}))
	t.Cleanup(srv.Close)
	post := func(ctx context.Context, path, holdAs string) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+path, strings.NewReader(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if holdAs != "" {
			req.Header.Set("X-Hold", holdAs)
		}
		return http.DefaultClient.Do(req)
	}

	// Two deliveries, one per route, take both slots and stay in their handlers.
	held := make(chan int, 2)
	for _, path := range []string{"/", "/api/webhooks/github"} {
		go func() {
			resp, err := post(context.Background(), path, path)
			if err != nil {
				held <- 0
				return
			}
			resp.Body.Close()
			held <- resp.StatusCode
		}()
	}
	<-entered
	<-entered

	for _, path := range []string{"/", "/api/webhooks/github"} {
		resp, err := post(context.Background(), path, "")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "1" {
			t.Fatalf("%s with every slot taken: %d, Retry-After %q; want 503, 1", path, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}

	// Clients that give up while waiting: their requests must never reach the handler, however
	// long after they left the slots come free.
	for range 5 {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			resp, err := post(ctx, "/", "")
			if err == nil {
				resp.Body.Close()
			}
			done <- err
		}()
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("abandoned request: %v, want the client's cancellation", err)
		}
	}
	if n := handled.Load(); n != 2 {
		t.Fatalf("%d deliveries handled while the slots were held, want the 2 holders", n)
	}

	close(release)
	for range 2 {
		if code := <-held; code != http.StatusAccepted {
			t.Fatalf("holder answered %d", code)
		}
	}
	resp, err := post(context.Background(), "/", "")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("after the slots came free: %d", resp.StatusCode)
	}
	if n := handled.Load(); n != 3 {
		t.Fatalf("%d deliveries handled in all, want 3: the abandoned ones never ran", n)
	}
}
