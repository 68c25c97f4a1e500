package trigger

import (
	"context"
	"fmt"
	"strings"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/validation"
)

// MaxProjects bounds the projects one trigger links; every run resolves each of them.
const MaxProjects = 16

// maxProjectIDLen caps one project id: ids are generated ("proj-" and 16 hex digits), so a
// longer one is never a project.
const maxProjectIDLen = 64

// normalizeProjects trims the ids. A nil list stays nil: on update it means "keep the stored
// links" (a PUT that leaves projectIds out, a predefined trigger reset to its defaults).
func normalizeProjects(t *Trigger) {
	for i, id := range t.ProjectIDs {
		t.ProjectIDs[i] = strings.TrimSpace(id)
	}
}

// validateProjects checks the list on its own: size, empty ids and duplicates. Whether each id
// names a project is checked against the store, in the transaction that saves the links.
func validateProjects(t Trigger, errs *validation.Errors) {
	if len(t.ProjectIDs) > MaxProjects {
		errs.Add("projectIds", fmt.Sprintf("must link at most %d projects", MaxProjects))
		return
	}
	seen := map[string]bool{}
	for _, id := range t.ProjectIDs {
		switch {
		case id == "":
			errs.Add("projectIds", "must not contain an empty project id")
		case tooLong(id, maxProjectIDLen):
			errs.Add("projectIds", fmt.Sprintf("%.64q… is not a project id", id))
		case seen[id]:
			errs.Add("projectIds", "links project "+id+" twice")
		}
		seen[id] = true
	}
}

// saveProjects replaces the trigger's links with t.ProjectIDs in their order (the first one's
// working copy is where runs work). Each id must name a project: the check runs in the caller's
// transaction, so a project deleted meanwhile cannot slip in (and the foreign key refuses it
// anyway). A nil list keeps the stored links.
func saveProjects(ctx context.Context, h db.Handler, t Trigger) error {
	if t.ProjectIDs == nil {
		return nil
	}
	var unknown []string
	for _, id := range t.ProjectIDs {
		var n int
		if err := h.QueryRowContext(ctx, `SELECT COUNT(*) FROM projects WHERE id = ?`, id).Scan(&n); err != nil {
			return fmt.Errorf("check linked project: %w", err)
		}
		if n == 0 {
			unknown = append(unknown, id)
		}
	}
	if len(unknown) > 0 {
		errs := validation.New("trigger")
		errs.Add("projectIds", "names no project: "+strings.Join(unknown, ", "))
		return errs
	}
	if _, err := h.ExecContext(ctx, `DELETE FROM trigger_projects WHERE trigger_id = ?`, t.ID); err != nil {
		return fmt.Errorf("save linked projects: %w", err)
	}
	for i, id := range t.ProjectIDs {
		if _, err := h.ExecContext(ctx, `INSERT INTO trigger_projects(trigger_id, project_id, position) VALUES(?, ?, ?)`,
			t.ID, id, i); err != nil {
			return fmt.Errorf("save linked projects: %w", db.WrapError(err))
		}
	}
	return nil
}

// loadProjects fills one trigger's linked project ids, never nil.
func loadProjects(ctx context.Context, h db.Handler, t *Trigger) error {
	m, err := queryProjects(ctx, h, `WHERE trigger_id = ?`, t.ID)
	t.ProjectIDs = projectsOf(m, t.ID)
	return err
}

// loadAllProjects fills the linked projects of a list in one query.
func loadAllProjects(ctx context.Context, h db.Handler, list []Summary) error {
	m, err := queryProjects(ctx, h, ``)
	for i := range list {
		list[i].ProjectIDs = projectsOf(m, list[i].ID)
	}
	return err
}

func projectsOf(m map[string][]string, id string) []string {
	if ids := m[id]; ids != nil {
		return ids
	}
	return []string{}
}

func queryProjects(ctx context.Context, h db.Handler, where string, args ...any) (map[string][]string, error) {
	rows, err := h.QueryContext(ctx, `SELECT trigger_id, project_id FROM trigger_projects `+where+`
		ORDER BY trigger_id, position, project_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read linked projects: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var tid, pid string
		if err := rows.Scan(&tid, &pid); err != nil {
			return nil, fmt.Errorf("read linked projects: %w", err)
		}
		out[tid] = append(out[tid], pid)
	}
	return out, rows.Err()
}
