package trigger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/schedule"
)

// Predefined trigger ids.
const (
	IDPRReview = "bot-pr-review"
	IDSecurity = "bot-security"
)

// defaults returns the predefined triggers as shipped.
func defaults() []Trigger {
	return []Trigger{
		{
			ID: IDPRReview, Name: "PR Review",
			Description:    "Reviews each pull request opened, updated or reopened on GitHub with Claude Code's /pr-review skill.",
			PromptTemplate: "/pr-review {pr_url} {pr_title}", BackendType: agent.Claude,
			PermissionProfile: agent.ProfileReadOnly, TriggerSource: SourceGitHub,
			GitHubEvents: "pull_request:opened,synchronize,reopened", Enabled: true,
		},
		{
			ID: IDSecurity, Name: "Weekly Security Audit",
			Description: "Audits the linked directories for vulnerabilities every Monday morning with the " +
				"/weekly-security-audit skill. Link directories and enable it to start.",
			PromptTemplate: "/weekly-security-audit {paths}", BackendType: agent.Claude,
			PermissionProfile: agent.ProfileReadOnly, TriggerSource: SourceScheduled,
			ScheduleType: "weekly", ScheduleTime: "09:00", ScheduleDay: 0, ScheduleTimezone: schedule.LocalZone(),
			Enabled: false, // it costs money every week: the user opts in once paths are linked
		},
	}
}

func defaultFor(id string) (Trigger, bool) {
	for _, t := range defaults() {
		if t.ID == id {
			normalize(&t)
			t.IsPredefined = true
			return t, true
		}
	}
	return Trigger{}, false
}

// Seed inserts the predefined triggers that are missing. Existing rows are left exactly as the
// user edited them: re-asserting any field at every start would silently undo the user's edits.
func (s *Service) Seed(ctx context.Context) error {
	for _, d := range defaults() {
		t, _ := defaultFor(d.ID)
		err := s.db.Tx(ctx, func(tx *sql.Tx) error {
			var one int
			err := tx.QueryRowContext(ctx, `SELECT 1 FROM triggers WHERE id = ?`, t.ID).Scan(&one)
			if err == nil {
				return nil
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			t.CreatedAt, t.UpdatedAt = db.Now(), db.Now()
			if err := insertTrigger(ctx, tx, t); err != nil {
				if errors.Is(err, db.ErrDuplicate) {
					// A user trigger already has this name: keep theirs, name ours apart.
					t.Name += " (built-in)"
					err = insertTrigger(ctx, tx, t)
				}
				if err != nil {
					return err
				}
			}
			return addHistory(ctx, tx, t.ID, t.PromptTemplate)
		})
		if err != nil {
			return fmt.Errorf("seed %s: %w", d.ID, err)
		}
	}
	s.invalidate()
	return nil
}

// ResetToDefault restores a predefined trigger's shipped settings, keeping its linked paths.
func (s *Service) ResetToDefault(ctx context.Context, id string) (Trigger, error) {
	d, ok := defaultFor(id)
	if !ok {
		return Trigger{}, fmt.Errorf("%w: %s is not a predefined trigger", ErrNotFound, id)
	}
	return s.Update(ctx, d)
}
