package pullrequest

import "errors"

// Errors callers branch on.
var (
	ErrNotFound   = errors.New("pull request not found")
	ErrNotWaiting = errors.New("pull request is not waiting for approval")
	ErrBadFilter  = errors.New("bad pull request filter")
	ErrBadInput   = errors.New("bad input")
)
