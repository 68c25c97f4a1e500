package webhook

import (
	"context"
	"net/http"
)

// RetryAfterSeconds is the Retry-After sent with a 503: long enough for a locked or briefly full
// store to recover, short enough that a sender honouring it retries well inside DedupWindow, so
// the runs that were stored are recognised as duplicates instead of running twice.
const RetryAfterSeconds = 5

// msgNotStored is the 503 answer when the delivery or one of its runs could not be written.
const msgNotStored = "the delivery could not be stored; retry later (runs already queued for it are not queued twice)"

// unavailable answers 503 with Retry-After: the event was not (fully) stored, and answering
// 200 would make the sender drop it. Recording the delivery is still attempted, since the
// failure may concern only one run.
func (s *Service) unavailable(ctx context.Context, p *pending, msg string) Result {
	res := s.finish(ctx, p, http.StatusServiceUnavailable, OutcomeError, msg, ErrorBody{Error: msg})
	res.RetryAfter = RetryAfterSeconds
	return res
}

// notStored counts the runs refused by a storage failure rather than by a policy: those a
// retry can still queue.
func notStored(skipped []Skip) int {
	n := 0
	for _, sk := range skipped {
		if sk.Code == SkipError {
			n++
		}
	}
	return n
}

// mustStore says whether an answer is only true once the delivery is recorded: anything the
// sender will not send again. A challenge or ping carries no event, and a refused delivery
// (4xx) stays refused on a retry, so those keep their answer when the log cannot be written.
func mustStore(status int, outcome string) bool {
	return status < 400 && outcome != OutcomeChallenge && outcome != OutcomePong
}
