// Package validation collects field-level validation messages. The UI does not parse the error
// text: bindings.FormatError sends Subject and Fields as they are, so a message may hold any
// character. Error() is for people and logs: "invalid <subject>: field: message; field: message".
package validation

import (
	"sort"
	"strings"
)

// Errors maps JSON field names to what is wrong with them.
type Errors struct {
	Subject string
	Fields  map[string]string
}

// New starts an empty set of errors about subject ("settings", "trigger", ...).
func New(subject string) *Errors { return &Errors{Subject: subject, Fields: map[string]string{}} }

// Add records a message for field; the first message per field wins.
func (e *Errors) Add(field, msg string) {
	if _, ok := e.Fields[field]; !ok {
		e.Fields[field] = msg
	}
}

// Err returns e when it holds a message and nil otherwise.
func (e *Errors) Err() error {
	if len(e.Fields) == 0 {
		return nil
	}
	return e
}

func (e *Errors) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+e.Fields[k])
	}
	return "invalid " + e.Subject + ": " + strings.Join(parts, "; ")
}
