// Package clidetect finds the four AI coding CLIs (claude, codex, gemini, opencode) on this
// machine: a user's custom path first, then PATH, then the login shell's PATH, and reads each
// one's version the way the engine will run it (stdin closed, own process group, bounded time).
//
// It only answers "is it installed, where, which version". How a CLI is run and how its output
// is read (argv, environment, output parsers, transcripts) is package agent.
package clidetect

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/shellenv"
)

// Spec names one supported CLI.
type Spec struct {
	Name        string
	DisplayName string
}

// Known lists the supported CLIs in display order.
var Known = []Spec{
	{Name: "claude", DisplayName: "Claude Code"},
	{Name: "codex", DisplayName: "Codex"},
	{Name: "gemini", DisplayName: "Gemini CLI"},
	{Name: "opencode", DisplayName: "OpenCode"},
}

// Git is not an AI CLI but runs need it: worktree isolation and the git state recorded before
// and after each run use the git command. The doctor reports it beside the CLIs.
var Git = Spec{Name: "git", DisplayName: "Git"}

// Sources of a found binary.
const (
	SourceCustom     = "custom"
	SourcePath       = "path"
	SourceLoginShell = "login-shell"
)

// VersionTimeout bounds `--version`; gemini takes ~2 s cold.
const VersionTimeout = 5 * time.Second

// PathStore keeps the user's custom binary paths.
type PathStore interface {
	CLIPaths(ctx context.Context) (map[string]string, error)
	SetCLIPath(ctx context.Context, name, path string) error
}

// LoginPath returns the login shell's PATH ("" when unknown).
type LoginPath func(ctx context.Context) string

// Detector finds CLIs and remembers the last result.
type Detector struct {
	paths       PathStore
	processPath string
	loginPath   LoginPath
	em          events.Emitter
	log         *slog.Logger
	timeout     time.Duration

	mu   sync.RWMutex
	last []Info
	git  Info
}

// New returns a detector. processPath is this process's PATH (os.Getenv("PATH")).
func New(paths PathStore, processPath string, loginPath LoginPath, em events.Emitter, log *slog.Logger) *Detector {
	return &Detector{paths: paths, processPath: processPath, loginPath: loginPath, em: em,
		log: log.With("component", "clidetect"), timeout: VersionTimeout}
}

// List returns the last detection result (empty before the first Detect finishes).
func (d *Detector) List() []Info {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return slices.Clone(d.last)
}

// Detect checks every CLI concurrently, stores and announces the result.
func (d *Detector) Detect(ctx context.Context) ([]Info, error) {
	custom, err := d.paths.CLIPaths(ctx)
	if err != nil {
		return nil, fmt.Errorf("read custom cli paths: %w", err)
	}
	login := d.loginPath(ctx)
	out := make([]Info, len(Known))
	var wg sync.WaitGroup
	for i, spec := range Known {
		wg.Go(func() { out[i] = d.detectOne(ctx, spec, custom[spec.Name], login) })
	}
	var git Info
	wg.Go(func() { git = d.detectOne(ctx, Git, "", login) })
	wg.Wait()
	d.mu.Lock()
	d.last, d.git = out, git
	d.mu.Unlock()
	d.log.Info("git detected", "found", git.Found, "path", git.Path, "version", git.Version, "error", git.Error)
	for _, in := range out {
		d.log.Info("cli detected", "cli", in.Name, "found", in.Found, "path", in.Path, "version", in.Version, "source", in.Source, "error", in.Error)
	}
	d.em.Emit(events.AgentCLIDetected, slices.Clone(out))
	return out, nil
}

// GitInfo returns the last detection of git (zero before the first Detect finishes).
func (d *Detector) GitInfo() Info {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.git
}

// SetPath stores a custom binary path for one CLI ("" clears it) and re-detects that CLI.
func (d *Detector) SetPath(ctx context.Context, name, path string) (Info, error) {
	spec, ok := find(name)
	if !ok {
		return Info{}, fmt.Errorf("%w: %q (want claude, codex, gemini or opencode)", ErrUnknownCLI, name)
	}
	if path != "" {
		clean, err := checkExecutable(path)
		if err != nil {
			return Info{}, err
		}
		path = clean
	}
	if err := d.paths.SetCLIPath(ctx, name, path); err != nil {
		return Info{}, fmt.Errorf("save cli path: %w", err)
	}
	in := d.detectOne(ctx, spec, path, d.loginPath(ctx))
	d.mu.Lock()
	if i := slices.IndexFunc(d.last, func(x Info) bool { return x.Name == name }); i >= 0 {
		d.last[i] = in
	}
	all := slices.Clone(d.last)
	d.mu.Unlock()
	if len(all) > 0 {
		d.em.Emit(events.AgentCLIDetected, all)
	}
	return in, nil
}

