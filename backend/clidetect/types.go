package clidetect

// Info is what Settings shows for one AI CLI.
type Info struct {
	Name        string `json:"name"`        // claude | codex | gemini | opencode
	DisplayName string `json:"displayName"` // "Claude Code", ...
	Found       bool   `json:"found"`
	Path        string `json:"path"`
	Version     string `json:"version"`
	Source      string `json:"source"`     // "custom" | "path" | "login-shell" | ""
	CustomPath  string `json:"customPath"` // the user's override, "" when none
	Error       string `json:"error"`      // why it was not found or its version not read
	CheckedAt   string `json:"checkedAt"`  // RFC 3339 UTC
}
