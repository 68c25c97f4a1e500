package webhook

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/trigger"
)

// GitHub delivery headers.
const (
	HeaderGitHubEvent    = "X-GitHub-Event"
	HeaderGitHubDelivery = "X-GitHub-Delivery"
)

const maxGUIDLen = 200

// HandleGitHub handles a delivery to POST /api/webhooks/github. Like HandleGeneric
// it keeps going if the sender hangs up.
func (s *Service) HandleGitHub(ctx context.Context, in Inbound) Result {
	return s.github(context.WithoutCancel(ctx), in, nil)
}

// github is HandleGitHub and, with orig set, Replay of a GitHub delivery: a replay skips the
// signature (checked when it arrived; Replay refuses deliveries that failed it) and the
// X-GitHub-Delivery dedup, which would otherwise swallow it.
func (s *Service) github(ctx context.Context, in Inbound, orig *Delivery) Result {
	p := s.begin(SourceGitHub, in, orig)
	p.d.Event = strings.TrimSpace(in.Header.Get(HeaderGitHubEvent))
	p.d.DeliveryGUID = strings.TrimSpace(in.Header.Get(HeaderGitHubDelivery))
	if len(in.Body) > MaxBodyBytes {
		return s.reject(ctx, p, http.StatusRequestEntityTooLarge, "payload too large (limit 10 MiB)")
	}
	if orig == nil {
		if res, ok := s.githubSignature(ctx, p); !ok {
			return res
		}
	}
	switch {
	case p.d.Event == "":
		return s.reject(ctx, p, http.StatusBadRequest, "missing "+HeaderGitHubEvent+" header")
	case len(p.d.DeliveryGUID) > maxGUIDLen:
		return s.reject(ctx, p, http.StatusBadRequest, "invalid "+HeaderGitHubDelivery+" header")
	case p.d.Event == "ping":
		return s.finish(ctx, p, http.StatusOK, OutcomePong, "ping answered", GitHubResponse{Message: "pong"})
	}
	obj, status, msg := decodeObject(in)
	if obj == nil {
		if strings.HasPrefix(in.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
			msg += " (set the webhook's content type to application/json in GitHub)"
		}
		return s.reject(ctx, p, status, msg)
	}
	p.d.Action, _ = obj["action"].(string)
	if repo, ok := Lookup(obj, "repository.full_name"); ok {
		p.d.Repo, _ = repo.(string)
	}
	if orig == nil && p.d.DeliveryGUID != "" {
		seen, err := s.processedBefore(ctx, p.d.DeliveryGUID)
		if err != nil {
			s.log.ErrorContext(ctx, "github delivery dedup", "err", err)
			return s.unavailable(ctx, p, msgNotStored)
		}
		if seen {
			s.log.InfoContext(ctx, "github redelivery ignored", "delivery", p.d.DeliveryGUID, "event", p.d.Event)
			return s.finish(ctx, p, http.StatusOK, OutcomeDuplicate, "delivery "+p.d.DeliveryGUID+" was already processed",
				GitHubResponse{Message: "duplicate delivery", DeliveryID: p.d.DeliveryGUID})
		}
		// Recorded with the delivery only if it is answered below 400: a refused or failed
		// delivery stays open for GitHub's "Redeliver" once the cause is fixed.
		p.claimGUID = true
	}
	return s.githubEvent(ctx, p, obj)
}

// githubSignature verifies X-Hub-Signature-256 before anything else is looked at. No configured
// secret rejects everything: an unverifiable delivery must not start a run.
func (s *Service) githubSignature(ctx context.Context, p *pending) (Result, bool) {
	sec, _, err := s.secrets.Get(secret.GitHubWebhookSecretName())
	if err != nil || sec == "" {
		p.d.Signature = SigUnconfigured
		why := "no GitHub webhook secret is configured"
		if err != nil && !errors.Is(err, secret.ErrNotFound) {
			why = "the GitHub webhook secret could not be read from the keyring"
		}
		s.log.WarnContext(ctx, "github delivery rejected", "reason", why,
			"fix", "set the secret in Settings → Listener, or the GITHUB_WEBHOOK_SECRET environment variable",
			"err", err, "remote_ip", p.in.RemoteIP)
		return s.reject(ctx, p, http.StatusServiceUnavailable, "GitHub webhook secret is not configured on this server"), false
	}
	p.d.Signature = SignatureStatus([]byte(sec), p.in.Body, p.in.Header.Get(HeaderGitHubSignature))
	if p.d.Signature != SigValid {
		s.log.WarnContext(ctx, "github delivery rejected", "reason", "signature "+p.d.Signature, "remote_ip", p.in.RemoteIP,
			"event", p.in.Header.Get(HeaderGitHubEvent))
		return s.reject(ctx, p, http.StatusUnauthorized, "invalid signature"), false
	}
	p.sigOK = true
	return Result{}, true
}

