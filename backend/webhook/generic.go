package webhook

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/trigger"
)

// HandleGeneric handles a delivery to POST /. Processing is detached from ctx's
// cancellation (its values, such as the request id, are kept): a sender that hangs up must not
// leave a delivery half dispatched and unrecorded. Whether the sender is still there is checked
// once more inside the transaction that would queue its runs: a delivery whose sender has gone
// starts nothing (it could not learn that it did, and would send it again).
func (s *Service) HandleGeneric(ctx context.Context, in Inbound) Result {
	return s.generic(context.WithoutCancel(ctx), ctx, in, nil)
}

// genericRun collects what happened to each webhook trigger.
type genericRun struct {
	runs    []Run
	dups    []string
	skipped []Skip
	signed  []string
	checked bool // some trigger required a signature
}

func (g *genericRun) skip(t trigger.Trigger, code, reason string) {
	g.skipped = append(g.skipped, Skip{TriggerID: t.ID, Reason: reason, Code: code})
}

// generic is HandleGeneric and, with orig set, Replay of a generic delivery: a replay skips the
// 10 s dedup (the user asked for it explicitly) and does not check signatures again, since the
// stored headers are redacted; a trigger with a secret runs only if the original delivery was
// verified for it (SignedTriggers).
//
// sender is the request's own context (nil for a replay): once it is done, no run is stored.
func (s *Service) generic(ctx, sender context.Context, in Inbound, orig *Delivery) Result {
	p := s.begin(SourceGeneric, in, orig)
	if len(in.Body) > MaxBodyBytes {
		return s.reject(ctx, p, http.StatusRequestEntityTooLarge, "payload too large (limit 10 MiB)")
	}
	obj, status, msg := decodeObject(in)
	if obj == nil {
		return s.reject(ctx, p, status, msg)
	}
	if obj["type"] == "url_verification" && truthy(obj["challenge"]) {
		return s.finish(ctx, p, http.StatusOK, OutcomeChallenge, "url_verification challenge answered",
			map[string]any{"challenge": obj["challenge"]})
	}
	triggers, err := s.triggers.ListBySource(ctx, trigger.SourceWebhook)
	if err != nil {
		s.log.ErrorContext(ctx, "list webhook triggers", "err", err)
		return s.unavailable(ctx, p, msgNotStored)
	}
	secured, err := s.securedTriggers(ctx)
	if err != nil {
		s.log.ErrorContext(ctx, "read trigger secret flags", "err", err)
		return s.unavailable(ctx, p, msgNotStored)
	}
	hash, err := Hash16(obj)
	if err != nil { // DecodeJSON only yields what Canonical accepts; kept for safety
		return s.reject(ctx, p, http.StatusBadRequest, "invalid JSON body: "+err.Error())
	}
	g := &genericRun{}
	var matched []matchedTrigger
	for _, t := range triggers {
		// ListBySource leaves HasWebhookSecret unset (no keyring call per delivery): the flag
		// rows SetTriggerSecret writes first are what says a signature is required.
		if m, ok := s.genericMatch(ctx, p, g, t, obj, secured[t.ID], orig); ok {
			matched = append(matched, m)
		}
	}
	// Every matching trigger's text is checked before any run is queued, so a delivery is either
	// refused as a whole or dispatched as a whole: never half run.
	limit := s.messageCap()
	texts := make([]tooLarge, 0, len(matched))
	ids := make([]string, 0, len(matched))
	for _, m := range matched {
		texts = append(texts, tooLarge{triggerID: m.t.ID, what: "the message taken from " + m.textPath, size: len(m.text)})
		ids = append(ids, m.t.ID)
	}
	if tl, over := overCap(limit, texts); over {
		g.record(p, in, orig)
		return s.rejectTooLarge(ctx, p, tl, limit, ids)
	}
	var runs []pendingRun
	for _, m := range matched {
		if r, ok := s.genericPrepare(ctx, p, g, m, hash, orig); ok {
			runs = append(runs, r)
		}
	}
	return s.commitGeneric(ctx, sender, p, g, runs, len(triggers), orig)
}

