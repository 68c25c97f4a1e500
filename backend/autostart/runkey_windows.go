//go:build windows

package autostart

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/sys/windows/registry"
)

const (
	runKey    = `Software\Microsoft\Windows\CurrentVersion\Run`
	valueName = "Agented"
)

// Path names the registry value the entry lives in.
func (e *Entry) Path() (string, error) { return `HKCU\` + runKey + `\` + valueName, nil }

func (e *Entry) install() error {
	k, _, err := registry.CreateKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
	if err != nil {
		return fmt.Errorf("open the Run key: %w", err)
	}
	defer k.Close()
	if err := k.SetStringValue(valueName, e.commandLine()); err != nil {
		return fmt.Errorf("write the Run key: %w", err)
	}
	return nil
}

func (e *Entry) remove() error {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open the Run key: %w", err)
	}
	defer k.Close()
	if err := k.DeleteValue(valueName); err != nil && !errors.Is(err, registry.ErrNotExist) {
		return fmt.Errorf("remove the Run value: %w", err)
	}
	return nil
}

func (e *Entry) installed() bool {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.QUERY_VALUE)
	if err != nil {
		return false
	}
	defer k.Close()
	_, _, err = k.GetStringValue(valueName)
	return err == nil
}

// commandLine quotes every argument for CommandLineToArgvW, as Explorer parses the Run value.
func (e *Entry) commandLine() string {
	parts := make([]string, 0, len(e.args)+1)
	for _, a := range append([]string{e.exe}, e.args...) {
		parts = append(parts, quoteArg(a))
	}
	return strings.Join(parts, " ")
}

func quoteArg(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\"") {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	slashes := 0
	for _, r := range s {
		switch r {
		case '\\':
			slashes++
		case '"':
			b.WriteString(strings.Repeat(`\`, slashes+1)) // the ones written, doubled, plus one for the quote
			slashes = 0
			b.WriteRune(r)
			continue
		default:
			slashes = 0
		}
		if r != '\\' {
			b.WriteRune(r)
		} else {
			b.WriteByte('\\')
		}
	}
	b.WriteString(strings.Repeat(`\`, slashes))
	b.WriteByte('"')
	return b.String()
}
