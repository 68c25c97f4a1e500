package notify

import "errors"

// Sentinel errors of the notification service.
var (
	ErrNotFound = errors.New("notification not found")
	// ErrBadLimit refuses a page size outside 0..MaxLimit (0 means the default).
	ErrBadLimit = errors.New("limit must be between 1 and 200")
	// ErrUnknownKind refuses an OS-notification switch for a kind Agented does not raise.
	ErrUnknownKind = errors.New("unknown notification kind")
	// ErrNoDesktop says OS notifications cannot be shown here (no session bus or daemon).
	ErrNoDesktop = errors.New("no desktop notification service")
)
