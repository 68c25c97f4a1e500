// Package webhook turns inbound deliveries (the generic JSON webhook and GitHub) into runs: it
// verifies signatures, matches triggers, deduplicates in SQLite, dispatches through the execution
// engine and records every delivery so it can be inspected and replayed.
package webhook

// SignatureOKKey is the echo.Context key a webhook handler sets to a bool once it has checked a
// signature. The listener's rate limiter reads it after the handler ran, so failed signatures and
// signed deliveries count against different per-IP ceilings.
const SignatureOKKey = "agented.signature_ok"
