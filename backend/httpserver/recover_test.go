package httpserver_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/httpserver"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/telemetry"
)

// fakeSentry is a local Sentry ingest that hands over each envelope it receives.
func fakeSentry(t *testing.T) (dsn string, envelopes <-chan string) {
	t.Helper()
	ch := make(chan string, 8)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if r.URL.Path == "/api/1/envelope/" {
			ch <- string(b)
		}
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(srv.Close)
	return "http://publickey@" + strings.TrimPrefix(srv.URL, "http://") + "/1", ch
}

func TestPanicIsJSON500AndReachesSentry(t *testing.T) {
	t.Parallel()
	dsn, envelopes := fakeSentry(t)
	reporter := telemetry.New(logging.Discard(), "9.9.9", "test")
	if err := reporter.Configure(dsn); err != nil {
		t.Fatal(err)
	}
	f := start(t, func(_ *httpserver.Config, d *httpserver.Deps) { d.Reporter = reporter })
	resp := f.do(t, req{path: "/admin/panic", header: withKey(map[string]string{"X-Request-ID": "panic-req-1"})})
	if resp.StatusCode != http.StatusInternalServerError {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if msg := errorOf(t, resp); msg != "internal server error" {
		t.Fatalf("error %q leaks details", msg)
	}
	if resp.Header.Get("X-Request-ID") != "panic-req-1" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("headers lost on the 500: %v", resp.Header)
	}
	var env string
	select {
	case env = <-envelopes:
	case <-time.After(5 * time.Second):
		t.Fatal("no event reached the fake Sentry")
	}
	for _, want := range []string{"assignment to entry in nil map", "panic-req-1", `"level":"fatal"`} {
		if !strings.Contains(env, want) {
			t.Errorf("envelope lacks %s", want)
		}
	}
	// The server keeps serving after a panic.
	if resp := f.do(t, req{path: "/admin/ping", header: withKey(nil)}); resp.StatusCode != http.StatusOK {
		t.Fatalf("after the panic: %d", resp.StatusCode)
	}
}
