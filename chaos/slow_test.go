//go:build chaos && unix

package chaos

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"
)

// bodyTimeout is how long the listener gives a client to deliver a request body. It is not
// configurable, so this case waits it out and runs under `make chaos` only.
const bodyTimeout = 60 * time.Second

// TestSlowBodies opens many connections that announce a body and then trickle it one byte a
// second, some announcing less than 256 KiB and some more. Once the body timeout has passed,
// every one of them must have been answered or closed by the server, and the server must hold
// no connection: a trickling client may not pin a connection (and its goroutine) forever.
func TestSlowBodies(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOpts{})
	const perSize = 150
	sizes := []int{1000, 200 << 10, 1 << 20}
	type outcome struct {
		size   int
		status int   // the answer, 0 if none
		err    error // how reading ended without an answer
		at     time.Duration
	}
	start := time.Now()
	results := make(chan outcome, perSize*len(sizes))
	var conns []net.Conn
	var mu sync.Mutex
	for _, size := range sizes {
		for range perSize {
			// Each from its own address: from one address the webhook limit would refuse all
			// but 20 before their bodies were read, and the case would test the limiter.
			d := net.Dialer{Timeout: 10 * time.Second, LocalAddr: &net.TCPAddr{IP: freshSource()}}
			conn, err := d.Dial("tcp", s.addr)
			if err != nil {
				t.Fatalf("dial: %v", err)
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
			head := requestHead("POST", "/", s.addr, "Content-Type: application/json", fmt.Sprintf("Content-Length: %d", size))
			if _, err := conn.Write([]byte(head + "{")); err != nil {
				t.Fatalf("write head: %v", err)
			}
			go func() { // trickle until the server stops taking bytes
				for sent := 1; sent < size; sent++ {
					time.Sleep(time.Second)
					if _, err := conn.Write([]byte(" ")); err != nil {
						return
					}
				}
			}()
			go func() {
				resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
				o := outcome{size: size, err: err, at: time.Since(start)}
				if err == nil {
					o.status = resp.StatusCode
					resp.Body.Close()
				}
				results <- o
			}()
		}
	}
	t.Cleanup(func() {
		for _, c := range conns {
			c.Close()
		}
	})
	n := perSize * len(sizes)
	tried(t, "%d connections announcing bodies of %v bytes, trickling 1 byte/s", n, sizes)

	guard := time.After(bodyTimeout + 45*time.Second)
	answered, closed := map[int]int{}, map[int]int{}
	statuses := map[int]int{}
	var last time.Duration
	for got := 0; got < n; got++ {
		select {
		case o := <-results:
			if o.err == nil {
				answered[o.size]++
				statuses[o.status]++
			} else {
				closed[o.size]++
			}
			last = max(last, o.at)
		case <-guard:
			s.failf("after %s: %d of %d connections neither answered nor closed (answered %v, closed %v); the server holds %d connections",
				time.Since(start).Round(time.Second), n-got, n, answered, closed, s.openConns())
		}
	}
	// An answer may reach the client a moment before the server closes its side.
	held := s.openConns()
	for wait := time.Now().Add(15 * time.Second); held != 0 && time.Now().Before(wait); held = s.openConns() {
		time.Sleep(200 * time.Millisecond)
	}
	if held != 0 {
		s.failf("every client saw an answer or an end, yet 15 s later the server still holds %d connections", held)
	}
	s.mustBeHealthy()
	if statuses[http.StatusTooManyRequests] > 0 {
		s.failf("%d connections were refused by the rate limiter before their body was read; the case did not test slow bodies", statuses[http.StatusTooManyRequests])
	}
	survived(t, "all %d ended within %s (answered by size %v with statuses %v, closed without answer by size %v); server holds %d connections, RSS %d MiB",
		n, last.Round(time.Second), answered, statuses, closed, held, s.rssKiB()>>10)
}