// ghTrigger is a GitHub trigger with its parsed event filter.
type ghTrigger struct {
	t      trigger.Trigger
	filter EventFilter
	err    error
}

// githubEvent dispatches a verified, parsed, first-seen delivery.
func (s *Service) githubEvent(ctx context.Context, p *pending, obj map[string]any) Result {
	list, err := s.triggers.ListBySource(ctx, trigger.SourceGitHub)
	if err != nil {
		s.log.ErrorContext(ctx, "list github triggers", "err", err)
		return s.unavailable(ctx, p, msgNotStored)
	}
	event, action := p.d.Event, p.d.Action
	triggers := make([]ghTrigger, 0, len(list))
	wanted := false
	for _, t := range list {
		f, err := ParseEventFilter(t.GitHubEvents)
		triggers = append(triggers, ghTrigger{t: t, filter: f, err: err})
		wanted = wanted || (err == nil && f.Allows(event, action))
	}
	resp := GitHubResponse{}
	var values trigger.Values
	var message string
	var pr pullRequest
	if event == "pull_request" {
		if pr, err = extractPR(obj); err != nil {
			return s.reject(ctx, p, http.StatusBadRequest, err.Error())
		}
		values, message = pr.values(), pr.message(action)
	} else {
		values, message = eventValues(obj, event, action)
	}
	// Checked before the review record is written, which stores the title too.
	limit := s.messageCap()
	if tl, over := overCap(limit, valueTexts("", values, message)); over {
		var wantedBy []string
		for _, gt := range triggers {
			if gt.err == nil && gt.filter.Allows(event, action) && RepoMatches(gt.t.GitHubRepoFilter, p.d.Repo) {
				wantedBy = append(wantedBy, gt.t.ID)
			}
		}
		return s.rejectTooLarge(ctx, p, tl, limit, wantedBy)
	}
	if event == "pull_request" {
		if resp.ReviewID, err = s.upsertReview(ctx, pr, action, p.now); err != nil {
			s.log.ErrorContext(ctx, "record pull request", "err", err)
			return s.unavailable(ctx, p, msgNotStored)
		}
	}
	if !wanted {
		// Outcome "ignored": no trigger's event filter takes this event/action (a closed PR with
		// the default filters, a push nobody listens to).
		resp.Message = ignoredMessage(event, action)
		if event == "pull_request" {
			resp.Message = "no trigger matched"
		}
		return s.finish(ctx, p, http.StatusOK, OutcomeIgnored, ignoredMessage(event, action)+" by every trigger's event filter", resp)
	}
	for _, gt := range triggers {
		s.githubTrigger(ctx, p, gt, obj, message, values)
	}
	if n := notStored(p.d.Skipped); n > 0 {
		// Some run could not be stored: 503, so the delivery shows as failed and "Redeliver"
		// (or a retrying proxy) sends it again; the per-trigger claims of the runs that were
		// stored make that retry run only the others.
		return s.unavailable(ctx, p, fmt.Sprintf("%d of %d run(s) could not be stored; retry the delivery "+
			"(the %d run(s) already queued are not queued twice)", n, n+len(p.d.Runs), len(p.d.Runs)))
	}
	held := 0
	for _, sk := range p.d.Skipped {
		// The sender learns what needs a person: a refusal, an error, or safe mode's hold.
		if sk.Code == SkipRefused || sk.Code == SkipError || sk.Code == SkipApproval {
			resp.Skipped = append(resp.Skipped, sk)
		}
		if sk.Code == SkipApproval {
			held++
		}
	}
	resp.Runs = orEmpty(p.d.Runs)
	detail := fmt.Sprintf("%s %s on %s: %d run(s) queued", event, action, p.d.Repo, len(p.d.Runs))
	if len(p.d.Runs) == 0 && len(p.d.Duplicates) > 0 {
		// A second attempt at a delivery whose runs were all stored the first time.
		return s.finish(ctx, p, http.StatusOK, OutcomeDuplicate, detail+", every matching trigger already ran for delivery "+
			p.d.DeliveryGUID, GitHubResponse{Message: "duplicate delivery", DeliveryID: p.d.DeliveryGUID})
	}
	if len(p.d.Runs) == 0 {
		resp.Message = "no trigger matched"
		if held > 0 {
			resp.Message = "pull request waits for approval (safe mode)"
			detail += fmt.Sprintf(", %d held for approval", held)
		}
		return s.finish(ctx, p, http.StatusOK, OutcomeNoMatch, detail, resp)
	}
	resp.Message = "event processed"
	if event == "pull_request" {
		resp.Message = "PR event processed"
	}
	return s.finish(ctx, p, http.StatusAccepted, OutcomeDispatched, detail, resp)
}

