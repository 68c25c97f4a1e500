// Package planning shows a project's planning files (.planning/: ROADMAP, STATE, phase folders
// with PLAN and SUMMARY files) as a board of milestones, phases and plans, moves a plan by
// writing its status into its PLAN file, and tells the UI when the files change. The files are
// the only truth: nothing is copied into the database, every read parses them again (a 500-plan
// tree parses in a few milliseconds), and the only write touches one front matter line.
package planning

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/agented/agented/backend/events"
)

// Dir is the planning folder's name inside a project's working directory.
const Dir = ".planning"

// maxDocumentBytes bounds one document read for the UI.
const maxDocumentBytes = 2 << 20

// Projects resolves a project to its working directory (the clone, or the local path).
type Projects interface {
	WorkDir(ctx context.Context, projectID string) (string, error)
}

// ProjectsFunc adapts a function to Projects.
type ProjectsFunc func(ctx context.Context, projectID string) (string, error)

// WorkDir calls f.
func (f ProjectsFunc) WorkDir(ctx context.Context, projectID string) (string, error) {
	return f(ctx, projectID)
}

// Deps are the service's collaborators.
type Deps struct {
	Projects Projects
	Emitter  events.Emitter
	Log      *slog.Logger
	// Go runs a background function panic-safely (telemetry.Reporter.Go); nil runs it with go.
	Go func(func())
	// Debounce is how long the watcher waits for a burst of changes to end; 0 means 200 ms.
	Debounce time.Duration
	// Runner starts a plan's run ("Run with trigger…"); Usage sums what plans' runs used. Either
	// may be nil where runs are not needed.
	Runner Runner
	Usage  UsageReader
}

// Service reads and moves plans and watches the planning files of the projects on screen.
type Service struct {
	d   Deps
	log *slog.Logger

	writeMu sync.Mutex // one status write at a time, so two moves never interleave on one file

	mu       sync.Mutex
	watchers map[string]*watcher
}

// New returns the service.
func New(d Deps) *Service {
	if d.Debounce <= 0 {
		d.Debounce = 200 * time.Millisecond
	}
	if d.Go == nil {
		d.Go = func(fn func()) { go fn() }
	}
	log := d.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{d: d, log: log.With("component", "planning"), watchers: map[string]*watcher{}}
}

// root is the project's .planning path.
func (s *Service) root(ctx context.Context, projectID string) (string, error) {
	dir, err := s.d.Projects.WorkDir(ctx, projectID)
	if err != nil {
		return "", err
	}
	if dir == "" {
		return "", ErrNoProject
	}
	return filepath.Join(dir, Dir), nil
}

// Board parses the project's planning files. A project without .planning has an empty board
// (State says whether the folder exists).
func (s *Service) Board(ctx context.Context, projectID string) (Board, error) {
	root, err := s.root(ctx, projectID)
	if err != nil {
		return Board{}, err
	}
	b, err := Parse(root)
	if errors.Is(err, ErrNoPlanning) {
		return b, nil
	}
	return b, err
}

// State reads STATE.md. Present is false when the project has no .planning folder; a folder
// without STATE.md is present with no position and no percentage.
func (s *Service) State(ctx context.Context, projectID string) (State, error) {
	root, err := s.root(ctx, projectID)
	if err != nil {
		return State{}, err
	}
	if !isDir(root) {
		return State{Position: []Field{}, Percent: -1}, nil
	}
	src, err := readCapped(filepath.Join(root, "STATE.md"), maxRoadmapBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return State{Present: true, Position: []Field{}, Percent: -1}, nil
	}
	if err != nil {
		return State{}, fmt.Errorf("read STATE.md: %w", err)
	}
	return parseState(string(src)), nil
}

// Document returns one Markdown file of .planning (a phase document, a PLAN, the ROADMAP).
func (s *Service) Document(ctx context.Context, projectID, rel string) (DocumentText, error) {
	root, err := s.root(ctx, projectID)
	if err != nil {
		return DocumentText{}, err
	}
	full, err := inside(root, rel)
	if err != nil {
		return DocumentText{}, err
	}
	src, err := readCapped(full, maxDocumentBytes)
	if err != nil {
		return DocumentText{}, fmt.Errorf("read %s: %w", rel, err)
	}
	return DocumentText{Path: rel, Content: string(src)}, nil
}

// SetStatus writes status into the PLAN file planID (a Plan.ID) and returns the board as it
// now reads. Only the front matter's status line changes; the file keeps its mode.
func (s *Service) SetStatus(ctx context.Context, projectID, planID, status string) (Board, error) {
	if !statusWord.MatchString(status) {
		return Board{}, ErrBadStatus
	}
	if strings.Contains(planID, "#") {
		return Board{}, ErrNotMovable
	}
	root, err := s.root(ctx, projectID)
	if err != nil {
		return Board{}, err
	}
	if !planFile.MatchString(path.Base(planID)) {
		return Board{}, fmt.Errorf("%w: %q is not a NN-MM-PLAN.md file", ErrPlanNotFound, planID)
	}
	full, err := inside(root, planID)
	if errors.Is(err, ErrDocumentNotFound) {
		return Board{}, fmt.Errorf("%w: %s", ErrPlanNotFound, planID)
	}
	if err != nil {
		return Board{}, err
	}
	s.writeMu.Lock()
	err = setStatus(full, status)
	s.writeMu.Unlock()
	if err != nil {
		return Board{}, fmt.Errorf("set status of %s: %w", planID, err)
	}
	s.log.Info("plan moved", "project", projectID, "plan", planID, "status", status)
	return s.Board(ctx, projectID)
}

func setStatus(full, status string) error {
	src, err := os.ReadFile(full)
	if err != nil {
		return err
	}
	out, err := withStatus(src, status)
	if err != nil {
		return err
	}
	return writeAtomic(full, out)
}

// inside resolves rel (slash-separated, relative to root) to a Markdown file that really lies
// inside root, symlinks followed: a link pointing out of .planning is refused.
func inside(root, rel string) (string, error) {
	clean := path.Clean(rel)
	if rel == "" || clean != rel || path.IsAbs(rel) || filepath.IsAbs(rel) || strings.Contains(rel, `\`) ||
		clean == ".." || strings.HasPrefix(clean, "../") || !strings.EqualFold(path.Ext(clean), ".md") {
		return "", fmt.Errorf("%w: %q", ErrBadPath, rel)
	}
	full := filepath.Join(root, filepath.FromSlash(clean))
	real, err := filepath.EvalSymlinks(full)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("%w: %s", ErrDocumentNotFound, rel)
	}
	if err != nil {
		return "", err
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return "", fmt.Errorf("%w: %s", ErrDocumentNotFound, rel)
	}
	if r, err := filepath.Rel(realRoot, real); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%w: %q leads out of .planning", ErrBadPath, rel)
	}
	if st, err := os.Stat(real); err != nil || !st.Mode().IsRegular() {
		return "", fmt.Errorf("%w: %s", ErrDocumentNotFound, rel)
	}
	return full, nil
}
