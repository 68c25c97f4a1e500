package chaos

import (
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// apiWindow is the span of the per-IP limit on /admin and /api; the spraying must fit in it.
const apiWindow = time.Minute

// TestFilledRateLimitTable sprays unauthenticated /admin requests from more distinct client
// addresses than the limiter tracks (65,536), through a trusted proxy that names a new client
// in X-Forwarded-For each time, all within one limiter window. Then a client nobody has seen
// sends the valid key. Bounded tracking may forget strangers, but it must not refuse that
// client: whoever fills the table must not lock everyone else out.
func TestFilledRateLimitTable(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOpts{env: []string{"AGENTED_TRUSTED_PROXIES=127.0.0.1"}})
	const strangers = 1<<16 + 1000
	const workers = 8

	start := time.Now()
	var next atomic.Int64
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := &http.Client{Transport: transportFrom(nil), Timeout: time.Minute}
			defer h.CloseIdleConnections()
			local := map[int]int{}
			for {
				i := next.Add(1) - 1
				if i >= strangers {
					break
				}
				req, _ := http.NewRequest("GET", s.base+"/admin/triggers", nil)
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", byte(i>>16), byte(i>>8), byte(i)))
				resp, err := h.Do(req)
				if err != nil {
					local[-1]++
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				local[resp.StatusCode]++
			}
			mu.Lock()
			for k, v := range local {
				statuses[k] += v
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	sprayed := time.Since(start)
	tried(t, "%d requests without a key from %d distinct X-Forwarded-For addresses via trusted proxy 127.0.0.1 in %s: statuses %v",
		strangers, strangers, sprayed.Round(time.Millisecond), statuses)
	if statuses[-1] > 0 {
		s.failf("%d spray requests failed at the transport level", statuses[-1])
	}

	// A new client: its own TCP peer address, not a proxy, never seen before.
	code, hdr, body := s.doWith(&http.Client{Transport: transportFrom(freshSource())}, "GET", "/admin/triggers", nil,
		map[string]string{"X-API-Key": apiKey})
	// And a new client behind the proxy.
	code2, hdr2, body2 := s.doWith(s.plain, "GET", "/admin/triggers", nil,
		map[string]string{"X-API-Key": apiKey, "X-Forwarded-For": "192.0.2.77"})
	elapsed := time.Since(start)
	tried(t, "then the valid key from an unseen peer address and from an unseen forwarded address, %s after the spray began",
		elapsed.Round(time.Millisecond))
	if elapsed > apiWindow-5*time.Second {
		t.Fatalf("the spray took %s, too close to the %s window to prove the table was full at the end; the machine is too busy for this case",
			elapsed, apiWindow)
	}
	if code != http.StatusOK || code2 != http.StatusOK {
		s.failf("valid key after the spray: direct client %d (Retry-After %q) %.200s; proxied client %d (Retry-After %q) %.200s; want 200 for both",
			code, hdr.Get("Retry-After"), body, code2, hdr2.Get("Retry-After"), body2)
	}
	s.mustBeHealthy()
	survived(t, "valid key answered %d (direct) and %d (proxied) while the table was full; RSS %d MiB", code, code2, s.rssKiB()>>10)
}