// SearchPath is the PATH children should get: ours first, then what the login shell adds, so a
// node-based CLI (codex, gemini) also finds `node` when the app was started from a launcher.
func (d *Detector) SearchPath(ctx context.Context) string {
	return shellenv.MergePath(d.processPath, d.loginPath(ctx))
}

func (d *Detector) detectOne(ctx context.Context, spec Spec, custom, loginPath string) Info {
	in := Info{Name: spec.Name, DisplayName: spec.DisplayName, CustomPath: custom, CheckedAt: time.Now().UTC().Format(time.RFC3339)}
	p, source, err := d.locate(spec.Name, custom, func() string { return loginPath })
	if err != nil {
		in.Error = err.Error()
		return in
	}
	in.Path, in.Source, in.Found = p, source, true
	v, err := readVersion(ctx, in.Path, shellenv.MergePath(d.processPath, loginPath), d.timeout)
	in.Version = v
	if err != nil {
		in.Error = err.Error()
	}
	return in
}

// locate finds a CLI's binary: the custom path, else PATH, else the login shell's PATH. loginPath
// is only asked when the other two have nothing, since it may wait for the login shell.
func (d *Detector) locate(name, custom string, loginPath func() string) (path, source string, err error) {
	if custom != "" {
		p, err := checkExecutable(custom)
		if err != nil {
			return "", "", err
		}
		return p, SourceCustom, nil
	}
	if p, ok := lookIn(name, d.processPath); ok {
		return p, SourcePath, nil
	}
	if p, ok := lookIn(name, loginPath()); ok {
		return p, SourceLoginShell, nil
	}
	return "", "", fmt.Errorf("%s not found in PATH or in the login shell's PATH; install it or set its path", name)
}

func find(name string) (Spec, bool) {
	for _, s := range Known {
		if s.Name == name {
			return s, true
		}
	}
	return Spec{}, false
}

// lookIn searches one PATH list for an executable named name.
func lookIn(name, pathList string) (string, bool) {
	for _, dir := range filepath.SplitList(pathList) {
		if dir == "" || !filepath.IsAbs(dir) {
			continue // a relative PATH entry would resolve against whatever our cwd happens to be
		}
		for _, cand := range candidates(filepath.Join(dir, name)) {
			if p, err := checkExecutable(cand); err == nil {
				return p, true
			}
		}
	}
	return "", false
}

// checkExecutable resolves symlinks and requires an executable regular file.
func checkExecutable(path string) (string, error) {
	if !filepath.IsAbs(path) {
		return "", fmt.Errorf("%w: %q is not an absolute path", ErrBadPath, path)
	}
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("%w: %s does not exist", ErrBadPath, path)
	}
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrBadPath, err)
	}
	if fi.IsDir() {
		return "", fmt.Errorf("%w: %s is a directory", ErrBadPath, path)
	}
	if !isExecutable(fi) {
		return "", fmt.Errorf("%w: %s is not executable", ErrBadPath, path)
	}
	return filepath.Clean(path), nil
}

// Resolve returns the binary to run for a CLI: the last detection's path when it was found, else
// the CLI is looked up again (without reading its version). A CLI on PATH never waits for the
// login shell; only one found nowhere else does. The error says plainly what to do.
func (d *Detector) Resolve(ctx context.Context, name string) (string, error) {
	d.mu.RLock()
	for _, in := range d.last {
		if in.Name == name && in.Found {
			d.mu.RUnlock()
			if _, err := checkExecutable(in.Path); err == nil {
				return in.Path, nil
			}
			d.mu.RLock()
			break
		}
	}
	d.mu.RUnlock()
	if _, ok := find(name); !ok {
		return "", fmt.Errorf("%w: %q", ErrUnknownCLI, name)
	}
	custom, err := d.paths.CLIPaths(ctx)
	if err != nil {
		return "", err
	}
	p, _, err := d.locate(name, custom[name], func() string { return d.loginPath(ctx) })
	if err != nil {
		return "", fmt.Errorf("%s: command not found (%v)", name, err)
	}
	return p, nil
}
