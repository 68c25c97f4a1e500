package apikey

import (
	"errors"

	"github.com/agented/agented/backend/validation"
)

// Sentinel errors callers branch on with errors.Is.
var (
	// ErrNotFound: no key has that id.
	ErrNotFound = errors.New("api key not found")
	// ErrUnknownKey: the presented secret matches no key (never stored, or revoked).
	ErrUnknownKey = errors.New("invalid API key")
	// ErrNameTaken: another key already has that name (names are the audit log's actors).
	ErrNameTaken = errors.New("an API key with that name already exists")
)

// nameTakenError is the field-level validation error that also says "name taken", so HTTP can
// answer 409 while the form still shows the message under the name.
type nameTakenError struct{ *validation.Errors }

func (e nameTakenError) Is(target error) bool { return target == ErrNameTaken }
func (e nameTakenError) Unwrap() error        { return e.Errors }
