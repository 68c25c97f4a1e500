package execution

import (
	"context"
	"strings"
	"testing"

	"github.com/agented/agented/backend/internal/testutil"
)

// TestQueueQueriesUseTheirIndexes: the dispatcher's page of the queue and the indexer's list of
// finished unindexed runs are read from their partial indexes, in order, without sorting: with
// thousands of runs queued, anything else reads every queued row each time a run ends.
func TestQueueQueriesUseTheirIndexes(t *testing.T) {
	t.Parallel()
	d := testutil.OpenDB(t)
	tests := []struct {
		name  string
		query string
		index string
	}{
		{"first page", queuedPageQuery + ` ORDER BY rowid LIMIT 10`, "executions_queue"},
		{"next page", queuedPageQuery + ` AND rowid > (SELECT rowid FROM executions WHERE id = 'x') ORDER BY rowid LIMIT 10`, "executions_queue"},
		{"unindexed", unindexedQuery, "executions_to_index"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := strings.ReplaceAll(tt.query, "?", "'2020-01-01T00:00:00Z'")
			rows, err := d.Reader.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			all := strings.Join(plan, "\n")
			if !strings.Contains(all, tt.index) || strings.Contains(all, "TEMP B-TREE") {
				t.Fatalf("plan does not read %s in order:\n%s", tt.index, all)
			}
		})
	}
}
