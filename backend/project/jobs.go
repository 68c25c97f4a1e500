package project

import (
	"context"
	"sync"
	"time"
)

// Why a job was cut short, recorded as the clone's error.
const (
	reasonCancelled = "cancelled"
	reasonShutdown  = "Agented stopped during the clone"
)

// job is a running clone or sync of one project. There is at most one per project.
type job struct {
	kind     string // clone | sync
	cancel   context.CancelFunc
	done     chan struct{} // closed when the job has finished and recorded its outcome
	progress *progressWriter

	mu     sync.Mutex
	reason string // why it was cancelled; "" while nobody cancelled it
}

func (j *job) stop(reason string) {
	j.mu.Lock()
	if j.reason == "" {
		j.reason = reason
	}
	j.mu.Unlock()
	j.cancel()
}

func (j *job) stopReason() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.reason
}

// running reports whether a clone or sync of the project is running.
func (s *Service) running(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.jobs[id] != nil
}

// start registers a job for the project, or fails with ErrBusy when one runs.
func (s *Service) start(id, kind string, base CloneProgress) (*job, context.Context, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, nil, ErrShuttingDown
	}
	if s.jobs[id] != nil {
		return nil, nil, ErrBusy
	}
	ctx, cancel := context.WithCancel(context.Background())
	j := &job{kind: kind, cancel: cancel, done: make(chan struct{})}
	j.progress = newProgressWriter(base, func(p CloneProgress) { s.em.Emit(cloneEvent(id), p) })
	s.jobs[id] = j
	return j, ctx, nil
}

// end unregisters the job; call it once the outcome is stored.
func (s *Service) end(id string, j *job) {
	s.mu.Lock()
	if s.jobs[id] == j {
		delete(s.jobs, id)
	}
	s.mu.Unlock()
	j.cancel()
	close(j.done)
}

// Progress is the latest progress of the project's running clone or sync; ok is false when none runs.
func (s *Service) Progress(id string) (p CloneProgress, ok bool) {
	s.mu.Lock()
	j := s.jobs[id]
	s.mu.Unlock()
	if j == nil {
		return CloneProgress{}, false
	}
	return j.progress.Last(), true
}

// Cancel stops the project's running clone (its partial directory is removed) or sync, and
// waits until it has recorded that.
func (s *Service) Cancel(ctx context.Context, id string) error {
	if _, err := s.get(ctx, s.db.Reader, id); err != nil {
		return err
	}
	s.mu.Lock()
	j := s.jobs[id]
	s.mu.Unlock()
	if j == nil {
		return ErrNotCloning
	}
	j.stop(reasonCancelled)
	select {
	case <-j.done:
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(30 * time.Second):
		// Checkout does not watch for cancellation; the job still ends on its own.
	}
	s.log.InfoContext(ctx, "clone cancelled", "project_id", id, "kind", j.kind)
	return nil
}

// Shutdown cancels every running clone and sync and waits for them to record their outcome:
// a clone cut short ends as "error", its partial directory removed. Later clones are refused.
func (s *Service) Shutdown() {
	s.mu.Lock()
	s.closed = true
	jobs := make([]*job, 0, len(s.jobs))
	for _, j := range s.jobs {
		j.stop(reasonShutdown)
		jobs = append(jobs, j)
	}
	s.mu.Unlock()
	for _, j := range jobs {
		<-j.done
	}
}
