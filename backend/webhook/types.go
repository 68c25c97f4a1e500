package webhook

import "net/http"

// Sources of a delivery.
const (
	SourceGeneric = "generic"
	SourceGitHub  = "github"
)

// Signature results recorded with a delivery.
const (
	SigValid        = "valid"        // verified against the configured secret
	SigInvalid      = "invalid"      // present but malformed or wrong
	SigMissing      = "missing"      // a secret is configured, the header is absent
	SigUnconfigured = "unconfigured" // GitHub: no secret configured, so nothing can be verified
	SigNotRequired  = "not_required" // generic: no matching trigger has a secret
	SigReplay       = "replay"       // a replay of a stored delivery, verified when it arrived
)

// Outcomes of a delivery, what the list screen filters on.
const (
	OutcomeDispatched = "dispatched" // at least one run queued
	OutcomeDuplicate  = "duplicate"  // every match was a duplicate (or a GitHub redelivery)
	OutcomeNoMatch    = "no_match"   // valid, but no trigger wanted it (or every run was refused)
	OutcomeIgnored    = "ignored"    // GitHub event no trigger listens to
	OutcomeChallenge  = "challenge"  // url_verification handshake answered
	OutcomePong       = "pong"       // GitHub ping
	OutcomeRejected   = "rejected"   // 4xx: bad signature, content type, JSON, missing fields
	OutcomeError      = "error"      // 5xx: our side failed (e.g. storage: 503, retry), or the GitHub secret is not set
)

// Skip codes say why a trigger did not run for a delivery.
const (
	SkipSignature = "signature" // its secret did not verify the body
	SkipSecret    = "secret"    // its secret could not be read
	SkipNoMatch   = "no_match"  // match path/value did not match
	SkipKeyword   = "keyword"   // the detection keyword is not in the text
	SkipRepo      = "repo"      // GitHub repository filter
	SkipEvent     = "event"     // GitHub event/action filter
	SkipRefused   = "refused"   // the engine refused the run (disabled, policy skip...)
	SkipError     = "error"     // the run could not be stored (the delivery is answered 503)
	SkipTooLarge  = "too_large" // the delivery's message is over the cap, so nothing ran
)

// Inbound is one HTTP delivery as the handlers see it, independent of Echo so it can be tested and
// replayed.
type Inbound struct {
	Header   http.Header
	Body     []byte
	RemoteIP string
}

// Result is what a handler answers: the status code, a JSON-able body and whether a signature was
// verified (the listener's rate limiter counts signed and unsigned deliveries separately).
type Result struct {
	Status      int
	Body        any
	SignatureOK bool
	DeliveryID  string // the recorded delivery, "" if recording failed
	RetryAfter  int    // seconds for the Retry-After header of a 503; 0 sends none
}

// Run is a run a delivery queued.
type Run struct {
	TriggerID   string `json:"triggerId"`
	ExecutionID string `json:"executionId"`
}

// Skip is a trigger that did not run, and why.
type Skip struct {
	TriggerID string `json:"triggerId"`
	Reason    string `json:"reason"`
	Code      string `json:"code"`
}

// ErrorBody is every error response: {"error": "..."}.
type ErrorBody struct {
	Error string `json:"error"`
}

// GenericResponse answers a generic delivery. Skipped lists only triggers that matched (or that
// a signature failure kept from matching); the full per-trigger story is in the delivery log.
type GenericResponse struct {
	Dispatched []Run    `json:"dispatched"`
	Duplicates []string `json:"duplicates"`
	Skipped    []Skip   `json:"skipped"`
}

// GitHubResponse answers a GitHub delivery.
type GitHubResponse struct {
	Message    string `json:"message"`
	ReviewID   string `json:"reviewId,omitempty"`
	DeliveryID string `json:"deliveryId,omitempty"` // X-GitHub-Delivery, on duplicates
	Runs       []Run  `json:"runs,omitempty"`
	Skipped    []Skip `json:"skipped,omitempty"`
}

// Delivery is one recorded delivery. List rows leave Headers and Payload empty.
type Delivery struct {
	ID               string            `json:"id"`
	ReceivedAt       string            `json:"receivedAt"`
	Source           string            `json:"source"` // generic | github
	Event            string            `json:"event"`
	Action           string            `json:"action"`
	Repo             string            `json:"repo"`
	DeliveryGUID     string            `json:"deliveryGuid"`
	RemoteIP         string            `json:"remoteIp"`
	Signature        string            `json:"signature"`
	StatusCode       int               `json:"statusCode"`
	Outcome          string            `json:"outcome"`
	Detail           string            `json:"detail"`
	Runs             []Run             `json:"runs"`
	Duplicates       []string          `json:"duplicates"`
	Skipped          []Skip            `json:"skipped"`
	SignedTriggers   []string          `json:"signedTriggers"`
	PayloadSize      int64             `json:"payloadSize"`
	PayloadTruncated bool              `json:"payloadTruncated"`
	ReplayOf         string            `json:"replayOf"`
	Headers          map[string]string `json:"headers"`  // redacted; Get only
	Payload          string            `json:"payload"`  // raw body (capped); Get only
	Response         string            `json:"response"` // the JSON answered; Get only
}

// DeliveryFilter selects deliveries for the list screen.
type DeliveryFilter struct {
	Source  string `json:"source"`  // "" | generic | github
	Outcome string `json:"outcome"` // "" | one of the Outcome constants
	Limit   int    `json:"limit"`   // default 50, max 500
	Offset  int    `json:"offset"`
}

// DeliveryPage is one page of deliveries, newest first.
type DeliveryPage struct {
	Deliveries []Delivery `json:"deliveries"`
	Total      int        `json:"total"`
}

// Example shows how to call a trigger's webhook. It never contains a secret: the signing
// command reads it from $SECRET (or $GITHUB_WEBHOOK_SECRET).
type Example struct {
	URL         string            `json:"url"`
	Headers     map[string]string `json:"headers"`
	Body        string            `json:"body"`        // pretty-printed sample payload
	Curl        string            `json:"curl"`        // ready-to-paste shell snippet
	SignCommand string            `json:"signCommand"` // "" when no signature is needed
	HasSecret   bool              `json:"hasSecret"`
	Notes       []string          `json:"notes"`
}