// genericAnswer is the answer to a generic delivery once every trigger's fate is known.
func (s *Service) genericAnswer(g *genericRun, triggers int) (status int, outcome, detail string, body any, retry bool) {
	resp := GenericResponse{Dispatched: orEmpty(g.runs), Duplicates: orEmpty(g.dups), Skipped: []Skip{}}
	for _, sk := range g.skipped {
		// The caller is unauthenticated: it learns about triggers its delivery reached, not about
		// every trigger's match rules. The delivery log has the full story.
		if sk.Code != SkipNoMatch && sk.Code != SkipKeyword {
			resp.Skipped = append(resp.Skipped, sk)
		}
	}
	detail = fmt.Sprintf("%d run(s) queued, %d duplicate(s), %d of %d trigger(s) skipped",
		len(g.runs), len(g.dups), len(g.skipped), triggers)
	if n := notStored(g.skipped); n > 0 {
		// Partial success is answered as a failure: the sender retries the whole delivery, and a
		// retry within DedupWindow (Retry-After is well inside it) finds the stored runs' dedup
		// keys, so only the triggers whose run failed are queued then. A sender that waits
		// longer may run those triggers again: a duplicate run is preferred to a lost event.
		msg := fmt.Sprintf("%d of %d run(s) could not be stored; retry the delivery "+
			"(the %d run(s) already queued are not queued twice within %s)", n, n+len(g.runs), len(g.runs), DedupWindow)
		return http.StatusServiceUnavailable, OutcomeError, msg, ErrorBody{Error: msg}, true
	}
	switch {
	case len(g.runs) > 0:
		return http.StatusAccepted, OutcomeDispatched, detail, resp, false
	case len(g.dups) > 0:
		return http.StatusAccepted, OutcomeDuplicate, detail, resp, false
	default:
		return http.StatusOK, OutcomeNoMatch, detail, resp, false
	}
}

// matchedTrigger is a trigger that wants a delivery, with the text it takes from it.
type matchedTrigger struct {
	t        trigger.Trigger
	text     string
	textPath string
}

// record copies what happened to each trigger into the delivery record.
func (g *genericRun) record(p *pending, in Inbound, orig *Delivery) {
	p.d.Runs, p.d.Duplicates, p.d.Skipped, p.d.SignedTriggers = g.runs, g.dups, g.skipped, g.signed
	if orig == nil {
		p.d.Signature = g.signatureSummary(in.Header.Get(HeaderWebhookSignature))
	}
}

// genericMatch runs the per-trigger checks in this order: signature, match,
// keyword. Dedup comes later, at dispatch, so a non-matching trigger never creates a key that
// would swallow a later, matching delivery.
func (s *Service) genericMatch(ctx context.Context, p *pending, g *genericRun, t trigger.Trigger,
	obj map[string]any, hasSecret bool, orig *Delivery,
) (matchedTrigger, bool) {
	if hasSecret {
		g.checked = true
		if !s.genericSignature(ctx, p, g, t, orig) {
			return matchedTrigger{}, false
		}
	}
	if t.MatchFieldPath != "" && t.MatchFieldValue != "" && !Matches(obj, t.MatchFieldPath, t.MatchFieldValue) {
		g.skip(t, SkipNoMatch, fmt.Sprintf("%s does not equal %s", t.MatchFieldPath, t.MatchFieldValue))
		return matchedTrigger{}, false
	}
	textPath := t.TextFieldPath
	if textPath == "" {
		textPath = "text"
	}
	text := Text(obj, textPath)
	if t.DetectionKeyword != "" && !strings.Contains(text, t.DetectionKeyword) {
		g.skip(t, SkipKeyword, fmt.Sprintf("keyword %q not found in %s", t.DetectionKeyword, textPath))
		return matchedTrigger{}, false
	}
	t.HasWebhookSecret = hasSecret
	return matchedTrigger{t: t, text: text, textPath: textPath}, true
}

