package terminal

import "errors"

// Sentinel errors of the terminal service. Callers branch with errors.Is; the wrapped text says
// what was wrong with the request.
var (
	ErrNotFound       = errors.New("terminal session not found")
	ErrUnsupported    = errors.New("terminals are not supported on Windows yet")
	ErrBadDir         = errors.New("invalid terminal directory")
	ErrBadKind        = errors.New("invalid terminal program")
	ErrBadSize        = errors.New("invalid terminal size")
	ErrTooMany        = errors.New("too many terminal sessions")
	ErrExited         = errors.New("terminal session has ended")
	ErrShuttingDown   = errors.New("terminals are shutting down")
	ErrNoProjectDir   = errors.New("project has no working directory")
	ErrProjectUnknown = errors.New("project directories are not available")
)
