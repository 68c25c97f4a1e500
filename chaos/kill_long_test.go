//go:build chaos && unix

package chaos

import "testing"

// TestKill9RepeatedBursts is the long form of TestKill9DuringWebhookBurst: four rounds of 600
// webhooks from 32 senders on one data directory, each killed at another point of its burst
// (very early, early, late, near the end), with a restart and the full check over every
// webhook sent so far after each round. Runs a kill left queued or running are recovered
// while the next burst arrives.
func TestKill9RepeatedBursts(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOpts{env: []string{"AGENTED_TRUSTED_PROXIES=127.0.0.1"}})
	trig := s.webhookTrigger("burst", "[fake:success] {message}")
	var all []burstRequest
	for round, killAfter := range []int64{5, 100, 450, 550} {
		all = append(all, burstAndKill(t, s, round, 600, 32, killAfter)...)
		s.restart()
		checkBurst(t, s, trig, all)
	}
}