// pendingRun is a matched trigger's run, ready to be stored with the delivery.
type pendingRun struct {
	t   trigger.Trigger
	run execution.Pending
}

// genericPrepare checks and renders a matched trigger's run; the dedup claim is stored with it.
func (s *Service) genericPrepare(ctx context.Context, p *pending, g *genericRun, m matchedTrigger, hash string, orig *Delivery) (pendingRun, bool) {
	// The trigger as listed for this delivery: the run starts from what was matched.
	req := execution.Request{TriggerID: m.t.ID, Kind: execution.KindWebhook, Message: m.text, Trigger: &m.t}
	if orig == nil {
		req.Claim = claimKeyFunc(m.t.ID, hash, p.now)
	}
	run, err := s.dispatch.Prepare(ctx, req)
	if err != nil {
		code, reason := submitSkip(err)
		s.log.WarnContext(ctx, "webhook run not queued", "trigger_id", m.t.ID, "err", err)
		g.skip(m.t, code, reason)
		return pendingRun{}, false
	}
	return pendingRun{t: m.t, run: run}, true
}

// genericSignature verifies X-Webhook-Signature-256 with the trigger's secret. A failure skips
// this trigger only; the others may not need a signature at all.
func (s *Service) genericSignature(ctx context.Context, p *pending, g *genericRun, t trigger.Trigger, orig *Delivery) bool {
	if orig != nil {
		if !slices.Contains(orig.SignedTriggers, t.ID) {
			g.skip(t, SkipSignature, "the original delivery was not verified with this trigger's secret")
			return false
		}
		g.signed = append(g.signed, t.ID)
		return true
	}
	sec, _, err := s.secrets.Get(secret.TriggerWebhookSecretName(t.ID))
	if err != nil {
		// Fail closed: a trigger that has a secret never runs unverified, even when the keyring
		// is locked.
		reason := "the trigger's webhook secret could not be read"
		if errors.Is(err, secret.ErrNotFound) {
			reason = "the trigger's webhook secret is missing from the keyring; set or clear it again"
		}
		s.log.WarnContext(ctx, "webhook trigger skipped", "trigger_id", t.ID, "reason", reason, "err", err)
		g.skip(t, SkipSecret, reason)
		return false
	}
	st := SignatureStatus([]byte(sec), p.in.Body, p.in.Header.Get(HeaderWebhookSignature))
	if st != SigValid {
		s.log.WarnContext(ctx, "webhook trigger skipped", "trigger_id", t.ID, "reason", "signature "+st, "remote_ip", p.in.RemoteIP)
		g.skip(t, SkipSignature, "signature "+st+" ("+HeaderWebhookSignature+")")
		return false
	}
	g.signed = append(g.signed, t.ID)
	return true
}

// signatureSummary is the delivery-level signature result shown in the log.
func (g *genericRun) signatureSummary(header string) string {
	switch {
	case !g.checked:
		return SigNotRequired
	case len(g.signed) > 0:
		return SigValid
	case strings.TrimSpace(header) == "":
		return SigMissing
	default:
		return SigInvalid
	}
}

// submitSkip classifies an engine refusal for the response.
func submitSkip(err error) (code, reason string) {
	switch {
	case errors.Is(err, execution.ErrDisabled), errors.Is(err, execution.ErrPaused), errors.Is(err, execution.ErrSkipped),
		errors.Is(err, execution.ErrShuttingDown):
		return SkipRefused, err.Error()
	case errors.Is(err, trigger.ErrNotFound):
		return SkipRefused, "trigger not found"
	case errors.Is(err, execution.ErrPromptTooLarge):
		// Not a storage fault: a retry would be refused the same way, so no 503.
		return SkipTooLarge, err.Error()
	default:
		return SkipError, "the run could not be queued"
	}
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
