package pullrequest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/trigger"
)

// Outcome is what Receive did with a pull request's head SHA.
type Outcome struct {
	PullRequestID string
	ExecutionID   string // the queued run; "" when none
	Status        string // queued | waiting approval | skipped; "" for a duplicate
	Duplicate     bool   // this head SHA was already seen by the trigger (the other path got there first)
	Reason        string // why no run was queued
}

// errDuplicateHead aborts the transaction of a head SHA someone else claimed meanwhile.
var errDuplicateHead = errors.New("head SHA already seen")

// trustedAssociations may run a review without approval.
var trustedAssociations = []string{"OWNER", "MEMBER", "COLLABORATOR"}

// Trusted reports whether safe mode lets t run a pull request without approval, and why not.
func Trusted(t trigger.Trigger, in Incoming) (bool, string) {
	if t.GitHubTrustAllAuthors {
		return true, ""
	}
	allowed := slices.ContainsFunc(t.GitHubAllowAuthors, func(a string) bool { return strings.EqualFold(a, in.Author) })
	switch {
	case in.Fork && !allowed:
		return false, fmt.Sprintf("from a fork by %s", in.Author)
	case allowed || slices.Contains(trustedAssociations, strings.ToUpper(in.Association)):
		return true, ""
	}
	assoc := in.Association
	if assoc == "" {
		assoc = "unknown"
	}
	return false, fmt.Sprintf("%s is not an owner, member or collaborator (association %s) and not on the trigger's allowed authors", in.Author, assoc)
}

// Receive handles one sighting of a pull request by trigger t: it records the pull request and,
// unless t already saw this head SHA, either queues a review or holds it for approval. A head SHA
// t refused only because it was disabled or paused counts as not seen yet, so it goes through here
// again once t is back. claim, when set, runs in the transaction that stores the run (a webhook's
// delivery claim).
func (s *Service) Receive(ctx context.Context, t trigger.Trigger, in Incoming, claim func(context.Context, *sql.Tx) error) (Outcome, error) {
	if in.Repo == "" || in.Number <= 0 || in.HeadSHA == "" {
		return Outcome{}, fmt.Errorf("%w: a pull request needs its repository, number and head SHA", ErrBadInput)
	}
	now := s.now()
	id, err := upsert(ctx, s.d.DB.Writer, t.ID, in, now)
	if err != nil {
		return Outcome{}, err
	}
	out := Outcome{PullRequestID: id}
	row, seen, err := headOf(ctx, s.d.DB.Reader, id, in.HeadSHA)
	if err != nil {
		return out, err
	}
	f := fromNew
	switch {
	case seen && !row.retryable():
		out.Duplicate, out.Reason = true, "head "+short(in.HeadSHA)+" was already seen"
		return out, nil
	case seen && row.ReadOnly:
		// Approved before the trigger refused it: the approval stands, and so does its
		// read-only profile.
		return s.start(ctx, t, in, id, claim, fromSkipped, true)
	case seen:
		f = fromSkipped
	}
	if ok, why := Trusted(t, in); !ok {
		return s.hold(ctx, t, in, id, why, f)
	}
	return s.start(ctx, t, in, id, claim, f, false)
}

// hold records a head SHA that waits for approval and tells the user.
func (s *Service) hold(ctx context.Context, t trigger.Trigger, in Incoming, id, why string, f from) (Outcome, error) {
	out := Outcome{PullRequestID: id}
	now := s.now()
	err := s.d.DB.Tx(ctx, func(tx *sql.Tx) error {
		ok, err := take(ctx, tx, f, id, in.HeadSHA, headRow{Status: StatusWaiting, Source: in.Source}, now)
		if err != nil {
			return err
		}
		if !ok {
			return errDuplicateHead
		}
		return setStatus(ctx, tx, id, in.HeadSHA, StatusWaiting, "", now)
	})
	if errors.Is(err, errDuplicateHead) {
		out.Duplicate, out.Reason = true, "head "+short(in.HeadSHA)+" was already seen"
		return out, nil
	}
	if err != nil {
		return out, err
	}
	out.Status, out.Reason = StatusWaiting, "safe mode: "+why
	s.log.InfoContext(ctx, "pull request waits for approval", "trigger_id", t.ID, "repo", in.Repo, "number", in.Number, "reason", why)
	events.Notify(s.d.Emitter, events.Notification{
		Kind: events.KindPRApproval, Level: events.LevelWarning,
		Title:   fmt.Sprintf("%s#%d waits for approval", in.Repo, in.Number),
		Message: fmt.Sprintf("%s will not review %q until someone approves it in Pull requests: it is %s.", t.Name, in.Title, why),
	})
	s.changed()
	return out, nil
}

