package trigger

import (
	"context"
	"fmt"
	"strings"
)

// load reads every trigger (predefined first, then by name) with its latest run.
func (s *Service) load(ctx context.Context) ([]Summary, error) {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT `+qualifiedColumns()+`,
		COALESCE(e.id, ''), COALESCE(e.status, ''), COALESCE(e.started_at, ''), COALESCE(e.finished_at, ''),
		(SELECT COUNT(*) FROM executions r WHERE r.trigger_id = triggers.id AND r.status = 'running'),
		(SELECT COUNT(*) FROM executions q WHERE q.trigger_id = triggers.id AND q.status = 'queued'),
		COALESCE(p.next_fire_at, '')
		FROM triggers
		LEFT JOIN schedule_plans p ON p.trigger_id = triggers.id AND triggers.enabled = 1 AND triggers.trigger_source = 'scheduled'
		LEFT JOIN executions e ON e.id = (SELECT id FROM executions x WHERE x.trigger_id = triggers.id ORDER BY x.queued_at DESC LIMIT 1)
		ORDER BY triggers.is_predefined DESC, triggers.name COLLATE NOCASE`)
	if err != nil {
		return nil, fmt.Errorf("list triggers: %w", err)
	}
	defer rows.Close()
	out := []Summary{}
	for rows.Next() {
		var sum Summary
		t := &sum.Trigger
		err := rows.Scan(&t.ID, &t.Name, &t.Description, &t.PromptTemplate, &t.SkillCommand, &t.BackendType, &t.Model,
			&t.AllowedTools, &t.PermissionProfile, &t.MaxTurns, &t.TriggerSource, &t.MatchFieldPath, &t.MatchFieldValue,
			&t.TextFieldPath, &t.DetectionKeyword, &t.GitHubRepoFilter, &t.GitHubEvents, &t.ScheduleType, &t.ScheduleTime,
			&t.ScheduleDay, &t.ScheduleTimezone, &t.ScheduleCron, &t.TimeoutSeconds, &t.GraceSeconds, &t.ConcurrencyPolicy,
			&t.Enabled, &t.IsPredefined, &t.CreatedAt, &t.UpdatedAt, &t.ScheduleAt, &t.MissedRunPolicy,
			&sum.LastExecutionID, &sum.LastStatus, &sum.LastStartedAt, &sum.LastFinishedAt, &sum.RunningCount, &sum.QueuedCount,
			&sum.NextRunAt)
		if err != nil {
			return nil, fmt.Errorf("scan trigger: %w", err)
		}
		out = append(out, sum)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	all, err := allPaths(ctx, s.db.Reader)
	if err != nil {
		return nil, err
	}
	if err := loadAllGuards(ctx, s.db.Reader, out); err != nil {
		return nil, err
	}
	if err := loadRoutes(ctx, s.db.Reader, out); err != nil {
		return nil, err
	}
	if err := loadAllGitHub(ctx, s.db.Reader, len(out), func(i int) string { return out[i].ID },
		func(i int) *Trigger { return &out[i].Trigger }); err != nil {
		return nil, err
	}
	if err := loadAllProjects(ctx, s.db.Reader, out); err != nil {
		return nil, err
	}
	paused, err := pausedTriggers(ctx, s.db.Reader)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].applyPause(paused[out[i].ID])
		paths := pathsOf(all, out[i].ID)
		out[i].Paths = paths
		s.fillSecret(&out[i].Trigger)
		var missing []string
		for _, p := range paths {
			if p.Missing {
				missing = append(missing, p.Path)
			}
		}
		if len(missing) > 0 {
			out[i].MissingPathsWarning = "linked directory no longer exists: " + strings.Join(missing, ", ")
		}
	}
	return out, nil
}
