package clidetect

import "errors"

// Sentinel errors of CLI detection.
var (
	ErrUnknownCLI = errors.New("unknown cli")
	ErrBadPath    = errors.New("invalid cli path")
)
