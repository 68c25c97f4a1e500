package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
)

// pending is a delivery being handled: the record under construction plus what it came with.
type pending struct {
	d     Delivery
	in    Inbound
	now   time.Time
	sigOK bool
	// claimGUID records d.DeliveryGUID as processed in the transaction that stores the delivery,
	// so a delivery whose record failed is not mistaken for a redelivery when GitHub sends it again.
	claimGUID bool
}

// begin starts the record of a delivery. orig is the stored delivery being replayed, or nil.
func (s *Service) begin(source string, in Inbound, orig *Delivery) *pending {
	now := s.now()
	p := &pending{in: in, now: now, d: Delivery{
		ID: db.NewID("whd-"), ReceivedAt: stamp(now), Source: source, RemoteIP: in.RemoteIP,
		PayloadSize: int64(len(in.Body)), Headers: redactHeaders(in.Header),
	}}
	p.d.Payload, p.d.PayloadTruncated = capPayload(in.Body)
	switch {
	case orig != nil:
		p.d.ReplayOf, p.d.Signature = orig.ID, SigReplay
	case source == SourceGeneric:
		p.d.Signature = SigNotRequired // until a trigger with a secret is reached
	case in.Header.Get(HeaderGitHubSignature) == "":
		p.d.Signature = SigMissing // until verified
	default:
		p.d.Signature = SigInvalid // until verified
	}
	return p
}

// finish records the delivery, announces it and returns the HTTP answer. An accepted delivery
// that cannot be recorded is answered 503 instead, so the sender retries: its runs may be queued
// already, but their dedup claims (committed with each run) make the retry skip them, while an
// answer of 200 would lose the delivery from the log and any run that failed with it.
func (s *Service) finish(ctx context.Context, p *pending, status int, outcome, detail string, body any) Result {
	res := p.settle(status, outcome, detail, body)
	if err := s.insertDelivery(ctx, p.d, p.claimGUID && status < 400); err != nil {
		s.log.ErrorContext(ctx, "record webhook delivery", "source", p.d.Source, "status", status, "err", err)
		if mustStore(status, outcome) {
			res.Status, res.Body, res.RetryAfter = http.StatusServiceUnavailable, ErrorBody{Error: msgNotStored}, RetryAfterSeconds
		}
		return res
	}
	s.announce(p, &res)
	return res
}

// settle completes the record with the answer and returns that answer.
func (p *pending) settle(status int, outcome, detail string, body any) Result {
	p.d.StatusCode, p.d.Outcome, p.d.Detail = status, outcome, detail
	if b, err := json.Marshal(body); err == nil {
		p.d.Response = string(b)
	}
	return Result{Status: status, Body: body, SignatureOK: p.sigOK}
}

// announce tells the UI about a recorded delivery.
func (s *Service) announce(p *pending, res *Result) {
	res.DeliveryID = p.d.ID
	row := p.d
	row.Headers, row.Payload, row.Response = map[string]string{}, "", ""
	normalizeLists(&row)
	s.em.Emit(events.WebhookDelivery, row)
}

// reject answers {"error": msg}.
func (s *Service) reject(ctx context.Context, p *pending, status int, msg string) Result {
	outcome := OutcomeRejected
	if status >= 500 {
		outcome = OutcomeError
	}
	return s.finish(ctx, p, status, outcome, msg, ErrorBody{Error: msg})
}

// decodeObject checks the content type and parses the body as a JSON object; when it is not
// one it returns the status (415 for another content type, as the admin API answers, else 400)
// and the message.
func decodeObject(in Inbound) (map[string]any, int, string) {
	ct := in.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return nil, http.StatusUnsupportedMediaType, "Content-Type must be application/json"
	}
	doc, err := DecodeJSON(in.Body)
	if err != nil {
		return nil, http.StatusBadRequest, fmt.Sprintf("invalid JSON body: %v", err)
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return nil, http.StatusBadRequest, "invalid JSON body: expected object"
	}
	return obj, 0, ""
}

// truthy follows JavaScript's idea of it, which is what Slack-style senders assume.
func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case json.Number:
		n, ok := reduceNumber(string(x))
		return !ok || n.digits != ""
	}
	return true
}
