// Package config resolves where Agented keeps its data and what the build is.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// EnvHome overrides the data directory.
const EnvHome = "AGENTED_HOME"

// Paths are the files and directories under the data directory.
type Paths struct {
	DataDir     string
	Source      string // "flag" | "env" | "default"
	DBPath      string
	LogDir      string
	ProjectsDir string
}

// Resolve picks the data directory: flag, then AGENTED_HOME, then the OS user config dir +
// /Agented. Nothing is ever written next to the binary.
func Resolve(flagDir string, getenv func(string) string) (Paths, error) {
	dir, source := flagDir, "flag"
	if dir == "" {
		dir, source = getenv(EnvHome), "env"
	}
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return Paths{}, fmt.Errorf("find user config dir (set %s): %w", EnvHome, err)
		}
		dir, source = filepath.Join(base, "Agented"), "default"
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Paths{}, fmt.Errorf("data dir %q: %w", dir, err)
	}
	return Paths{
		DataDir:     abs,
		Source:      source,
		DBPath:      filepath.Join(abs, "agented.db"),
		LogDir:      filepath.Join(abs, "logs"),
		ProjectsDir: filepath.Join(abs, "projects"),
	}, nil
}

// Ensure creates the directories, private to the user since they hold run logs and prompts.
func (p Paths) Ensure() error {
	for _, d := range []string{p.DataDir, p.LogDir, p.ProjectsDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return fmt.Errorf("create %s: %w", d, err)
		}
	}
	fi, err := os.Stat(p.DataDir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return errors.New(p.DataDir + " is not a directory")
	}
	return nil
}
