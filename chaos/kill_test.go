//go:build unix

package chaos

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestKill9DuringRuns kills the server with SIGKILL while three runs are printing, and starts
// it again on the same data directory. Every run must be finished (not "running" forever) and
// report exactly the lines that were stored, in sequence with no gap; a new run must work.
func TestKill9DuringRuns(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOpts{})
	trig := s.createTrigger(map[string]any{"promptTemplate": "[fake:lines:100000:2000] {message}", "concurrencyPolicy": "parallel"})
	var ids []string
	for i := range 3 {
		ids = append(ids, s.runTrigger(trig, fmt.Sprintf("run %d", i)))
	}
	waitFor(t, time.Minute, "every run to store 200 lines", func() bool {
		for _, id := range ids {
			if s.execution(id).LineCount < 200 {
				return false
			}
		}
		return true
	})
	s.kill9()
	tried(t, "kill -9 while 3 runs print 2,000 lines/s, then restart on the same data directory")
	s.restart()
	var report []string
	for _, id := range ids {
		ex := s.waitFinished(id, time.Minute)
		n := s.checkCounts(ex)
		report = append(report, fmt.Sprintf("%s %s with %d lines", id, ex.Status, n))
	}
	warm := s.createTrigger(map[string]any{"promptTemplate": "[fake:success] {message}"})
	if ex := s.waitFinished(s.runTrigger(warm, "after the crash"), time.Minute); ex.Status != "success" {
		s.failf("a new run after the restart ended %q", ex.Status)
	}
	survived(t, "%v, each count equal to its stored contiguous lines; a new run succeeds", report)
}

// burstRequest is one webhook of a burst and what its sender saw.
type burstRequest struct {
	token  string
	status int    // 0: no answer (the server died first or mid-request)
	execID string // from a 202
}

// TestKill9DuringWebhookBurst sends 300 distinct webhooks from 16 concurrent senders and kills
// the server with SIGKILL in the middle. After a restart on the same data directory, every
// webhook answered 202 has exactly one run, the one its answer named; a webhook answered with
// anything else has none; and a webhook whose sender got no answer has at most one (it may have
// been stored just before the kill: the sender will retry, which is the normal at-least-once
// contract of webhooks). No other run exists.
func TestKill9DuringWebhookBurst(t *testing.T) {
	t.Parallel()
	// Senders come through a trusted proxy with their own X-Forwarded-For, as many distinct
	// senders would: the per-sender limit is not what this case is about.
	s := startServer(t, serverOpts{env: []string{"AGENTED_TRUSTED_PROXIES=127.0.0.1"}})
	trig := s.webhookTrigger("burst", "[fake:success] {message}")
	reqs := burstAndKill(t, s, 0, 300, 16, 60)
	s.restart()
	checkBurst(t, s, trig, reqs)
}

// burstAndKill sends total distinct webhooks to the "burst" trigger from senders concurrent
// senders and kills the server with SIGKILL once killAfter of them were answered 202. round
// keeps tokens and sender addresses of several rounds apart.
func burstAndKill(t *testing.T, s *server, round, total, senders int, killAfter int64) []burstRequest {
	t.Helper()
	reqs := make([]burstRequest, total)
	var next, accepted atomic.Int64
	killed := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	for w := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := &http.Client{Transport: transportFrom(nil), Timeout: 30 * time.Second}
			defer h.CloseIdleConnections()
			for {
				i := int(next.Add(1) - 1)
				if i >= total {
					return
				}
				r := &reqs[i]
				r.token = fmt.Sprintf("burst-%d-%04d-%d", round, i, time.Now().UnixNano())
				body := []byte(`{"event":"burst","text":"` + r.token + `"}`)
				req, _ := http.NewRequest("POST", s.base+"/", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", 77+round, w, i%250+1))
				resp, err := h.Do(req)
				if err != nil {
					continue
				}
				raw, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil {
					continue // the answer was cut off: the sender cannot know what happened
				}
				r.status = resp.StatusCode
				var ans struct {
					Dispatched []struct{ ExecutionID string } `json:"dispatched"`
				}
				if r.status == http.StatusAccepted && json.Unmarshal(raw, &ans) == nil && len(ans.Dispatched) == 1 {
					r.execID = ans.Dispatched[0].ExecutionID
					if accepted.Add(1) == killAfter {
						// Only the signal here: waiting and failing belong to the test goroutine.
						once.Do(func() { _ = syscall.Kill(-s.pid(), syscall.SIGKILL); close(killed) })
					}
				}
			}
		}()
	}
	wg.Wait()
	select {
	case <-killed:
		s.kill9()
	default:
		s.failf("only %d of %d webhooks were accepted; the burst ended before the kill", accepted.Load(), total)
	}
	answered := map[int]int{}
	for _, r := range reqs {
		answered[r.status]++
	}
	tried(t, "%d distinct webhooks from %d senders, kill -9 after the %dth 202; answers by status (0 = none): %v",
		total, senders, killAfter, answered)
	return reqs
}

// checkBurst checks, on the restarted server, the runs of trig against what the senders of
// reqs saw: a 202 has exactly its one run, any other answer none, no answer at most one, and
// no run belongs to nobody. Every run must then finish.
func checkBurst(t *testing.T, s *server, trig string, reqs []burstRequest) {
	t.Helper()
	runs := s.executions(trig)
	byToken := map[string][]execution{}
	for _, r := range reqs {
		byToken[r.token] = nil
	}
	for _, e := range runs {
		found := false
		for tok := range byToken {
			if strings.Contains(e.Message+e.Prompt, tok) {
				byToken[tok] = append(byToken[tok], e)
				found = true
				break
			}
		}
		if !found {
			s.failf("run %s (%q) belongs to no webhook that was sent", e.ID, e.Message)
		}
	}
	unanswered := 0
	for _, r := range reqs {
		got := byToken[r.token]
		switch {
		case r.execID != "":
			if len(got) != 1 || got[0].ID != r.execID {
				s.failf("webhook %s was answered 202 with run %s, but after the restart it has %d runs %v", r.token, r.execID, len(got), ids(got))
			}
		case r.status != 0:
			if len(got) != 0 {
				s.failf("webhook %s was answered %d, yet it has runs %v", r.token, r.status, ids(got))
			}
		default:
			if len(got) > 1 {
				s.failf("unanswered webhook %s has %d runs %v", r.token, len(got), ids(got))
			}
			unanswered += len(got)
		}
	}
	statuses := map[string]int{}
	for _, e := range runs {
		ex := s.waitFinished(e.ID, 2*time.Minute)
		statuses[ex.Status]++
	}
	s.mustBeHealthy()
	survived(t, "%d runs after the restart: every 202 has exactly its one run, no other answer has any, %d runs belong to webhooks whose answer was lost in the kill; final statuses %v",
		len(runs), unanswered, statuses)
}

func ids(list []execution) []string {
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = e.ID
	}
	return out
}
