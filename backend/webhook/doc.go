// Package webhook turns inbound deliveries (the generic JSON webhook and GitHub) into runs: it
// verifies signatures, matches triggers, deduplicates in SQLite, dispatches through the execution
// engine and records every delivery so it can be inspected and replayed.
package webhook
