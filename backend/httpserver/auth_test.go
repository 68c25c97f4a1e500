package httpserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/agented/agented/backend/httpserver"
)

func TestAdminAndAPIRequireTheKey(t *testing.T) {
	t.Parallel()
	f := start(t)
	tests := []struct {
		name   string
		path   string
		header map[string]string
		want   int
	}{
		{"admin without key", "/admin/ping", nil, http.StatusUnauthorized},
		{"admin wrong key", "/admin/ping", map[string]string{"X-API-Key": "nope"}, http.StatusUnauthorized},
		{"admin key with a suffix", "/admin/ping", map[string]string{"X-API-Key": testKey + "x"}, http.StatusUnauthorized},
		{"admin right key", "/admin/ping", withKey(nil), http.StatusOK},
		{"api without key", "/api/version", nil, http.StatusUnauthorized},
		{"api right key", "/api/version", withKey(nil), http.StatusOK},
		{"unknown admin path hides behind the key", "/admin/nothing-here", nil, http.StatusUnauthorized},
		{"unknown admin path with key is a 404", "/admin/nothing-here", withKey(nil), http.StatusNotFound},
		{"key in the query string is ignored", "/admin/ping?api_key=" + testKey, nil, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp := f.do(t, req{path: tt.path, header: tt.header})
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.want)
			}
			if tt.want != http.StatusOK {
				errorOf(t, resp)
			}
		})
	}
}

func TestFailsClosedWithoutAConfiguredKey(t *testing.T) {
	t.Parallel()
	f := start(t, func(_ *httpserver.Config, d *httpserver.Deps) {
		d.APIKey = func() (string, bool) { return "", false }
	})
	for _, path := range []string{"/admin/ping", "/api/version", "/admin/anything"} {
		for _, h := range []map[string]string{nil, {"X-API-Key": ""}, {"X-API-Key": "guess"}} {
			resp := f.do(t, req{path: path, header: h})
			if resp.StatusCode != http.StatusForbidden {
				t.Fatalf("%s %v: status %d, want 403", path, h, resp.StatusCode)
			}
			msg := errorOf(t, resp)
			if !strings.Contains(msg, "Settings → Listener") || !strings.Contains(msg, "AGENTED_API_KEY") {
				t.Fatalf("message %q does not say how to set a key", msg)
			}
		}
	}
}

func TestPublicRoutesBypassTheKey(t *testing.T) {
	t.Parallel()
	f := start(t, func(_ *httpserver.Config, d *httpserver.Deps) {
		d.APIKey = func() (string, bool) { return "", false } // even with the API closed
	})
	tests := []struct {
		name string
		r    req
		want int
	}{
		{"generic webhook", req{method: http.MethodPost, path: "/", body: strings.NewReader(`{"a":1}`)}, http.StatusAccepted},
		{"github signed", req{method: http.MethodPost, path: "/api/webhooks/github", header: map[string]string{"X-Test-Signed": "1"}}, http.StatusOK},
		{"github unsigned reaches its handler", req{method: http.MethodPost, path: "/api/webhooks/github"}, http.StatusUnauthorized},
		{"liveness", req{path: "/health/liveness"}, http.StatusOK},
		{"readiness", req{path: "/health/readiness"}, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := f.do(t, tt.r)
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.want)
			}
		})
	}
	// The unsigned GitHub delivery was refused by the stub handler, not by the key check.
	resp := f.do(t, req{method: http.MethodPost, path: "/api/webhooks/github"})
	if msg := errorOf(t, resp); msg != "bad signature" {
		t.Fatalf("github route answered %q, want the handler's own message", msg)
	}
}
