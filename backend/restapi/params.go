package restapi

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/validation"
)

// Page limits of the list endpoints.
const (
	defaultListLimit  = 50
	maxListLimit      = 500
	defaultLinesLimit = 1000
	maxLinesLimit     = 5000
)

// query reads query parameters, collecting every bad one so a client fixes them all at once.
// A bad value is an error, never silently replaced by a default.
type query struct {
	c    echo.Context
	errs *validation.Errors
}

func newQuery(c echo.Context) *query { return &query{c: c, errs: validation.New("query")} }

// number reads an integer in [lo, hi]; absent means def.
func (q *query) number(name string, def, lo, hi int) int {
	raw := strings.TrimSpace(q.c.QueryParam(name))
	if raw == "" {
		return def
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < lo || n > hi {
		q.errs.Add(name, fmt.Sprintf("must be a whole number from %d to %d", lo, hi))
		return def
	}
	return n
}

// seq reads a non-negative sequence number; absent means 0.
func (q *query) seq(name, raw string) int64 {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return 0
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < 0 {
		q.errs.Add(name, "must be a line sequence number (0 or more)")
		return 0
	}
	return n
}

// oneOf reads a value from a fixed list; absent means "".
func (q *query) oneOf(name string, allowed []string) string {
	v := strings.TrimSpace(q.c.QueryParam(name))
	if v != "" && !slices.Contains(allowed, v) {
		q.errs.Add(name, "must be one of "+strings.Join(allowed, ", "))
		return ""
	}
	return v
}

// timestamp reads an RFC 3339 timestamp; absent means "".
func (q *query) timestamp(name string) string {
	v := strings.TrimSpace(q.c.QueryParam(name))
	if v == "" {
		return ""
	}
	if _, err := time.Parse(time.RFC3339, v); err != nil {
		q.errs.Add(name, "must be an RFC 3339 time such as 2026-01-31T09:00:00Z")
		return ""
	}
	return v
}

// maxIDLen bounds an id given as a filter: ids are short generated strings.
const maxIDLen = 64

// id reads an entity id used as a filter; absent means "".
func (q *query) id(name string) string {
	v := strings.TrimSpace(q.c.QueryParam(name))
	if len(v) > maxIDLen || strings.ContainsAny(v, "\x00\r\n") {
		q.errs.Add(name, fmt.Sprintf("must be an id of at most %d characters", maxIDLen))
		return ""
	}
	return v
}

func (q *query) err() error { return q.errs.Err() }

// listFilter reads the execution list parameters shared by /executions and
// /triggers/:id/executions.
func listFilter(c echo.Context) (execution.ListFilter, error) {
	q := newQuery(c)
	f := execution.ListFilter{
		TriggerID: strings.TrimSpace(c.QueryParam("triggerId")),
		ProjectID: q.id("projectId"),
		Status:    q.oneOf("status", execution.Statuses),
		Backend:   q.oneOf("backend", agent.Backends),
		From:      q.timestamp("from"),
		To:        q.timestamp("to"),
		Query:     strings.TrimSpace(c.QueryParam("q")),
		Limit:     q.number("limit", defaultListLimit, 1, maxListLimit),
		Offset:    q.number("offset", 0, 0, 1<<31-1),
	}
	return f, q.err()
}

// linesWindow reads after= and limit= of the log endpoints.
func linesWindow(c echo.Context) (after int64, limit int, err error) {
	q := newQuery(c)
	after = q.seq("after", c.QueryParam("after"))
	limit = q.number("limit", defaultLinesLimit, 1, maxLinesLimit)
	return after, limit, q.err()
}

// pathID reads the :pathId route parameter.
func pathID(c echo.Context) (int64, error) {
	n, err := strconv.ParseInt(c.Param("pathId"), 10, 64)
	if err != nil || n <= 0 {
		return 0, badRequest("pathId must be a positive whole number", map[string]string{"pathId": "must be a positive whole number"})
	}
	return n, nil
}
