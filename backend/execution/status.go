package execution

import "slices"

// Statuses lists every status an execution can have, the waiting and running ones first.
var Statuses = []string{StatusQueued, StatusRunning, StatusSuccess, StatusFailed, StatusTimeout, StatusCancelled,
	StatusInterrupted}

// IsTerminal reports whether status is final: no more lines or status changes follow. A status
// this package does not know is not final, so a log stream waits rather than ends early.
func IsTerminal(status string) bool {
	return status != StatusQueued && status != StatusRunning && slices.Contains(Statuses, status)
}
