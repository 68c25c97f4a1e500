package usage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/agented/agented/backend/db"
)

// Dimensions a report can group by.
const (
	ByDay     = "day"
	ByTrigger = "trigger"
	ByBackend = "backend"
	ByAccount = "account"
	ByModel   = "model"
)

// Dimensions lists them in the order a row shows them.
var Dimensions = []string{ByDay, ByTrigger, ByBackend, ByAccount, ByModel}

// ErrBadQuery refuses a report query with a bad range or grouping.
var ErrBadQuery = errors.New("bad usage query")

// Query selects runs started in [From, To) (RFC 3339; empty From is 30 days before To, empty To is
// now) and groups them by the named dimensions (none: one total row).
type Query struct {
	From    string   `json:"from"`
	To      string   `json:"to"`
	GroupBy []string `json:"groupBy"`
}

// Row is the usage of one group. Only the fields of the grouped dimensions are set; Day is the
// local date (YYYY-MM-DD) the runs started.
type Row struct {
	Day          string  `json:"day,omitempty"`
	TriggerID    string  `json:"triggerId,omitempty"`
	TriggerName  string  `json:"triggerName,omitempty"`
	Backend      string  `json:"backend,omitempty"`
	AccountID    string  `json:"accountId,omitempty"`
	Model        string  `json:"model,omitempty"`
	Runs         int     `json:"runs"`
	InputTokens  int64   `json:"inputTokens"`
	OutputTokens int64   `json:"outputTokens"`
	CachedTokens int64   `json:"cachedTokens"`
	CostUSD      float64 `json:"costUsd"`
	// EstimatedUSD is the part of CostUSD that Agented estimated from tokens.
	EstimatedUSD float64 `json:"estimatedUsd"`
}

// Report is a usage report.
type Report struct {
	From string `json:"from"`
	To   string `json:"to"`
	Rows []Row  `json:"rows"`
}

// Reports reads usage from the executions table.
type Reports struct {
	db  *db.DB
	now func() time.Time
}

// NewReports returns the reader.
func NewReports(d *db.DB) *Reports { return &Reports{db: d, now: time.Now} }

// spendSQL lists what was spent, one row per attempt of a run (a run the router moved between
// accounts is counted on each account it spent on), and one row per run without attempts (a run
// refused before its first attempt). Its ? are the window's bounds, twice.
const spendSQL = `WITH spend AS (
	SELECT e.id, e.started_at, e.queued_at, e.trigger_id, e.trigger_name, a.backend, a.account_id, a.usage, a.cost_usd
	FROM executions e JOIN execution_attempts a ON a.execution_id = e.id
	WHERE e.status NOT IN ('queued', 'running') AND e.started_at >= ? AND e.started_at < ?
	UNION ALL
	SELECT e.id, e.started_at, e.queued_at, e.trigger_id, e.trigger_name, e.backend_type,
		COALESCE(json_extract(e.trigger_snapshot, '$.accountId'), ''), e.usage, e.cost_usd
	FROM executions e
	WHERE e.status NOT IN ('queued', 'running') AND e.started_at >= ? AND e.started_at < ?
		AND NOT EXISTS (SELECT 1 FROM execution_attempts a WHERE a.execution_id = e.id))
`

// sqlOf is each dimension's expression over the spend rows (e).
var sqlOf = map[string]string{
	ByDay:     `date(CASE WHEN e.started_at != '' THEN e.started_at ELSE e.queued_at END, 'localtime')`,
	ByTrigger: `COALESCE(e.trigger_id, '')`,
	ByBackend: `e.backend`,
	ByAccount: `e.account_id`,
	ByModel:   `COALESCE(json_extract(e.usage, '$.model'), '')`,
}

