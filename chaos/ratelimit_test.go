//go:build unix

package chaos

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
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
	const conns = 4

	start := time.Now()
	statuses, err := spray(s.addr, strangers, conns)
	sprayed := time.Since(start)
	tried(t, "%d requests without a key from %d distinct X-Forwarded-For addresses via trusted proxy 127.0.0.1 in %s: statuses %v",
		strangers, strangers, sprayed.Round(time.Millisecond), statuses)
	if err != nil {
		s.failf("spray: %v", err)
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

// spray sends n GET /admin/triggers without a key, each naming another client in
// X-Forwarded-For (10.0.0.0, 10.0.0.1, ...), pipelined over conns keep-alive connections: the
// server still handles them one by one, but the client side costs almost nothing, so the whole
// spray fits in the limiter's window even on a busy machine. It returns the count per status.
func spray(addr string, n, conns int) (map[int]int, error) {
	var mu sync.Mutex
	statuses := map[int]int{}
	errs := make(chan error, conns)
	var wg sync.WaitGroup
	for w := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- func() error {
				conn, err := net.Dial("tcp", addr)
				if err != nil {
					return err
				}
				defer conn.Close()
				_ = conn.SetDeadline(time.Now().Add(2 * time.Minute))
				mine := 0
				go func() {
					bw := bufio.NewWriterSize(conn, 64<<10)
					for i := w; i < n; i += conns {
						fmt.Fprintf(bw, "GET /admin/triggers HTTP/1.1\r\nHost: %s\r\nX-Forwarded-For: 10.%d.%d.%d\r\n\r\n",
							addr, byte(i>>16), byte(i>>8), byte(i))
					}
					_ = bw.Flush()
				}()
				for i := w; i < n; i += conns {
					mine++
				}
				br := bufio.NewReaderSize(conn, 64<<10)
				local := map[int]int{}
				for range mine {
					resp, err := http.ReadResponse(br, nil)
					if err != nil {
						return fmt.Errorf("after %v responses: %w", local, err)
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
				return nil
			}()
		}()
	}
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		if err != nil {
			all = append(all, err)
		}
	}
	return statuses, errors.Join(all...)
}

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
