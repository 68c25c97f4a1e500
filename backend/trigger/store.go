package trigger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/agented/agented/backend/db"
)

const columns = `id, name, description, prompt_template, skill_command, backend_type, model, allowed_tools,
	permission_profile, max_turns, trigger_source, match_field_path, match_field_value, text_field_path,
	detection_keyword, github_repo_filter, github_events, schedule_type, schedule_time, schedule_day,
	schedule_timezone, schedule_cron, timeout_seconds, grace_seconds, concurrency_policy, enabled,
	is_predefined, created_at, updated_at, schedule_at, missed_run_policy`

// qualifiedColumns is columns with each name prefixed by the table, for joins.
func qualifiedColumns() string {
	parts := strings.Split(columns, ",")
	for i, c := range parts {
		parts[i] = "triggers." + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// placeholders returns one "?" per column.
func placeholders() string {
	return strings.TrimSuffix(strings.Repeat("?,", len(strings.Split(columns, ","))), ",")
}

type scanner interface{ Scan(dest ...any) error }

func scanTrigger(row scanner) (Trigger, error) {
	var t Trigger
	err := row.Scan(&t.ID, &t.Name, &t.Description, &t.PromptTemplate, &t.SkillCommand, &t.BackendType, &t.Model,
		&t.AllowedTools, &t.PermissionProfile, &t.MaxTurns, &t.TriggerSource, &t.MatchFieldPath, &t.MatchFieldValue,
		&t.TextFieldPath, &t.DetectionKeyword, &t.GitHubRepoFilter, &t.GitHubEvents, &t.ScheduleType, &t.ScheduleTime,
		&t.ScheduleDay, &t.ScheduleTimezone, &t.ScheduleCron, &t.TimeoutSeconds, &t.GraceSeconds, &t.ConcurrencyPolicy,
		&t.Enabled, &t.IsPredefined, &t.CreatedAt, &t.UpdatedAt, &t.ScheduleAt, &t.MissedRunPolicy)
	return t, err
}

func args(t Trigger) []any {
	return []any{t.ID, t.Name, t.Description, t.PromptTemplate, t.SkillCommand, t.BackendType, t.Model, t.AllowedTools,
		t.PermissionProfile, t.MaxTurns, t.TriggerSource, t.MatchFieldPath, t.MatchFieldValue, t.TextFieldPath,
		t.DetectionKeyword, t.GitHubRepoFilter, t.GitHubEvents, t.ScheduleType, t.ScheduleTime, t.ScheduleDay,
		t.ScheduleTimezone, t.ScheduleCron, t.TimeoutSeconds, t.GraceSeconds, t.ConcurrencyPolicy, t.Enabled,
		t.IsPredefined, t.CreatedAt, t.UpdatedAt, t.ScheduleAt, t.MissedRunPolicy}
}

func insertTrigger(ctx context.Context, h db.Handler, t Trigger) error {
	_, err := h.ExecContext(ctx, `INSERT INTO triggers(`+columns+`) VALUES(`+placeholders()+`)`, args(t)...)
	return db.WrapError(err)
}

func updateTrigger(ctx context.Context, h db.Handler, t Trigger) error {
	a := args(t)
	// Every column but id and created_at, then the id for WHERE.
	var assign []string
	var vals []any
	for i, c := range strings.Split(columns, ",") {
		c = strings.TrimSpace(c)
		if c == "id" || c == "created_at" {
			continue
		}
		assign = append(assign, c+" = ?")
		vals = append(vals, a[i])
	}
	res, err := h.ExecContext(ctx, `UPDATE triggers SET `+strings.Join(assign, ", ")+` WHERE id = ?`, append(vals, t.ID)...)
	if err != nil {
		return db.WrapError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

func getTrigger(ctx context.Context, h db.Handler, id string) (Trigger, error) {
	t, err := scanTrigger(h.QueryRowContext(ctx, `SELECT `+columns+` FROM triggers WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Trigger{}, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if err != nil {
		return Trigger{}, fmt.Errorf("read trigger: %w", err)
	}
	if t.Paths, err = listPaths(ctx, h, id); err != nil {
		return t, err
	}
	if err := loadGuards(ctx, h, &t); err != nil {
		return t, err
	}
	if err := loadRoute(ctx, h, &t); err != nil {
		return t, err
	}
	if err := loadGitHub(ctx, h, &t); err != nil {
		return t, err
	}
	if err := loadProjects(ctx, h, &t); err != nil {
		return t, err
	}
	p, err := pauseOf(ctx, h, id)
	t.applyPause(p)
	return t, err
}

func listPaths(ctx context.Context, h db.Handler, id string) ([]LinkedPath, error) {
	byTrigger, err := queryPaths(ctx, h, `WHERE trigger_id = ?`, id)
	return pathsOf(byTrigger, id), err
}

// allPaths reads every trigger's paths in one query: lists would otherwise cost one query (and,
// with modernc, one statement compilation) per trigger.
func allPaths(ctx context.Context, h db.Handler) (map[string][]LinkedPath, error) {
	return queryPaths(ctx, h, ``)
}

// pathsOf returns a trigger's paths from allPaths' map, never nil.
func pathsOf(m map[string][]LinkedPath, id string) []LinkedPath {
	if p := m[id]; p != nil {
		return p
	}
	return []LinkedPath{}
}

func queryPaths(ctx context.Context, h db.Handler, where string, args ...any) (map[string][]LinkedPath, error) {
	rows, err := h.QueryContext(ctx, `SELECT trigger_id, id, path, project_id, position FROM trigger_paths `+where+`
		ORDER BY trigger_id, position, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read paths: %w", err)
	}
	defer rows.Close()
	out := map[string][]LinkedPath{}
	for rows.Next() {
		var id string
		var p LinkedPath
		if err := rows.Scan(&id, &p.ID, &p.Path, &p.ProjectID, &p.Position); err != nil {
			return nil, err
		}
		if fi, err := os.Stat(p.Path); err != nil || !fi.IsDir() {
			p.Missing = true
		}
		out[id] = append(out[id], p)
	}
	return out, rows.Err()
}

func addHistory(ctx context.Context, h db.Handler, id, template string) error {
	_, err := h.ExecContext(ctx, `INSERT INTO trigger_template_history(trigger_id, template, changed_at) VALUES(?, ?, ?)`, id, template, db.Now())
	return db.WrapError(err)
}
