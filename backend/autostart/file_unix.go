//go:build !windows

package autostart

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// On Linux and macOS the entry is one file at Path (an XDG .desktop file, a LaunchAgent plist):
// installing writes it, removing deletes it, and it is installed while it exists.

// writeEntry writes content to Path aside and renames it, so a session starting meanwhile never
// reads half a file.
func (e *Entry) writeEntry(content string) error {
	p, err := e.Path()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(p), err)
	}
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
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