// Get runs a report.
func (r *Reports) Get(ctx context.Context, q Query) (Report, error) {
	to, from, err := r.window(q)
	if err != nil {
		return Report{}, err
	}
	var groups []string
	for _, g := range q.GroupBy {
		g = strings.TrimSpace(g)
		if g == "" {
			continue
		}
		if !slices.Contains(Dimensions, g) {
			return Report{}, fmt.Errorf("%w: groupBy %q is not one of %s", ErrBadQuery, g, strings.Join(Dimensions, ", "))
		}
		if !slices.Contains(groups, g) {
			groups = append(groups, g)
		}
	}
	slices.SortFunc(groups, func(a, b string) int { return slices.Index(Dimensions, a) - slices.Index(Dimensions, b) })
	var cols, by []string
	for _, g := range groups {
		cols = append(cols, sqlOf[g])
		by = append(by, sqlOf[g])
	}
	if slices.Contains(groups, ByTrigger) {
		cols = append(cols, `MAX(e.trigger_name)`)
	}
	sel := strings.Join(append(cols, `COUNT(DISTINCT e.id)`,
		`COALESCE(SUM(json_extract(e.usage, '$.inputTokens')), 0)`,
		`COALESCE(SUM(json_extract(e.usage, '$.outputTokens')), 0)`,
		`COALESCE(SUM(json_extract(e.usage, '$.cachedTokens')), 0)`,
		`COALESCE(SUM(e.cost_usd), 0)`,
		`COALESCE(SUM(CASE WHEN json_extract(e.usage, '$.costEstimated') THEN e.cost_usd ELSE 0 END), 0)`), ", ")
	query := spendSQL + `SELECT ` + sel + ` FROM spend e`
	if len(by) > 0 {
		query += ` GROUP BY ` + strings.Join(by, ", ") + ` ORDER BY ` + strings.Join(by, ", ")
	}
	lo, hi := from.UTC().Format(db.TimeFormat), to.UTC().Format(db.TimeFormat)
	rows, err := r.db.Reader.QueryContext(ctx, query, lo, hi, lo, hi)
	if err != nil {
		return Report{}, fmt.Errorf("usage report: %w", err)
	}
	defer rows.Close()
	out := Report{From: from.UTC().Format(time.RFC3339), To: to.UTC().Format(time.RFC3339), Rows: []Row{}}
	for rows.Next() {
		var row Row
		var dst []any
		for _, g := range groups {
			dst = append(dst, map[string]*string{ByDay: &row.Day, ByTrigger: &row.TriggerID, ByBackend: &row.Backend,
				ByAccount: &row.AccountID, ByModel: &row.Model}[g])
		}
		if slices.Contains(groups, ByTrigger) {
			dst = append(dst, &row.TriggerName)
		}
		dst = append(dst, &row.Runs, &row.InputTokens, &row.OutputTokens, &row.CachedTokens, &row.CostUSD, &row.EstimatedUSD)
		if err := rows.Scan(dst...); err != nil {
			return Report{}, fmt.Errorf("read usage row: %w", err)
		}
		out.Rows = append(out.Rows, row)
	}
	return out, rows.Err()
}

func (r *Reports) window(q Query) (to, from time.Time, err error) {
	to = r.now()
	if q.To != "" {
		if to, err = time.Parse(time.RFC3339, q.To); err != nil {
			return to, from, fmt.Errorf("%w: to must be an RFC 3339 time such as 2026-01-31T00:00:00Z", ErrBadQuery)
		}
	}
	from = to.AddDate(0, 0, -30)
	if q.From != "" {
		if from, err = time.Parse(time.RFC3339, q.From); err != nil {
			return to, from, fmt.Errorf("%w: from must be an RFC 3339 time such as 2026-01-01T00:00:00Z", ErrBadQuery)
		}
	}
	if !from.Before(to) {
		return to, from, fmt.Errorf("%w: from must be before to", ErrBadQuery)
	}
	if to.Sub(from) > 366*24*time.Hour {
		return to, from, fmt.Errorf("%w: the range may be at most 366 days", ErrBadQuery)
	}
	return to, from, nil
}
