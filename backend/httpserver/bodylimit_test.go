package httpserver_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
)

// zeros is an endless reader of unknown length, so the client sends it chunked.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestBodyOverTenMiBIs413(t *testing.T) {
	t.Parallel()
	const size = 11 << 20
	tests := []struct {
		name    string
		path    string
		header  map[string]string
		body    func() io.Reader
		chunked bool
	}{
		{"generic, Content-Length", "/", nil, func() io.Reader { return bytes.NewReader(make([]byte, size)) }, false},
		{"generic, chunked", "/", nil, func() io.Reader { return io.LimitReader(zeros{}, size) }, true},
		{"BindJSON, chunked", "/admin/echo", withKey(map[string]string{"Content-Type": "application/json"}), func() io.Reader {
			return io.MultiReader(strings.NewReader(`{"pad":"`), io.LimitReader(strings.NewReader(strings.Repeat("a", size)), size))
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := start(t)
			hr, err := http.NewRequest(http.MethodPost, f.url+tt.path, tt.body())
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.header {
				hr.Header.Set(k, v)
			}
			if (hr.ContentLength == 0) != tt.chunked {
				t.Fatalf("ContentLength %d: the test does not send what it says", hr.ContentLength)
			}
			resp, err := f.client.Do(hr)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusRequestEntityTooLarge {
				t.Fatalf("status %d, want 413", resp.StatusCode)
			}
			if msg := errorOf(t, resp); !strings.Contains(msg, "10 MiB") {
				t.Fatalf("error %q", msg)
			}
			f.seen.mu.Lock()
			defer f.seen.mu.Unlock()
			if len(f.seen.sizes) != 0 {
				t.Fatalf("a handler read a truncated body of %v bytes", f.seen.sizes)
			}
		})
	}
}

func TestBodyUnderTheLimitIsRead(t *testing.T) {
	t.Parallel()
	f := start(t)
	resp := f.do(t, req{method: http.MethodPost, path: "/", body: io.LimitReader(zeros{}, 10<<20)}) // exactly 10 MiB, chunked
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("status %d", resp.StatusCode)
	}
}

func TestBindJSON(t *testing.T) {
	t.Parallel()
	f := start(t)
	tests := []struct {
		name, body, ctype string
		status            int
		msg               string
	}{
		{"valid", `{"a":1}`, "application/json", http.StatusOK, ""},
		{"valid without content type", `{"a":1}`, "", http.StatusUnsupportedMediaType, "Content-Type must be application/json"},
		{"valid as text/plain", `{"a":1}`, "text/plain", http.StatusUnsupportedMediaType, "Content-Type must be application/json"},
		{"valid as +json", `{"a":1}`, "application/vnd.api+json", http.StatusOK, ""},
		{"valid with charset", `{"a":1}`, "application/json; charset=utf-8", http.StatusOK, ""},
		{"syntax error", `{"a":}`, "application/json", http.StatusBadRequest, "malformed JSON at byte"},
		{"truncated", `{"a":1`, "application/json", http.StatusBadRequest, "ends too early"},
		{"empty", ``, "application/json", http.StatusBadRequest, "empty"},
		{"wrong type", `[1,2]`, "application/json", http.StatusBadRequest, "malformed JSON: the body must be an object, not an array"},
		{"two values", `{"a":1}{"b":2}`, "application/json", http.StatusBadRequest, "single JSON value"},
		{"trailing garbage", `{"a":1} x`, "application/json", http.StatusBadRequest, "single JSON value"},
		{"form content type", `a=1`, "application/x-www-form-urlencoded", http.StatusUnsupportedMediaType, "application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := withKey(nil)
			if tt.ctype != "" {
				h["Content-Type"] = tt.ctype
			}
			resp := f.do(t, req{method: http.MethodPost, path: "/admin/echo", body: strings.NewReader(tt.body), header: h})
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.msg != "" {
				if got := errorOf(t, resp); !strings.Contains(got, tt.msg) {
					t.Fatalf("error %q, want it to contain %q", got, tt.msg)
				}
			}
		})
	}
}

// TestJSONRoutesRequireJSONBodies: under /admin and /api every body must be declared JSON, a
// missing Content-Type included; a request without a body needs none. The key is checked first.
func TestJSONRoutesRequireJSONBodies(t *testing.T) {
	t.Parallel()
	f := start(t)
	tests := []struct {
		name, method, path, ctype, body string
		chunked                         bool
		noKey                           bool
		status                          int
	}{
		{"text/plain to admin", http.MethodPost, "/admin/bare", "text/plain", `{"a":1}`, false, false, 415},
		{"form to admin", http.MethodPost, "/admin/bare", "application/x-www-form-urlencoded", `a=1`, false, false, 415},
		{"missing type with a body", http.MethodPost, "/admin/bare", "", `{"a":1}`, false, false, 415},
		{"missing type with a chunked body", http.MethodPost, "/admin/bare", "", `{"a":1}`, true, false, 415},
		{"text/plain PUT", http.MethodPut, "/admin/bare", "text/plain", `{}`, false, false, 415},
		{"text/plain PATCH", http.MethodPatch, "/admin/bare", "text/plain", `{}`, false, false, 415},
		{"text/plain to api", http.MethodPut, "/api/bare", "text/plain", `{}`, false, false, 415},
		{"text/plain without the key", http.MethodPost, "/admin/bare", "text/plain", `{}`, false, true, 401},
		{"json", http.MethodPost, "/admin/bare", "application/json", `{"a":1}`, false, false, 200},
		{"json with charset, PATCH", http.MethodPatch, "/admin/bare", "application/json; charset=utf-8", `{}`, false, false, 200},
		{"+json, chunked", http.MethodPut, "/api/bare", "application/merge-patch+json", `{}`, true, false, 200},
		{"no body, no type", http.MethodPost, "/admin/bare", "", "", false, false, 200},
		{"no body, any type", http.MethodPost, "/admin/bare", "text/plain", "", false, false, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
				if tt.chunked {
					body = io.MultiReader(body) // unknown length: sent chunked
				}
			}
			hr, err := http.NewRequest(tt.method, f.url+tt.path, body)
			if err != nil {
				t.Fatal(err)
			}
			if !tt.noKey {
				hr.Header.Set("X-API-Key", testKey)
			}
			if tt.ctype != "" {
				hr.Header.Set("Content-Type", tt.ctype)
			}
			resp, err := f.client.Do(hr)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.status == http.StatusUnsupportedMediaType {
				if msg := errorOf(t, resp); msg != "Content-Type must be application/json for a request with a body" {
					t.Fatalf("error %q", msg)
				}
			}
		})
	}
}
