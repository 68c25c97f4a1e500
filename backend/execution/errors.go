package execution

import "errors"

// Sentinel errors of the execution engine.
var (
	ErrNotFound     = errors.New("execution not found")
	ErrNotActive    = errors.New("execution is not queued or running")
	ErrSkipped      = errors.New("a run of this trigger is already active and its policy is skip")
	ErrDisabled     = errors.New("trigger is disabled")
	ErrPaused       = errors.New("trigger is paused")
	ErrShuttingDown = errors.New("agented is shutting down")
	// ErrPromptTooLarge refuses a run whose rendered prompt would pass MaxPromptBytes.
	ErrPromptTooLarge = errors.New("the rendered prompt is too large")
	// ErrNoWorktree: the run did not work in a worktree of its own, so it has no diff or
	// worktree to remove.
	ErrNoWorktree = errors.New("the run did not work in an isolated worktree")
	// ErrRunActive: the worktree of a queued or running run cannot be removed.
	ErrRunActive = errors.New("the run is still queued or running")
	// ErrWorktreeNotRemoved: git could not remove a worktree (or save its changes first); the
	// wrapped text says what happened and where the work is.
	ErrWorktreeNotRemoved = errors.New("the worktree was not removed")
)

// errAttemptNotSaved says that a run's row was written but the attempt stored with it was not
// (Store.MarkRunning, Store.finish): the run goes on, and the failure is logged.
var errAttemptNotSaved = errors.New("attempt not saved")
