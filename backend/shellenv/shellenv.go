// Package shellenv reads the user's login-shell environment. An app started from a desktop
// launcher inherits a minimal PATH (often /usr/bin:/bin), so CLIs installed through npm, Homebrew
// or version managers are only found with the PATH the user's login shell sets up.
package shellenv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/agented/agented/backend/proc"
)

// markers frame the environment dump so banners printed by rc files are ignored.
const (
	startMark = "__AGENTED_ENV_START__"
	endMark   = "__AGENTED_ENV_END__"
)

// Timeout bounds the login shell; a slow rc file must not stall detection.
const Timeout = 5 * time.Second

// Loader runs the login shell once and caches what it printed.
type Loader struct {
	shell string

	once sync.Once
	env  map[string]string
	err  error
}

// New returns a loader for shell; "" means $SHELL, else /bin/bash, else /bin/sh.
func New(shell string) *Loader {
	return &Loader{shell: shell}
}

// Env returns the login shell's environment. The result (or error) of the first call is kept.
func (l *Loader) Env(ctx context.Context) (map[string]string, error) {
	l.once.Do(func() { l.env, l.err = l.load(ctx) })
	return l.env, l.err
}

// Path returns the login shell's PATH, or "" when it could not be read.
func (l *Loader) Path(ctx context.Context) string {
	env, err := l.Env(ctx)
	if err != nil {
		return ""
	}
	return env["PATH"]
}

func (l *Loader) load(ctx context.Context) (map[string]string, error) {
	if runtime.GOOS == "windows" {
		return nil, errors.New("login shell environment is not used on Windows")
	}
	shell := pickShell(l.shell)
	if shell == "" {
		return nil, errors.New("no login shell found ($SHELL unset, no /bin/bash or /bin/sh)")
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	script := fmt.Sprintf("printf '%%s\\n' %s; env; printf '%%s\\n' %s", startMark, endMark)
	cmd := exec.CommandContext(ctx, shell, "-l", "-c", script)
	cmd.Stdin = nil // /dev/null: an rc file that reads input must not wait for us
	cmd.Env = os.Environ()
	proc.Isolate(cmd, time.Second)
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil && out.Len() == 0 {
		return nil, fmt.Errorf("run %s -l: %w", shell, err)
	}
	env, ok := parse(out.String())
	if !ok {
		return nil, fmt.Errorf("run %s -l: no environment printed", shell)
	}
	return env, nil
}

func pickShell(shell string) string {
	for _, c := range []string{shell, os.Getenv("SHELL"), "/bin/bash", "/bin/sh"} {
		if c == "" || !filepath.IsAbs(c) {
			continue
		}
		if fi, err := os.Stat(c); err == nil && !fi.IsDir() {
			return c
		}
	}
	return ""
}

func parse(out string) (map[string]string, bool) {
	_, rest, ok := strings.Cut(out, startMark+"\n")
	if !ok {
		return nil, false
	}
	body, _, ok := strings.Cut(rest, endMark)
	if !ok {
		return nil, false
	}
	env := map[string]string{}
	var last string
	for _, line := range strings.Split(body, "\n") {
		k, v, found := strings.Cut(line, "=")
		if found && isName(k) {
			env[k], last = v, k
			continue
		}
		if last != "" && line != "" { // continuation of a multi-line value
			env[last] += "\n" + line
		}
	}
	return env, true
}

func isName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r == '_' || (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z') || (i > 0 && r >= '0' && r <= '9') {
			continue
		}
		return false
	}
	return true
}

// MergePath joins PATH lists, keeping the first occurrence of each directory.
func MergePath(lists ...string) string {
	seen := map[string]bool{}
	var out []string
	for _, l := range lists {
		for _, d := range filepath.SplitList(l) {
			if d == "" || seen[d] {
				continue
			}
			seen[d] = true
			out = append(out, d)
		}
	}
	return strings.Join(out, string(os.PathListSeparator))
}
