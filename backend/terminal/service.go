// Package terminal runs interactive programs — the user's login shell or an AI CLI — on real
// pseudo-terminals for the UI's terminal tabs. Each session keeps its last output in a bounded
// ring (so a reopened tab restores its screen), publishes what it prints in small batches on the
// event bus (`pty:output:<id>`), and ends with everything it started: on request, when its
// program exits, or when the app stops, no process of its session is left behind.
package terminal

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/agented/agented/backend/events"
)

// Defaults of the service's bounds.
const (
	// DefaultScrollback is the output kept per session for a reopened tab: about 10,000 lines of
	// 100 characters, as much as xterm.js keeps on screen by default.
	DefaultScrollback = 1 << 20
	// DefaultMaxSessions bounds open sessions, so a loop in a caller cannot fork-bomb the machine.
	DefaultMaxSessions = 64
	// closeGrace is how long a hung-up session may take to exit before it is killed.
	closeGrace = time.Second
	// leftoverGrace is how long what a finished program left running gets after the hangup.
	leftoverGrace = 300 * time.Millisecond
	// writeTimeout bounds a write to a program that does not read its input.
	writeTimeout = 5 * time.Second
)

// Resolver finds an AI CLI's binary (clidetect.Detector).
type Resolver interface {
	Resolve(ctx context.Context, name string) (string, error)
}

// EnvBuilder builds a child's environment for a backend ("" for the shell) and returns it with
// the secrets it holds (execution.ChildEnv).
type EnvBuilder interface {
	Build(ctx context.Context, backend string) (env []string, secrets []string)
}

// ProjectDirs resolves a project's working directory (project.Service).
type ProjectDirs interface {
	WorkDir(ctx context.Context, projectID string) (string, error)
}

// Deps are the service's dependencies. Resolver, Emitter and Log are required.
type Deps struct {
	Resolver Resolver
	Env      EnvBuilder // nil: this process's environment
	Projects ProjectDirs
	Emitter  events.Emitter
	Log      *slog.Logger
	// Go runs a session's reader and waiter (the app's panic-safe background helper).
	Go func(func())
	// Shell is the login shell; "" means $SHELL, else /bin/bash, else /bin/sh.
	Shell           string
	ScrollbackBytes int // 0: DefaultScrollback
	MaxSessions     int // 0: DefaultMaxSessions
}

// Service owns every terminal session, keyed by id.
type Service struct {
	d   Deps
	log *slog.Logger

	mu       sync.Mutex
	sessions map[string]*session
	seq      uint64 // start order, for listing
	stopping bool
}

// New returns a service with no sessions.
func New(d Deps) *Service {
	if d.Go == nil {
		d.Go = func(f func()) { go f() }
	}
	if d.ScrollbackBytes <= 0 {
		d.ScrollbackBytes = DefaultScrollback
	}
	if d.MaxSessions <= 0 {
		d.MaxSessions = DefaultMaxSessions
	}
	return &Service{d: d, log: d.Log.With("component", "terminal"), sessions: map[string]*session{}}
}

// Start opens a session and returns it running. Its output starts flowing on `pty:output:<id>`
// at once; a viewer that subscribes later catches up with Snapshot.
func (s *Service) Start(ctx context.Context, o StartOptions) (Session, error) {
	if !supported {
		return Session{}, ErrUnsupported
	}
	o, err := s.normalize(ctx, o)
	if err != nil {
		return Session{}, err
	}
	path, argv, err := s.program(ctx, o)
	if err != nil {
		return Session{}, err
	}
	env := s.environment(ctx, o.Kind)
	s.mu.Lock()
	switch {
	case s.stopping:
		s.mu.Unlock()
		return Session{}, ErrShuttingDown
	case len(s.sessions) >= s.d.MaxSessions:
		s.mu.Unlock()
		return Session{}, fmt.Errorf("%w: %d are open; close one first", ErrTooMany, len(s.sessions))
	}
	s.seq++
	id := newID()
	sess := newSession(id, s.seq, o, s.d.ScrollbackBytes, s.d.Emitter)
	s.sessions[id] = sess // reserved under the lock, so the limit holds under concurrent starts
	s.mu.Unlock()

	if err := sess.start(path, argv, env); err != nil {
		s.mu.Lock()
		delete(s.sessions, id)
		s.mu.Unlock()
		return Session{}, fmt.Errorf("start %s in %s: %w", o.Kind, o.Dir, err)
	}
	s.log.Info("terminal started", "session", id, "kind", o.Kind, "dir", o.Dir, "pid", sess.pid, "project", o.ProjectID)
	s.d.Go(sess.read)
	s.d.Go(func() {
		sess.wait()
		info := sess.Info()
		s.log.Info("terminal exited", "session", id, "status", info.ExitText)
		s.d.Emitter.Emit(events.PtyChanged, info)
	})
	info := sess.Info()
	s.d.Emitter.Emit(events.PtyChanged, info)
	return info, nil
}

