package schedule

import "errors"

// Sentinel errors of the scheduler.
var (
	// ErrClaimed is returned by a claim whose planned time was already fired (by this process
	// before a crash, or by another process sharing the store).
	ErrClaimed = errors.New("this fire time was already claimed")
	// ErrNotScheduled is returned for a trigger that has no schedule to preview.
	ErrNotScheduled = errors.New("trigger is not scheduled")
)

// FieldError says which schedule field is wrong and why; the trigger editor shows Msg next to
// Field (a JSON field name of the trigger).
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }
