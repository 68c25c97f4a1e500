//go:build unix

package chaos

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestOversizedBodies sends 11 MiB bodies, announced by Content-Length and unannounced
// (chunked), to the public webhook and to the admin API. Each must be refused with 413 without
// the server buffering it, and the server must end up holding no connection and still serve.
func TestOversizedBodies(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOpts{})
	const size = 11 << 20
	tests := []struct {
		name, path string
		chunked    bool
		headers    []string
	}{
		{"webhook with Content-Length", "/", false, nil},
		{"webhook chunked", "/", true, nil},
		{"admin with Content-Length", "/admin/triggers", false, []string{"X-API-Key: " + apiKey}},
		{"admin chunked", "/admin/triggers", true, []string{"X-API-Key: " + apiKey}},
	}
	for _, tt := range tests {
		hdr := append([]string{"Content-Type: application/json"}, tt.headers...)
		// A JSON string that never ends before the limit: a decoder must read past 10 MiB
		// before it can find anything wrong, so only the body cap can refuse it early.
		var body io.Reader = io.MultiReader(strings.NewReader(`{"name":"`), io.LimitReader(filler{}, size-12), strings.NewReader(`"}`))
		if tt.chunked {
			hdr = append(hdr, "Transfer-Encoding: chunked")
			body = chunked(body)
		} else {
			hdr = append(hdr, fmt.Sprintf("Content-Length: %d", size))
		}
		res := rawRequest(s.addr, requestHead("POST", tt.path, s.addr, hdr...), body, time.Minute)
		tried(t, "%s: POST %s with an 11 MiB body", tt.name, tt.path)
		if res.err != nil || res.status != http.StatusRequestEntityTooLarge {
			s.failf("%s: got status %d (%v) %s, want 413", tt.name, res.status, res.err, res.body)
		}
		survived(t, "%s: answered %d %s", tt.name, res.status, res.body)
	}
	waitFor(t, 30*time.Second, "the server to close the refused connections", func() bool { return s.openConns() == 0 })
	s.mustBeHealthy()
	survived(t, "server alive, 0 connections held, RSS %d MiB", s.rssKiB()>>10)
}
