//go:build !darwin && !windows

package autostart

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
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

func (e *Entry) install() error {
	p, err := e.Path()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(p), err)
	}
	// Written aside and renamed, so a session starting meanwhile never reads half a file.
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, []byte(e.desktopFile()), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", p, err)
	}
	if err := os.Rename(tmp, p); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("write %s: %w", p, err)
	}
	return nil
}

func (e *Entry) remove() error {
	p, err := e.Path()
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove %s: %w", p, err)
	}
	return nil
}

func (e *Entry) installed() bool {
	p, err := e.Path()
	if err != nil {
		return false
	}
	_, err = os.Stat(p)
	return err == nil
}

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
