package webhook

import "errors"

// Sentinel errors of the webhook service.
var (
	ErrDeliveryNotFound = errors.New("webhook delivery not found")
	ErrNotReplayable    = errors.New("webhook delivery cannot be replayed")
)