// githubTrigger applies one trigger's filters (repository glob, event/action) and queues its run.
func (s *Service) githubTrigger(ctx context.Context, p *pending, gt ghTrigger, obj map[string]any, message string, values trigger.Values) {
	t := gt.t
	skip := func(code, reason string) {
		p.d.Skipped = append(p.d.Skipped, Skip{TriggerID: t.ID, Reason: reason, Code: code})
	}
	switch {
	case gt.err != nil:
		s.log.WarnContext(ctx, "github trigger has an invalid event filter", "trigger_id", t.ID, "err", gt.err)
		skip(SkipEvent, gt.err.Error())
		return
	case !gt.filter.Allows(p.d.Event, p.d.Action):
		skip(SkipEvent, ignoredMessage(p.d.Event, p.d.Action)+" by its event filter")
		return
	case !RepoMatches(t.GitHubRepoFilter, p.d.Repo):
		skip(SkipRepo, fmt.Sprintf("repository %q does not match %q", p.d.Repo, t.GitHubRepoFilter))
		return
	}
	req := execution.Request{TriggerID: t.ID, Kind: execution.KindGitHub, Message: message, Values: values}
	if p.claimGUID {
		req.Claim = claimRunFunc(t.ID, p.d.DeliveryGUID, p.now)
	}
	if s.prs != nil && p.d.Event == "pull_request" && reviewActions[p.d.Action] {
		s.githubPullRequest(ctx, p, t, obj, req.Claim)
		return
	}
	ex, err := s.dispatch.Submit(ctx, req)
	if errors.Is(err, errDuplicatePayload) {
		s.log.InfoContext(ctx, "github redelivery skipped for trigger", "trigger_id", t.ID, "delivery", p.d.DeliveryGUID)
		p.d.Duplicates = append(p.d.Duplicates, t.ID)
		return
	}
	if err != nil {
		code, reason := submitSkip(err)
		s.log.WarnContext(ctx, "github run not queued", "trigger_id", t.ID, "err", err)
		skip(code, reason)
		return
	}
	s.log.InfoContext(ctx, "github run queued", "trigger_id", t.ID, "execution_id", ex.ID, "event", p.d.Event,
		"action", p.d.Action, "repo", p.d.Repo)
	p.d.Runs = append(p.d.Runs, Run{TriggerID: t.ID, ExecutionID: ex.ID})
}

// eventValues fills a non-PR event's run: the repository placeholders and a message in the same
// line-per-field shape as a PR's.
func eventValues(obj map[string]any, event, action string) (trigger.Values, string) {
	str := func(path string) string {
		v, _ := Lookup(obj, path)
		s, _ := v.(string)
		return s
	}
	repo := str("repository.full_name")
	msg := fmt.Sprintf("GitHub event: %s\nAction: %s\nRepository: %s\nSender: %s", event, action, repo, str("sender.login"))
	return trigger.Values{"repo_url": str("repository.html_url"), "repo_full_name": repo}, msg
}

func ignoredMessage(event, action string) string {
	if action == "" {
		return fmt.Sprintf("event '%s' ignored", event)
	}
	return fmt.Sprintf("event '%s' action '%s' ignored", event, action)
}
