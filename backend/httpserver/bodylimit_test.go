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
		{"BindJSON, chunked", "/admin/echo", withKey(nil), func() io.Reader {
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
		{"valid without content type", `{"a":1}`, "", http.StatusOK, ""},
		{"valid with charset", `{"a":1}`, "application/json; charset=utf-8", http.StatusOK, ""},
		{"syntax error", `{"a":}`, "application/json", http.StatusBadRequest, "malformed JSON at byte"},
		{"truncated", `{"a":1`, "application/json", http.StatusBadRequest, "ends too early"},
		{"empty", ``, "application/json", http.StatusBadRequest, "empty"},
		{"wrong type", `[1,2]`, "application/json", http.StatusBadRequest, "must be"},
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
