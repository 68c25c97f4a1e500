// Package autostart registers Agented to start when the user logs in: an XDG autostart entry on
// Linux and the BSDs, a LaunchAgent on macOS, the HKCU Run key on Windows. The entry starts the
// desktop app hidden, so schedules fire without a window popping up at every login.
package autostart

import "os"

// HiddenFlag is the flag the entry passes so the app starts without showing its window.
const HiddenFlag = "--hidden"

// Entry is the login entry of one Agented binary and data directory.
type Entry struct {
	exe    string
	args   []string
	getenv func(string) string
}

// New returns the entry that runs exe with args (HiddenFlag is added first). getenv finds the
// user's config directories (XDG_CONFIG_HOME, HOME); nil means os.Getenv.
func New(exe string, args []string, getenv func(string) string) *Entry {
	if getenv == nil {
		getenv = os.Getenv
	}
	return &Entry{exe: exe, args: append([]string{HiddenFlag}, args...), getenv: getenv}
}

// Set writes (enabled) or removes the entry. Removing an entry that is not there is not an error.
func (e *Entry) Set(enabled bool) error {
	if enabled {
		return e.install()
	}
	return e.remove()
}

// Enabled reports whether the entry is installed.
func (e *Entry) Enabled() bool { return e.installed() }
