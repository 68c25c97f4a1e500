//go:build chaos

package chaos

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestXRealIPFromTrustedProxy sends 25 webhooks within a few seconds through a trusted proxy,
// each with a different X-Real-IP and no X-Forwarded-For. A header the configuration does not
// name must not make one sender look like 25: at most 20 may pass the 20-per-10-s limit.
func TestXRealIPFromTrustedProxy(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOpts{env: []string{"AGENTED_TRUSTED_PROXIES=127.0.0.1"}})
	start := time.Now()
	statuses := map[int]int{}
	var codes []string
	for i := range 25 {
		code, _, _ := s.doWith(s.plain, "POST", "/", []byte(fmt.Sprintf(`{"event":"nothing listens","n":%d}`, i)),
			map[string]string{"Content-Type": "application/json", "X-Real-IP": fmt.Sprintf("203.0.113.%d", i+1)})
		statuses[code]++
		codes = append(codes, fmt.Sprint(code))
	}
	took := time.Since(start)
	tried(t, "25 POST / in %s from trusted proxy 127.0.0.1 with X-Real-IP 203.0.113.1..25 and no X-Forwarded-For",
		took.Round(time.Millisecond))
	if took > 9*time.Second {
		t.Fatalf("25 requests took %s, longer than the 10 s window this case relies on", took)
	}
	passed := len(codes) - statuses[http.StatusTooManyRequests]
	if passed > 20 {
		s.failf("%d of 25 passed the 20-per-10-s limit (statuses in order: %s)", passed, strings.Join(codes, " "))
	}
	survived(t, "%d passed, %d refused with 429 (statuses in order: %s)", passed, statuses[http.StatusTooManyRequests], strings.Join(codes, " "))
}
