package trigger

import "errors"

// Sentinel errors of the trigger service.
var (
	ErrNotFound   = errors.New("trigger not found")
	ErrPredefined = errors.New("predefined triggers cannot be deleted; disable it instead")
	ErrBadPath    = errors.New("invalid directory")
)
