package restapi

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/schedule"
	"github.com/agented/agented/backend/trigger"
)

// Schedules is what the API needs of the scheduler (*schedule.Scheduler).
type Schedules interface {
	StateFor(triggerID string, spec schedule.Spec, active bool) schedule.State
	Upcoming(limit int) []schedule.Upcoming
	Preview(spec schedule.Spec) schedule.Preview
}

// TriggerDetail is the answer of GET /admin/triggers/:id: the trigger, its next fire times
// (RFC 3339; empty unless it is an enabled scheduled trigger) and, for a scheduled trigger, its
// schedule's sentence and last outcome.
type TriggerDetail struct {
	trigger.Trigger
	NextFireTimes []string        `json:"nextFireTimes"`
	Schedule      *schedule.State `json:"schedule,omitempty"`
}

// UpcomingList is the answer of GET /admin/schedules/upcoming.
type UpcomingList struct {
	Upcoming []schedule.Upcoming `json:"upcoming"`
}

// MaxUpcoming bounds GET /admin/schedules/upcoming?limit=.
const MaxUpcoming = 100

func (a *API) detail(t trigger.Trigger) TriggerDetail {
	d := TriggerDetail{Trigger: t, NextFireTimes: []string{}}
	if a.d.Schedules == nil || t.TriggerSource != trigger.SourceScheduled {
		return d
	}
	st := a.d.Schedules.StateFor(t.ID, t.ScheduleSpec(), t.Enabled)
	d.Schedule, d.NextFireTimes = &st, st.NextFireTimes
	return d
}

func (a *API) upcomingRuns(c echo.Context) error {
	limit := 10
	if s := c.QueryParam("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxUpcoming {
			return a.fail(c, badRequest("limit must be a number from 1 to 100", map[string]string{"limit": "must be 1 to 100"}))
		}
		limit = n
	}
	return c.JSON(http.StatusOK, UpcomingList{Upcoming: a.d.Schedules.Upcoming(limit)})
}

// previewSchedule describes an unsaved schedule (the trigger's schedule fields) with its next
// five fire times; a bad field is answered 400 with the field's message.
func (a *API) previewSchedule(c echo.Context) error {
	var spec schedule.Spec
	if err := decodeJSON(c, &spec, false); err != nil {
		return a.fail(c, err)
	}
	p := a.d.Schedules.Preview(spec)
	if len(p.Errors) > 0 {
		return a.fail(c, badRequest("invalid schedule", p.Errors))
	}
	return c.JSON(http.StatusOK, p)
}
