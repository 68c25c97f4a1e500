package webhook

import (
	"context"
	"database/sql"
	"errors"

	"github.com/agented/agented/backend/trigger"
)

// PullRequests reviews pull requests once per head SHA, holding untrusted authors' for approval
// (*pullrequest.Service). When set, the pull_request actions that ask for a review go through it
// instead of being submitted as plain runs, so a webhook and a poll of the same head SHA run once.
type PullRequests interface {
	ReceiveWebhook(ctx context.Context, t trigger.Trigger, payload map[string]any, action string,
		claim func(context.Context, *sql.Tx) error) (PullRequestResult, error)
}

// PullRequestResult is what PullRequests did with a delivery for one trigger.
type PullRequestResult struct {
	ExecutionID string // the queued review; "" when none
	Held        string // why it waits for approval (safe mode); "" when not held
	Duplicate   string // why it is a duplicate (the head SHA was already seen); "" when not
}

// Skip codes of pull requests that did not run.
const (
	SkipApproval = "approval"  // safe mode holds it until someone approves it
	SkipSeenHead = "seen_head" // this head SHA was already reviewed or is waiting
)

// reviewActions are the pull_request actions that ask for a review of the head SHA.
var reviewActions = map[string]bool{"opened": true, "synchronize": true, "reopened": true, "ready_for_review": true}

// githubPullRequest hands a pull request event to PullRequests for one trigger.
func (s *Service) githubPullRequest(ctx context.Context, p *pending, t trigger.Trigger, obj map[string]any,
	claim func(context.Context, *sql.Tx) error) {
	res, err := s.prs.ReceiveWebhook(ctx, t, obj, p.d.Action, claim)
	switch {
	case errors.Is(err, errDuplicatePayload):
		p.d.Duplicates = append(p.d.Duplicates, t.ID)
	case err != nil:
		code, reason := submitSkip(err)
		s.log.WarnContext(ctx, "github review not queued", "trigger_id", t.ID, "err", err)
		p.d.Skipped = append(p.d.Skipped, Skip{TriggerID: t.ID, Reason: reason, Code: code})
	case res.ExecutionID != "":
		p.d.Runs = append(p.d.Runs, Run{TriggerID: t.ID, ExecutionID: res.ExecutionID})
	case res.Held != "":
		p.d.Skipped = append(p.d.Skipped, Skip{TriggerID: t.ID, Reason: res.Held, Code: SkipApproval})
	default:
		p.d.Skipped = append(p.d.Skipped, Skip{TriggerID: t.ID, Reason: res.Duplicate, Code: SkipSeenHead})
	}
}
