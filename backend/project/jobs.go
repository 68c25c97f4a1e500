package project

import "context"

// job is a running clone or sync of one project. There is at most one per project.
type job struct {
	kind   string // clone | sync
	cancel context.CancelFunc
	done   chan struct{} // closed when the job has finished and recorded its outcome
}

// running reports whether a clone or sync of the project is running.
func (s *Service) running(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.jobs[id] != nil
}

// Shutdown cancels every running clone and sync and waits for them to record their outcome.
func (s *Service) Shutdown() {
	s.mu.Lock()
	jobs := make([]*job, 0, len(s.jobs))
	for _, j := range s.jobs {
		j.cancel()
		jobs = append(jobs, j)
	}
	s.mu.Unlock()
	for _, j := range jobs {
		<-j.done
	}
}
