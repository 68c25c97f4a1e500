package update

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// feedServer answers every request with status and body, counting requests.
func feedServer(t *testing.T, status int, body string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestCheck(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		current string
		status  int
		body    string
		latest  string
		newer   bool
		url     string
		errText string // in the returned error
		note    string // in Status.Error without a returned error
	}{
		{name: "newer release", current: "v0.2.0", status: 200, body: `{"version":"0.3.0","url":"https://example.com/r/0.3.0","notes":"faster"}`,
			latest: "v0.3.0", newer: true, url: "https://example.com/r/0.3.0"},
		{name: "same release", current: "v0.3.0", status: 200, body: `{"version":"v0.3.0"}`, latest: "v0.3.0"},
		{name: "older feed", current: "0.4.1", status: 200, body: `{"version":"0.4.0"}`, latest: "v0.4.0"},
		{name: "pre-release is older than its release", current: "v1.0.0", status: 200, body: `{"version":"1.0.0-rc.1"}`, latest: "v1.0.0-rc.1"},
		{name: "GitHub latest-release shape", current: "v0.2.0", status: 200,
			body:   `{"tag_name":"v0.2.1","html_url":"https://github.com/o/r/releases/tag/v0.2.1","body":"fixes","draft":false}`,
			latest: "v0.2.1", newer: true, url: "https://github.com/o/r/releases/tag/v0.2.1"},
		{name: "development build", current: "dev", status: 200, body: `{"version":"0.3.0"}`, latest: "v0.3.0",
			note: "this build (dev) is not a release"},
		{name: "feed missing", current: "v0.2.0", status: 404, body: "not found", errText: "the feed answered 404 Not Found"},
		{name: "not JSON", current: "v0.2.0", status: 200, body: "<html>", errText: "not a JSON object"},
		{name: "no version", current: "v0.2.0", status: 200, body: `{"url":"https://example.com"}`, errText: "names no version"},
		{name: "not a version", current: "v0.2.0", status: 200, body: `{"version":"latest"}`, errText: `"latest" is not a semantic version`},
		{name: "bad release URL", current: "v0.2.0", status: 200, body: `{"version":"1.0.0","url":"javascript:alert(1)"}`, errText: "is not a web address"},
		{name: "too large", current: "v0.2.0", status: 200, body: `{"version":"1.0.0","notes":"` + strings.Repeat("x", maxFeedBytes) + `"}`, errText: "more than 1024 KiB"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, _ := feedServer(t, tc.status, tc.body)
			c := New(tc.current, func() Config { return Config{Enabled: true, FeedURL: srv.URL} }, nil, quiet())
			st, err := c.Check(context.Background())
			if tc.errText != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errText) || !strings.Contains(st.Error, tc.errText) {
					t.Fatalf("err = %v, status error %q; want %q", err, st.Error, tc.errText)
				}
				if st.Latest != "" || st.Newer {
					t.Fatalf("a failed check reports latest %q newer %v", st.Latest, st.Newer)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if st.Latest != tc.latest || st.Newer != tc.newer || st.URL != tc.url || st.Current != tc.current || !st.Enabled || st.CheckedAt == "" {
				t.Fatalf("status = %+v, want latest %s newer %v url %q", st, tc.latest, tc.newer, tc.url)
			}
			if !strings.Contains(st.Error, tc.note) || (tc.note == "" && st.Error != "") {
				t.Fatalf("status error = %q, want %q", st.Error, tc.note)
			}
		})
	}
}

// Off by default: no request leaves the machine, and Check says how to turn it on.
func TestDisabledMakesNoRequest(t *testing.T) {
	t.Parallel()
	srv, n := feedServer(t, 200, `{"version":"9.9.9"}`)
	c := New("v0.2.0", func() Config { return Config{Enabled: false, FeedURL: srv.URL} }, nil, quiet())
	if _, err := c.Check(context.Background()); !errors.Is(err, ErrDisabled) {
		t.Fatalf("err = %v, want ErrDisabled", err)
	}
	// Run's first check is due at once (delay 0); with checking off it reads the settings and
	// must not fetch.
	read := make(chan struct{}, 1)
	bg := New("v0.2.0", func() Config {
		select {
		case read <- struct{}{}:
		default:
		}
		return Config{Enabled: false, FeedURL: srv.URL}
	}, nil, quiet())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { bg.Run(ctx, 0); close(done) }()
	<-read
	cancel()
	<-done
	if n.Load() != 0 {
		t.Fatalf("%d requests while update checks are off", n.Load())
	}
	if st := c.Status(); st.Enabled || st.Latest != "" {
		t.Fatalf("status = %+v", st)
	}
}

// A failed check after a good one keeps what was learnt and says why the last one failed.
func TestFailureKeepsLastKnown(t *testing.T) {
	t.Parallel()
	srv, _ := feedServer(t, 200, `{"version":"0.3.0"}`)
	url := srv.URL
	c := New("v0.2.0", func() Config { return Config{Enabled: true, FeedURL: url} }, nil, quiet())
	if _, err := c.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	// A port nothing listens on: the feed is unreachable.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url = "http://" + l.Addr().String()
	l.Close()
	st, err := c.Check(context.Background())
	if err == nil || !strings.Contains(st.Error, "could not reach the feed") {
		t.Fatalf("err = %v, status %+v", err, st)
	}
	if st.Latest != "v0.3.0" || !st.Newer {
		t.Fatalf("the last known release was lost: %+v", st)
	}
}
