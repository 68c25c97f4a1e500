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
// unless t already saw this head SHA, either queues a review or holds it for approval. claim,
// when set, runs in the transaction that stores the run (a webhook's delivery claim).
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
	if _, seen, err := runOf(ctx, s.d.DB.Reader, id, in.HeadSHA); err != nil {
		return out, err
	} else if seen {
		out.Duplicate, out.Reason = true, "head "+short(in.HeadSHA)+" was already seen"
		return out, nil
	}
	if ok, why := Trusted(t, in); !ok {
		return s.hold(ctx, t, in, id, why)
	}
	return s.start(ctx, t, in, id, claim, false)
}

// hold records a head SHA that waits for approval and tells the user.
func (s *Service) hold(ctx context.Context, t trigger.Trigger, in Incoming, id, why string) (Outcome, error) {
	out := Outcome{PullRequestID: id}
	now := s.now()
	err := s.d.DB.Tx(ctx, func(tx *sql.Tx) error {
		ok, err := claimHead(ctx, tx, id, in.HeadSHA, "", StatusWaiting, in.Source, false, now)
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

// start queues the review of a head SHA. readOnly forces the read-only permission profile.
func (s *Service) start(ctx context.Context, t trigger.Trigger, in Incoming, id string, claim func(context.Context, *sql.Tx) error, readOnly bool) (Outcome, error) {
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
		// large): the head SHA is recorded as skipped with the reason, so the row says why.
		s.log.WarnContext(ctx, "pull request review not queued", "trigger_id", t.ID, "repo", in.Repo, "number", in.Number, "err", prepErr)
		txErr := s.d.DB.Tx(ctx, func(tx *sql.Tx) error {
			if readOnly { // approved: the waiting row exists
				return markRun(ctx, tx, id, in.HeadSHA, "", StatusSkipped, readOnly, prepErr.Error(), now)
			}
			if ok, err := claimHead(ctx, tx, id, in.HeadSHA, "", StatusSkipped, in.Source, readOnly, now); err != nil || !ok {
				return err
			}
			return setStatus(ctx, tx, id, in.HeadSHA, StatusSkipped, prepErr.Error(), now)
		})
		s.changed()
		out.Status, out.Reason = StatusSkipped, prepErr.Error()
		return out, errors.Join(prepErr, txErr)
	}
	err := s.d.DB.Tx(ctx, func(tx *sql.Tx) error {
		if readOnly {
			// Approved: the head SHA's waiting row becomes its run, unless someone decided first.
			if err := markRun(ctx, tx, id, in.HeadSHA, p.ID(), StatusQueued, true, "", now); err != nil {
				return err
			}
		} else if ok, err := claimHead(ctx, tx, id, in.HeadSHA, p.ID(), StatusQueued, in.Source, false, now); err != nil {
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
