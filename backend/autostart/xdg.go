//go:build !darwin && !windows

package autostart

import (
	"errors"
	"path/filepath"
	"strings"
)

// Path is the XDG autostart file: $XDG_CONFIG_HOME/autostart/agented.desktop, with
// XDG_CONFIG_HOME defaulting to ~/.config as the specification says.
func (e *Entry) Path() (string, error) {
	base := e.getenv("XDG_CONFIG_HOME")
	if !filepath.IsAbs(base) { // the specification says to ignore a relative value
		home := e.getenv("HOME")
		if home == "" {
			return "", errors.New("neither XDG_CONFIG_HOME nor HOME is set")
		}
		base = filepath.Join(home, ".config")
	}
	return filepath.Join(base, "autostart", "agented.desktop"), nil
}

func (e *Entry) install() error { return e.writeEntry(e.desktopFile()) }

func (e *Entry) desktopFile() string {
	exec := make([]string, 0, len(e.args)+1)
	for _, a := range append([]string{e.exe}, e.args...) {
		exec = append(exec, quoteExec(a))
	}
	return strings.Join([]string{
		"[Desktop Entry]",
		"Type=Application",
		"Name=Agented",
		"Comment=Runs your AI coding bots on schedules and webhooks",
		"Exec=" + strings.Join(exec, " "),
		"Icon=agented",
		"Terminal=false",
		"X-GNOME-Autostart-enabled=true",
		"",
	}, "\n")
}

// quoteExec quotes one Exec argument as the Desktop Entry specification asks: inside double
// quotes, `"`, "`", `$` and `\` are backslash-escaped; then, since the value is itself a string
// value, every backslash is doubled again, and `%` (a field code) is written `%%`.
func quoteExec(arg string) string {
	if arg != "" && !strings.ContainsAny(arg, " \t\n\"'\\><~|&;$*?#()`%=") {
		return arg
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range arg {
		switch r {
		case '"', '`', '$':
			b.WriteString(`\\`)
			b.WriteRune(r)
		case '\\':
			b.WriteString(`\\\\`)
		case '%':
			b.WriteString("%%")
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
