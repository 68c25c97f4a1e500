package account

import (
	"errors"

	"github.com/agented/agented/backend/validation"
)

// Sentinel errors of the account service.
var (
	ErrNotFound = errors.New("account not found")
	// ErrNameTaken matches (errors.Is) the validation error of a duplicate name; HTTP maps it to 409.
	ErrNameTaken = errors.New("an account with this name already exists for this backend")
	// ErrWrongBackend: an account was named for a backend it does not belong to.
	ErrWrongBackend = errors.New("account belongs to another backend")
)

// nameTakenError is the field-level validation error that also says "name taken".
type nameTakenError struct{ *validation.Errors }

func (e nameTakenError) Is(target error) bool { return target == ErrNameTaken }
func (e nameTakenError) Unwrap() error        { return e.Errors }
