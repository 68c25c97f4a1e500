package trigger

import (
	"errors"

	"github.com/agented/agented/backend/validation"
)

// Sentinel errors of the trigger service.
var (
	ErrNotFound   = errors.New("trigger not found")
	ErrPredefined = errors.New("predefined triggers cannot be deleted; disable it instead")
	ErrBadPath    = errors.New("invalid directory")
	ErrNotPaused  = errors.New("trigger is not paused")
	// ErrNameTaken matches (errors.Is) the validation error of a duplicate name, which stays a
	// *validation.Errors for the editor's field message; HTTP maps it to 409.
	ErrNameTaken = errors.New("a trigger with this name already exists")
)

// nameTakenError is the field-level validation error that also says "name taken".
type nameTakenError struct{ *validation.Errors }

func (e nameTakenError) Is(target error) bool { return target == ErrNameTaken }
func (e nameTakenError) Unwrap() error        { return e.Errors }
