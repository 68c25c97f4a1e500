package telemetry

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeIngest is a local Sentry: it records every envelope POSTed to it.
type fakeIngest struct {
	srv  *httptest.Server
	mu   sync.Mutex
	got  []string
	seen chan struct{}
}

func newIngest(t *testing.T) *fakeIngest {
	t.Helper()
	f := &fakeIngest{seen: make(chan struct{}, 16)}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if r.URL.Path == "/api/1/envelope/" {
			f.mu.Lock()
			f.got = append(f.got, string(b))
			f.mu.Unlock()
			f.seen <- struct{}{}
		}
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeIngest) dsn() string {
	return "http://publickey@" + strings.TrimPrefix(f.srv.URL, "http://") + "/1"
}

func (f *fakeIngest) wait(t *testing.T) string {
	t.Helper()
	select {
	case <-f.seen:
	case <-time.After(5 * time.Second):
		t.Fatal("no envelope reached the fake ingest")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.got[len(f.got)-1]
}

func TestPanicInGoReachesIngest(t *testing.T) {
	t.Parallel()
	ing := newIngest(t)
	var logs bytes.Buffer
	var logMu sync.Mutex
	r := New(slog.New(slog.NewJSONHandler(&lockedWriter{w: &logs, mu: &logMu}, nil)), "1.2.3", "test")
	if err := r.Configure(ing.dsn()); err != nil {
		t.Fatal(err)
	}
	r.Go(func() {
		var m map[string]int
		//lint:ignore SA5000 the test needs a real runtime panic
		m["boom"] = 1 // assignment to entry in nil map
	})
	env := ing.wait(t)
	r.Flush(2 * time.Second)
	for _, want := range []string{`"level":"fatal"`, "assignment to entry in nil map", `"release":"agented@1.2.3"`} {
		if !strings.Contains(env, want) {
			t.Errorf("envelope lacks %s:\n%s", want, env)
		}
	}
	if strings.Contains(env, `"server_name":"`) && !strings.Contains(env, `"server_name":""`) {
		t.Error("host name sent")
	}
	logMu.Lock()
	defer logMu.Unlock()
	if !strings.Contains(logs.String(), "panic recovered") || !strings.Contains(logs.String(), "goroutine") {
		t.Errorf("panic not logged with a stack: %s", logs.String())
	}
}

func TestSafeWrapAndCaptureError(t *testing.T) {
	t.Parallel()
	ing := newIngest(t)
	r := New(slog.New(slog.NewTextHandler(io.Discard, nil)), "dev", "test")
	if err := r.Configure(ing.dsn()); err != nil {
		t.Fatal(err)
	}
	err := r.SafeWrap(func() error { panic("kaput") })
	if err == nil || !strings.Contains(err.Error(), "kaput") {
		t.Fatalf("SafeWrap = %v", err)
	}
	ing.wait(t)
	r.CaptureError(errors.New("disk full"), map[string]string{"request_id": "req-42"})
	env := ing.wait(t)
	if !strings.Contains(env, "disk full") || !strings.Contains(env, "req-42") {
		t.Fatalf("envelope = %s", env)
	}
	if want := errors.New("plain"); r.SafeWrap(func() error { return want }) != want {
		t.Fatal("SafeWrap changed a plain error")
	}
}

func TestOffByDefaultAndBadDSN(t *testing.T) {
	t.Parallel()
	r := New(slog.New(slog.NewTextHandler(io.Discard, nil)), "dev", "test")
	if r.Active() {
		t.Fatal("active without a DSN")
	}
	done := make(chan struct{})
	r.Go(func() { defer close(done); panic("still recovered") })
	<-done
	if !r.Flush(time.Second) {
		t.Fatal("flush with no client must succeed")
	}
	for _, dsn := range []string{"not a dsn", "http://127.0.0.1/1"} {
		if err := r.Configure(dsn); err == nil {
			t.Errorf("Configure(%q) accepted", dsn)
		}
		if ValidateDSN(dsn) == nil {
			t.Errorf("ValidateDSN(%q) accepted", dsn)
		}
	}
	if r.Active() {
		t.Fatal("a bad DSN turned reporting on")
	}
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
