package agent

import "errors"

// Sentinel errors of BuildCommand; callers branch with errors.Is and show the wrapped message.
var (
	ErrUnknownBackend = errors.New("unknown backend")
	ErrUnknownProfile = errors.New("unknown permission profile")
	ErrEmptyPrompt    = errors.New("empty prompt")
	ErrInvalidSpec    = errors.New("invalid agent spec")
	ErrPromptTooLong  = errors.New("prompt too long")
)
