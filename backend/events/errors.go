package events

import "errors"

// ErrClosed is returned by Subscription.Next after the subscription or bus is closed.
var ErrClosed = errors.New("subscription closed")
