package planning

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/agented/agented/backend/events"
)

// watcher follows one project's planning files while at least one viewer has the board open.
type watcher struct {
	refs int
	fsw  *fsnotify.Watcher
	done chan struct{} // closed when the event loop has returned
}

// Watch starts following the project's planning files, or counts one more viewer if they are
// already followed. Each Watch must be paired with an Unwatch: nothing is watched (and no
// goroutine runs) while nobody looks at a board. A project without .planning is watched too, so
// the board appears as soon as the folder does.
func (s *Service) Watch(ctx context.Context, projectID string) error {
	dir, err := s.d.Projects.WorkDir(ctx, projectID)
	if err != nil {
		return err
	}
	if dir == "" {
		return ErrNoProject
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if w, ok := s.watchers[projectID]; ok {
		w.refs++
		return nil
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	// The project directory itself, for .planning appearing, vanishing or being replaced.
	if err := fsw.Add(dir); err != nil {
		fsw.Close()
		return err
	}
	root := filepath.Join(dir, Dir)
	addTree(fsw, root, s.log)
	w := &watcher{refs: 1, fsw: fsw, done: make(chan struct{})}
	s.watchers[projectID] = w
	s.d.Go(func() { s.loop(projectID, root, w) })
	return nil
}

// Unwatch drops one viewer; the last one stops the watcher.
func (s *Service) Unwatch(projectID string) {
	s.mu.Lock()
	w, ok := s.watchers[projectID]
	if ok {
		w.refs--
		if w.refs > 0 {
			ok = false
		} else {
			delete(s.watchers, projectID)
		}
	}
	s.mu.Unlock()
	if ok {
		w.fsw.Close()
		<-w.done
	}
}

// Watching reports how many viewers follow the project (tests and diagnostics).
func (s *Service) Watching(projectID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w, ok := s.watchers[projectID]; ok {
		return w.refs
	}
	return 0
}

// Close stops every watcher (app shutdown).
func (s *Service) Close() {
	s.mu.Lock()
	ws := s.watchers
	s.watchers = map[string]*watcher{}
	s.mu.Unlock()
	for _, w := range ws {
		w.fsw.Close()
		<-w.done
	}
}

// loop turns bursts of file events into one planning:changed event, 200 ms after the last
// event of the burst: an editor's save (write, rename, chmod) or a CLI writing ten files is one
// refresh, not ten.
func (s *Service) loop(projectID, root string, w *watcher) {
	defer close(w.done)
	var timer *time.Timer
	var fire <-chan time.Time
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		select {
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if !relevant(root, ev) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				// A new folder (a phase, a milestone, .planning itself) may already hold files
				// by the time it is watched; the refresh below reads them anyway.
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					addTree(w.fsw, ev.Name, s.log)
				}
			}
			if timer == nil {
				timer = time.NewTimer(s.d.Debounce)
			} else {
				timer.Reset(s.d.Debounce)
			}
			fire = timer.C
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			s.log.Warn("watch planning files", "project", projectID, "err", err)
		case <-fire:
			fire = nil
			s.d.Emitter.Emit(events.PlanningChanged(projectID), Changed{ProjectID: projectID})
		}
	}
}

// relevant keeps events inside .planning (and .planning itself); the project directory is
// watched only for that one entry. Editors' temporary and swap files do not count.
func relevant(root string, ev fsnotify.Event) bool {
	if ev.Name != root && !strings.HasPrefix(ev.Name, root+string(filepath.Separator)) {
		return false
	}
	base := filepath.Base(ev.Name)
	return !strings.HasSuffix(base, "~") && !strings.HasSuffix(base, ".swp") && !strings.HasSuffix(base, ".tmp")
}

// addTree watches dir and every folder under it. Errors are logged, not returned: a folder that
// cannot be watched still shows on the board, it just does not update live.
func addTree(fsw *fsnotify.Watcher, dir string, log *slog.Logger) {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			return fsw.Add(p)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		log.Warn("watch planning folder", "dir", dir, "err", err)
	}
}
