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

// Loader runs the login shell in the background and keeps what it printed, in memory and in a
// cache file, so a later start knows the environment before its own probe has finished. Runs take
// whatever is known (Cached) and never wait for a probe; only finding a CLI that is on no other
// PATH waits for one (Env).
type Loader struct {
	shell     string
	cacheFile string
	timeout   time.Duration

	mu      sync.Mutex
	env     map[string]string // nil until a probe or the cache file gave one
	err     error             // the last probe's failure while no environment is known
	lastErr error             // the last probe's failure, even with an older environment known
	probing chan struct{}     // closed when the running probe ends; nil when none runs
}

// New returns a loader for shell ("" means $SHELL, else /bin/bash, else /bin/sh). cacheFile, when
// not "", holds the last probe's result across restarts; it is read here and written after each
// successful probe.
func New(shell, cacheFile string) *Loader {
	l := &Loader{shell: shell, cacheFile: cacheFile, timeout: Timeout}
	if cacheFile != "" {
		l.env = readCache(cacheFile)
	}
	return l
}

// WithTimeout replaces Timeout as the bound of one probe.
func (l *Loader) WithTimeout(d time.Duration) *Loader {
	l.timeout = d
	return l
}

// Cached returns the last known login environment without waiting: from this process's last
// probe, else from the cache file; nil when neither has one yet.
func (l *Loader) Cached() map[string]string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.env
}

// Refresh starts a probe in the background unless one is running; ending ctx stops it. The
// returned channel is closed when that probe ends.
func (l *Loader) Refresh(ctx context.Context) <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.startProbe(ctx)
}

// startProbe needs l.mu held.
func (l *Loader) startProbe(ctx context.Context) chan struct{} {
	if l.probing != nil {
		return l.probing
	}
	done := make(chan struct{})
	l.probing = done
	go func() {
		env, err := l.load(ctx)
		if err == nil && l.cacheFile != "" {
			// A cache that cannot be written only costs the next start a probe.
			_ = writeCache(l.cacheFile, persistable(env, os.LookupEnv))
		}
		l.mu.Lock()
		l.lastErr = err
		switch {
		case err == nil:
			l.env, l.err = env, nil
		case l.env == nil: // a known environment outlives a failed refresh
			l.err = err
		}
		l.probing = nil
		l.mu.Unlock()
		close(done)
	}()
	return done
}

// LastErr is why the last probe failed; nil after a successful one or before any ended.
func (l *Loader) LastErr() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lastErr
}

// Env returns the login shell's environment: the known one at once, else it starts a probe (or
// joins the running one) and waits for it or for ctx. After a failed probe it returns that
// failure until Refresh succeeds, so a broken shell is not started again for every caller.
func (l *Loader) Env(ctx context.Context) (map[string]string, error) {
	l.mu.Lock()
	if l.env != nil || (l.err != nil && l.probing == nil) {
		defer l.mu.Unlock()
		return l.env, l.err
	}
	done := l.startProbe(context.WithoutCancel(ctx)) // shared: one waiter giving up must not stop it
	l.mu.Unlock()
	select {
	case <-done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.env == nil {
		return nil, l.err
	}
	return l.env, nil
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
	ctx, cancel := context.WithTimeout(ctx, l.timeout)
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
