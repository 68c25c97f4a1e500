package httpserver_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/agented/agented/backend/httpserver"
)

func TestCORSAllowlist(t *testing.T) {
	t.Parallel()
	const listed = "https://ci.example.com"
	f := start(t, func(c *httpserver.Config, _ *httpserver.Deps) { c.CORSOrigins = []string{listed} })
	preflight := func(origin string) map[string]string {
		return map[string]string{"Origin": origin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "x-api-key"}
	}
	tests := []struct {
		name     string
		r        req
		wantACAO string
		status   int
	}{
		{"listed origin, simple request", req{path: "/admin/ping", header: withKey(map[string]string{"Origin": listed})}, listed, http.StatusOK},
		{"unknown origin, simple request", req{path: "/admin/ping", header: withKey(map[string]string{"Origin": "https://evil.example"})}, "", http.StatusOK},
		{"subdomain of listed is unknown", req{path: "/admin/ping", header: withKey(map[string]string{"Origin": "https://x.ci.example.com"})}, "", http.StatusOK},
		{"listed origin, preflight without key", req{method: http.MethodOptions, path: "/admin/ping", header: preflight(listed)}, listed, http.StatusNoContent},
		{"unknown origin, preflight", req{method: http.MethodOptions, path: "/admin/ping", header: preflight("https://evil.example")}, "", http.StatusNoContent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp := f.do(t, tt.r)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if got := resp.Header.Get("Access-Control-Allow-Origin"); got != tt.wantACAO {
				t.Fatalf("ACAO %q, want %q", got, tt.wantACAO)
			}
			if !strings.Contains(strings.Join(resp.Header.Values("Vary"), ","), "Origin") {
				t.Fatal("no Vary: Origin")
			}
			if tt.r.method == http.MethodOptions && tt.wantACAO != "" {
				allow := resp.Header.Get("Access-Control-Allow-Headers")
				for _, h := range []string{"Content-Type", "X-API-Key", "Last-Event-ID", "X-Request-ID"} {
					if !strings.Contains(allow, h) {
						t.Errorf("Access-Control-Allow-Headers %q lacks %s", allow, h)
					}
				}
			}
		})
	}
}

func TestCORSEmptyListAllowsNoOrigin(t *testing.T) {
	t.Parallel()
	f := start(t)
	resp := f.do(t, req{path: "/health/liveness", header: map[string]string{"Origin": "http://localhost:5173"}})
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Fatalf("ACAO %q with an empty allowlist", got)
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	t.Parallel()
	f := start(t, func(c *httpserver.Config, _ *httpserver.Deps) {
		c.GenericLimit.Requests = 1
	})
	big := bytes.Repeat([]byte("x"), 11<<20)
	tests := []struct {
		name   string
		r      req
		status int
	}{
		{"200", req{path: "/health/liveness"}, http.StatusOK},
		{"401", req{path: "/admin/ping"}, http.StatusUnauthorized},
		{"404", req{path: "/nowhere"}, http.StatusNotFound},
		{"405", req{path: "/"}, http.StatusMethodNotAllowed},
		{"413", req{method: http.MethodPost, path: "/admin/echo", header: withKey(nil), body: bytes.NewReader(big)}, http.StatusRequestEntityTooLarge},
		{"500", req{path: "/admin/panic", header: withKey(nil)}, http.StatusInternalServerError},
		{"202 then 429", req{method: http.MethodPost, path: "/", body: strings.NewReader("{}")}, http.StatusAccepted},
		{"429", req{method: http.MethodPost, path: "/", body: strings.NewReader("{}")}, http.StatusTooManyRequests},
	}
	want := map[string]string{
		"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
		"X-Frame-Options":         "DENY",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
	}
	for _, tt := range tests { // sequential: the 429 case depends on the one before it
		resp := f.do(t, tt.r)
		if resp.StatusCode != tt.status {
			t.Fatalf("%s: status %d, want %d", tt.name, resp.StatusCode, tt.status)
		}
		for k, v := range want {
			if got := resp.Header.Get(k); got != v {
				t.Errorf("%s: %s = %q, want %q", tt.name, k, got, v)
			}
		}
		if resp.Header.Get("X-Request-ID") == "" {
			t.Errorf("%s: no X-Request-ID", tt.name)
		}
		if resp.Header.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS over plain HTTP", tt.name)
		}
		if tt.status >= 400 {
			errorOf(t, resp)
		}
	}
}

func TestHSTSOnlyFromATrustedProxySayingHTTPS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		proxies []string
		proto   string
		want    bool
	}{
		{"untrusted peer claims https", nil, "https", false},
		{"proxy list without our peer", []string{"10.0.0.0/8"}, "https", false},
		{"trusted proxy says https", []string{"127.0.0.1"}, "https", true},
		{"trusted proxy chain, outermost https", []string{"127.0.0.0/8"}, "HTTPS, http", true},
		{"trusted proxy says http", []string{"127.0.0.1"}, "http", false},
		{"trusted proxy, no header", []string{"127.0.0.1"}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := start(t, func(c *httpserver.Config, _ *httpserver.Deps) { c.TrustedProxies = mustProxies(t, tt.proxies) })
			h := map[string]string{}
			if tt.proto != "" {
				h["X-Forwarded-Proto"] = tt.proto
			}
			resp := f.do(t, req{path: "/admin/ping", header: h}) // a 401 must carry it too
			got := resp.Header.Get("Strict-Transport-Security")
			if (got != "") != tt.want {
				t.Fatalf("HSTS %q, want present=%v", got, tt.want)
			}
		})
	}
}

func TestTrailingSlashWithoutRedirect(t *testing.T) {
	t.Parallel()
	f := start(t)
	tests := []struct {
		r    req
		want int
	}{
		{req{method: http.MethodPost, path: "/api/webhooks/github/", header: map[string]string{"X-Test-Signed": "1"}}, http.StatusOK},
		{req{path: "/admin/ping/", header: withKey(nil)}, http.StatusOK},
		{req{path: "/api/version/", header: withKey(nil)}, http.StatusOK},
		{req{path: "/health/liveness/"}, http.StatusOK},
		{req{path: "/health/readiness/"}, http.StatusOK},
		{req{method: http.MethodPost, path: "/", body: strings.NewReader("{}")}, http.StatusAccepted},
	}
	for _, tt := range tests {
		t.Run(tt.r.path, func(t *testing.T) {
			resp := f.do(t, tt.r)
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d (Location %q), want %d", resp.StatusCode, resp.Header.Get("Location"), tt.want)
			}
		})
	}
}

func TestErrorsAreJSON(t *testing.T) {
	t.Parallel()
	f := start(t)
	tests := []struct {
		name   string
		r      req
		status int
		msg    string
	}{
		{"unknown path", req{path: "/nowhere"}, http.StatusNotFound, "not found"},
		{"wrong method", req{path: "/"}, http.StatusMethodNotAllowed, "method not allowed"},
		{"panic leaks nothing", req{path: "/admin/panic", header: withKey(nil)}, http.StatusInternalServerError, "internal server error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp := f.do(t, tt.r)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Fatalf("Content-Type %q", ct)
			}
			if got := errorOf(t, resp); got != tt.msg {
				t.Fatalf("error %q, want %q", got, tt.msg)
			}
		})
	}
}
