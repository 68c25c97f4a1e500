package bindings

import (
	"errors"

	"github.com/agented/agented/backend/validation"
)

// ErrorPayload is what an error returned by a bound method becomes in the UI: Wails rejects the
// call's promise with it (FormatError is the app's ErrorFormatter), and the TypeScript bridge
// (frontend/src/bridge/call.ts) turns it into an Error, or a FieldError when Fields is set.
// Field messages travel as they are, so any character in them (";", ":") reaches the form.
type ErrorPayload struct {
	Message string            `json:"message"`           // the error's text, for a banner or a log
	Subject string            `json:"subject,omitempty"` // what was invalid: "trigger", "settings"...
	Fields  map[string]string `json:"fields,omitempty"`  // JSON field name → what is wrong with it
}

// FormatError is the Wails ErrorFormatter: every error becomes an ErrorPayload, and a validation
// error anywhere in the chain also carries its per-field messages.
func FormatError(err error) any {
	p := ErrorPayload{Message: err.Error()}
	var invalid *validation.Errors
	if errors.As(err, &invalid) && len(invalid.Fields) > 0 {
		p.Subject, p.Fields = invalid.Subject, invalid.Fields
	}
	return p
}
