package terminal

// KindShell is the login shell; every other kind names an AI CLI (claude, codex, gemini,
// opencode) started interactively.
const KindShell = "shell"

// Session statuses. A session stays listed after its program exited, so its exit status can be
// shown, until it is closed; "closed" only appears in the change event that removes it.
const (
	StatusRunning = "running"
	StatusExited  = "exited"
	StatusClosed  = "closed"
)

// StartOptions describe a new session.
type StartOptions struct {
	// ProjectID ties the session to a project: it is listed with the project, and its directory
	// is the project's working copy when Dir is empty.
	ProjectID string `json:"projectId"`
	// Dir is the working directory (absolute). Required unless ProjectID resolves one.
	Dir string `json:"dir"`
	// Kind is "shell" (the default) or an AI CLI's name.
	Kind string `json:"kind"`
	// Args are appended to the program's command line: a CLI's initial prompt or slash command
	// (["/gsd:plan-phase 3"]), or for the shell e.g. ["-c", "git log"].
	Args []string `json:"args"`
	// Title is the tab's label; empty means the program's name.
	Title string `json:"title"`
	// Rows and Cols are the size the program starts with (0 means 24×80).
	Rows uint16 `json:"rows"`
	Cols uint16 `json:"cols"`
}

// Session is one terminal as the UI lists it.
type Session struct {
	ID        string   `json:"id"`
	ProjectID string   `json:"projectId"`
	Dir       string   `json:"dir"`
	Kind      string   `json:"kind"`
	Args      []string `json:"args"`
	Title     string   `json:"title"`
	Rows      uint16   `json:"rows"`
	Cols      uint16   `json:"cols"`
	PID       int      `json:"pid"`
	Status    string   `json:"status"` // running | exited | closed
	// ExitCode is the program's exit status once it exited on its own (-1 when a signal ended it).
	ExitCode int `json:"exitCode"`
	// ExitText says how it ended, for the tab: "exit status 0", "killed by signal: hangup".
	ExitText  string `json:"exitText"`
	StartedAt string `json:"startedAt"` // RFC 3339 UTC
	EndedAt   string `json:"endedAt"`   // RFC 3339 UTC, "" while running
}

// Output is the payload of `pty:output:<id>`: the bytes a batch of reads produced, as text.
// Offset is where Data starts in everything the session has printed, so a viewer that restored a
// Snapshot skips batches it already has and notices one it missed (then it takes a new Snapshot).
type Output struct {
	ID     string `json:"id"`
	Offset uint64 `json:"offset"`
	// Data is whole UTF-8 characters: a character split across two reads waits for its end.
	Data string `json:"data"`
	// Size is Data's length in bytes (the next batch's Offset is Offset+Size); JavaScript string
	// lengths count UTF-16 units, so it is sent rather than recomputed there.
	Size uint64 `json:"size"`
}

// Snapshot is the scrollback kept for a session: what a reopened tab writes before the live
// batches that follow it (those with Offset >= End).
type Snapshot struct {
	Session Session `json:"session"`
	Data    string  `json:"data"`
	Start   uint64  `json:"start"` // offset of Data's first byte
	End     uint64  `json:"end"`   // offset after Data's last byte
}