// skipCause says whether a refused run waits for its trigger to come back (SkipDisabled,
// SkipPaused) or stays skipped ("": busy under the skip policy, prompt too large, ...).
func skipCause(err error) string {
	switch {
	case errors.Is(err, execution.ErrDisabled):
		return SkipDisabled
	case errors.Is(err, execution.ErrPaused):
		return SkipPaused
	}
	return ""
}

// start queues the review of a head SHA, taking over its history row as f says. readOnly forces
// the read-only permission profile.
func (s *Service) start(ctx context.Context, t trigger.Trigger, in Incoming, id string, claim func(context.Context, *sql.Tx) error,
	f from, readOnly bool) (Outcome, error) {
	out := Outcome{PullRequestID: id}
	if readOnly {
		t.PermissionProfile = agent.ProfileReadOnly
	}
	req := execution.Request{TriggerID: t.ID, Kind: execution.KindGitHub, Message: in.message(), Values: in.values(),
		Claim: claim, Trigger: &t}
	p, prepErr := s.d.Runs.Prepare(ctx, req)
	now := s.now()
	if prepErr != nil {
		// The trigger refused the run (disabled, paused, busy under the skip policy, prompt too
		// large): the head SHA is recorded as skipped with the reason, so the row says why. A
		// disabled or paused trigger's head SHA is received again once the trigger is back.
		s.log.WarnContext(ctx, "pull request review not queued", "trigger_id", t.ID, "repo", in.Repo, "number", in.Number, "err", prepErr)
		row := headRow{Status: StatusSkipped, Source: in.Source, ReadOnly: readOnly, SkipCause: skipCause(prepErr)}
		txErr := s.d.DB.Tx(ctx, func(tx *sql.Tx) error {
			if ok, err := take(ctx, tx, f, id, in.HeadSHA, row, now); err != nil || !ok {
				return err
			}
			return setStatus(ctx, tx, id, in.HeadSHA, StatusSkipped, prepErr.Error(), now)
		})
		s.changed()
		out.Status, out.Reason = StatusSkipped, prepErr.Error()
		return out, errors.Join(prepErr, txErr)
	}
	err := s.d.DB.Tx(ctx, func(tx *sql.Tx) error {
		row := headRow{ExecutionID: p.ID(), Status: StatusQueued, Source: in.Source, ReadOnly: readOnly}
		if ok, err := take(ctx, tx, f, id, in.HeadSHA, row, now); err != nil {
			return err
		} else if !ok {
			return errDuplicateHead
		}
		if err := p.Store(ctx, tx); err != nil {
			return err
		}
		return setStatus(ctx, tx, id, in.HeadSHA, StatusQueued, "", now)
	})
	if errors.Is(err, errDuplicateHead) {
		out.Duplicate, out.Reason = true, "head "+short(in.HeadSHA)+" was already seen"
		return out, nil
	}
	if err != nil {
		return out, err
	}
	p.Queued(ctx)
	s.log.InfoContext(ctx, "pull request review queued", "trigger_id", t.ID, "repo", in.Repo, "number", in.Number,
		"head", short(in.HeadSHA), "execution_id", p.ID(), "source", in.Source, "read_only", readOnly)
	s.changed()
	out.ExecutionID, out.Status = p.ID(), StatusQueued
	return out, nil
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}
