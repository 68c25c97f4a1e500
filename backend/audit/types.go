// Package audit records every change made to Agented, from the window or over the HTTP API: who
// made it (desktop, or the API key's name), in which request, what and on what, with a
// before/after diff whose secret fields are redacted. Entries are stored in SQLite and pruned
// with the runs' retention.
package audit

// Entry is one recorded change.
type Entry struct {
	ID        int64             `json:"id"`
	At        string            `json:"at"`
	Actor     string            `json:"actor"`
	RequestID string            `json:"requestId"`
	Action    string            `json:"action"` // domain.verb: trigger.update, apikey.create, execution.cancel
	Target    string            `json:"target"` // the id (or name) of what changed; "" for singletons
	Diff      map[string]Change `json:"diff"`   // changed top-level fields only
}

// Change is one field's value before and after; nil stands for "absent". Secret values read
// "[redacted]" on both sides, so the entry still shows that they changed.
type Change struct {
	Before any `json:"before"`
	After  any `json:"after"`
}

// Filter selects entries, newest first.
type Filter struct {
	Actor  string `json:"actor"`
	Action string `json:"action"` // exact, or a prefix ending in "." ("trigger." for every trigger action)
	Limit  int    `json:"limit"`  // 1..MaxLimit; 0 means DefaultLimit
	Offset int    `json:"offset"`
}

// Page is one page of entries and how many match in all.
type Page struct {
	Entries []Entry `json:"entries"`
	Total   int     `json:"total"`
}

// Paging bounds.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Desktop is the actor of changes made in the window.
const Desktop = "desktop"

// Redacted replaces a secret value in a diff.
const Redacted = "[redacted]"
