package webhook

import (
	"context"
	"fmt"
	"net/http"
	"slices"
)

// DefaultMessageCap is the message cap when Deps.MessageCap is nil: 256 KiB, the Settings default.
const DefaultMessageCap = 256 << 10

// tooLarge is a text a delivery would put into a run that is over the message cap.
type tooLarge struct {
	triggerID string
	what      string // where the text comes from, e.g. "the message taken from msg.body"
	size      int
}

// messageCap returns the current cap in bytes, read at each delivery so a Settings change
// applies at once.
func (s *Service) messageCap() int {
	if s.msgCap == nil {
		return DefaultMessageCap
	}
	if n := s.msgCap(); n > 0 {
		return n
	}
	return DefaultMessageCap
}

// overCap reports the first text longer than limit bytes. Such a delivery is refused as a whole
// rather than cut: a cut message silently changes what the agent is asked to do, while a 413
// tells the sender, and the limit is a Setting a user who wants longer texts can raise.
func overCap(limit int, texts []tooLarge) (tooLarge, bool) {
	for _, t := range texts {
		if t.size > limit {
			return t, true
		}
	}
	return tooLarge{}, false
}

// tooLargeMessage is the 413 answer and the delivery's detail.
func tooLargeMessage(tl tooLarge, limit int) string {
	return fmt.Sprintf("%s is %s, over the %s cap (Settings → webhook message cap); nothing was run",
		tl.what, kib(tl.size), kib(limit))
}

// kib formats a size in KiB, rounded up so a size just over the cap never reads as equal to it.
func kib(n int) string { return fmt.Sprintf("%d KiB", (n+1023)/1024) }

// valueTexts lists a run's placeholder values and message for the cap check, in a fixed order
// so the answer names the same field every time.
func valueTexts(triggerID string, values map[string]string, message string) []tooLarge {
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]tooLarge, 0, len(keys)+1)
	for _, k := range keys {
		out = append(out, tooLarge{triggerID: triggerID, what: "the text taken from the payload for {" + k + "}", size: len(values[k])})
	}
	return append(out, tooLarge{triggerID: triggerID, what: "the message built from the payload", size: len(message)})
}

// rejectTooLarge answers 413 and records which trigger's text was over the cap; matched are the
// triggers that wanted the delivery and did not run because of it.
func (s *Service) rejectTooLarge(ctx context.Context, p *pending, tl tooLarge, limit int, matched []string) Result {
	msg := tooLargeMessage(tl, limit)
	for _, id := range matched {
		reason := msg
		if tl.triggerID != "" && id != tl.triggerID {
			reason = "not run: the delivery was refused because another matching trigger's message is over the cap"
		}
		p.d.Skipped = append(p.d.Skipped, Skip{TriggerID: id, Reason: reason, Code: SkipTooLarge})
	}
	s.log.WarnContext(ctx, "webhook delivery refused", "reason", msg, "trigger_id", tl.triggerID, "remote_ip", p.in.RemoteIP)
	return s.reject(ctx, p, http.StatusRequestEntityTooLarge, msg)
}
