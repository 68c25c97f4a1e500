package execution

import (
	"context"
	"fmt"
)

// projectRuns is the condition "a run of the project": a run of a trigger linked to it, or a
// run started from one of its plans. A trigger's runs count for the projects it links now,
// whichever of them a past run worked in.
const projectRuns = `(trigger_id IN (SELECT trigger_id FROM trigger_projects WHERE project_id = ?) OR plan_project_id = ?)`

// ActiveByProject counts the running and queued runs of each project (projects without any are
// absent), for the project cards' "N running".
func (s *Store) ActiveByProject(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT project_id, COUNT(DISTINCT id) FROM (
			SELECT tp.project_id, e.id FROM executions e JOIN trigger_projects tp ON tp.trigger_id = e.trigger_id
				WHERE e.status IN ('queued', 'running')
			UNION ALL
			SELECT e.plan_project_id, e.id FROM executions e
				WHERE e.status IN ('queued', 'running') AND e.plan_project_id != ''
		) GROUP BY project_id`)
	if err != nil {
		return nil, fmt.Errorf("count active runs by project: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("count active runs by project: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}
