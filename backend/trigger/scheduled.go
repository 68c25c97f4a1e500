package trigger

import (
	"context"

	"github.com/agented/agented/backend/schedule"
)

var _ schedule.Jobs = (*Service)(nil)

// ScheduledJobs returns every enabled scheduled trigger as a schedule job.
func (s *Service) ScheduledJobs(ctx context.Context) ([]schedule.Job, error) {
	list, err := s.ListBySource(ctx, SourceScheduled)
	if err != nil {
		return nil, err
	}
	out := make([]schedule.Job, 0, len(list))
	for _, t := range list {
		out = append(out, schedule.Job{TriggerID: t.ID, Name: t.Name, Spec: t.ScheduleSpec(), MissedRunPolicy: t.MissedRunPolicy})
	}
	return out, nil
}