// Write types data into the session, as the keyboard would.
func (s *Service) Write(id, data string) error {
	sess, err := s.get(id)
	if err != nil {
		return err
	}
	return sess.write(data)
}

// Resize changes the terminal's size; the program gets SIGWINCH. An ended session ignores it.
func (s *Service) Resize(id string, rows, cols uint16) error {
	if err := checkSize(rows, cols); err != nil {
		return err
	}
	sess, err := s.get(id)
	if err != nil {
		return err
	}
	return sess.resize(rows, cols)
}

// List returns the sessions of one project ("" lists every session), oldest first.
func (s *Service) List(projectID string) []Session {
	s.mu.Lock()
	all := make([]*session, 0, len(s.sessions))
	for _, sess := range s.sessions {
		if projectID == "" || sess.projectID == projectID {
			all = append(all, sess)
		}
	}
	s.mu.Unlock()
	slices.SortFunc(all, func(a, b *session) int { return cmp.Compare(a.seq, b.seq) })
	out := make([]Session, len(all))
	for i, sess := range all {
		out[i] = sess.Info()
	}
	return out
}

// Snapshot returns the session's kept output, for a tab that (re)opens.
func (s *Service) Snapshot(id string) (Snapshot, error) {
	sess, err := s.get(id)
	if err != nil {
		return Snapshot{}, err
	}
	return sess.snapshot(), nil
}

// Close ends a session with everything it started and forgets it. A session whose program
// already exited is only forgotten.
func (s *Service) Close(ctx context.Context, id string) error {
	sess, err := s.get(id)
	if err != nil {
		return err
	}
	if err := sess.end(ctx, closeGrace); err != nil {
		return err
	}
	s.mu.Lock()
	delete(s.sessions, id)
	s.mu.Unlock()
	info := sess.Info()
	info.Status = StatusClosed
	s.log.Info("terminal closed", "session", id)
	s.d.Emitter.Emit(events.PtyChanged, info)
	return nil
}

// Shutdown ends every session (the app is stopping) and refuses new ones. It returns when all are
// gone or ctx ends.
func (s *Service) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.stopping = true
	all := make([]*session, 0, len(s.sessions))
	for _, sess := range s.sessions {
		all = append(all, sess)
	}
	s.mu.Unlock()
	errs := make([]error, len(all))
	var wg sync.WaitGroup
	for i, sess := range all {
		wg.Go(func() { errs[i] = sess.end(ctx, closeGrace) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (s *Service) get(id string) (*session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[id]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	return sess, nil
}

// normalize fills defaults and checks the options; every error names what was wrong.
func (s *Service) normalize(ctx context.Context, o StartOptions) (StartOptions, error) {
	if o.Kind == "" {
		o.Kind = KindShell
	}
	if o.Rows == 0 && o.Cols == 0 {
		o.Rows, o.Cols = 24, 80
	}
	if err := checkSize(o.Rows, o.Cols); err != nil {
		return o, err
	}
	if o.Dir == "" && o.ProjectID != "" {
		if s.d.Projects == nil {
			return o, ErrProjectUnknown
		}
		dir, err := s.d.Projects.WorkDir(ctx, o.ProjectID)
		if err != nil {
			return o, fmt.Errorf("project %s: %w", o.ProjectID, err)
		}
		if dir == "" {
			return o, fmt.Errorf("%w: project %s", ErrNoProjectDir, o.ProjectID)
		}
		o.Dir = dir
	}
	dir, err := checkDir(o.Dir)
	if err != nil {
		return o, err
	}
	o.Dir = dir
	return o, nil
}

func checkSize(rows, cols uint16) error {
	if rows < 2 || cols < 2 || rows > 1000 || cols > 2000 {
		return fmt.Errorf("%w: %d rows × %d columns (want 2–1000 rows, 2–2000 columns)", ErrBadSize, rows, cols)
	}
	return nil
}

func checkDir(dir string) (string, error) {
	if dir == "" {
		return "", fmt.Errorf("%w: no directory given", ErrBadDir)
	}
	if !filepath.IsAbs(dir) {
		return "", fmt.Errorf("%w: %q is not an absolute path", ErrBadDir, dir)
	}
	fi, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("%w: %s does not exist", ErrBadDir, dir)
	}
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrBadDir, err)
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("%w: %s is not a directory", ErrBadDir, dir)
	}
	return filepath.Clean(dir), nil
}

func newID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // crypto/rand never fails on supported platforms
	return hex.EncodeToString(b)
}
