// Package schedule plans and fires the runs of scheduled triggers.
//
// A trigger's schedule (Spec) is daily, weekly or monthly at HH:MM, a raw 5-field cron
// expression, or a single moment (once), always in an IANA time zone. robfig/cron parses the
// expressions and computes the next matching time; Agented owns everything else: the next fire
// time of every trigger is persisted (Store), one timer wakes the Scheduler at the earliest one,
// and each firing goes through the execution engine like a manual run. A restart, an edited or a
// deleted trigger re-plans from the stored state, so nothing fires twice and nothing is lost.
//
// Daylight saving time: a time that does not exist on a spring-forward day (02:30 in
// Europe/Berlin on the last Sunday of March) fires once, an hour later in wall time (03:30), and
// a time that happens twice on a fall-back day fires once, at its first occurrence. Schedules
// that run every hour keep running through the repeated hour, like classic cron.
//
// Missed runs: a fire time that passed while Agented was closed or the machine slept is either
// skipped (the default) or caught up by exactly one run, per trigger; never a burst.
//
// Everything that would have to be shared by several Agented processes on one database (the
// planned fire times and the claim that a planned time has fired) sits behind the small Store
// interface, so a later multi-machine deployment can put it on PostgreSQL (River) without
// touching the Scheduler.
package schedule

import (
	"fmt"
	"math/bits"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Schedule types.
const (
	TypeDaily   = "daily"
	TypeWeekly  = "weekly"
	TypeMonthly = "monthly"
	TypeCron    = "cron"
	TypeOnce    = "once"
)

// Types lists every schedule type, in the order the editor offers them.
var Types = []string{TypeDaily, TypeWeekly, TypeMonthly, TypeCron, TypeOnce}

// Missed-run policies.
const (
	MissedSkip    = "skip"     // a fire time that passed unnoticed is dropped (default)
	MissedRunOnce = "run-once" // one catch-up run, however many fire times passed
)

// Spec is a trigger's schedule, in the trigger's own field names.
type Spec struct {
	Type     string `json:"scheduleType"`     // daily | weekly | monthly | cron | once
	Time     string `json:"scheduleTime"`     // HH:MM, 24-hour (daily, weekly, monthly)
	Day      int    `json:"scheduleDay"`      // weekly: 0 (Monday) to 6 (Sunday); monthly: 1 to 28
	Timezone string `json:"scheduleTimezone"` // IANA; empty means the machine's zone
	Cron     string `json:"scheduleCron"`     // minute hour day-of-month month day-of-week
	At       string `json:"scheduleAt"`       // once: RFC 3339
}

// Key identifies what a plan was computed from: when it changes, the plan is recomputed.
func (s Spec) Key() string {
	return strings.Join([]string{s.Type, s.Time, strconv.Itoa(s.Day), s.Timezone, s.Cron, s.At}, "|")
}

var hhmm = regexp.MustCompile(`^([01]\d|2[0-3]):([0-5]\d)$`)

// parser accepts exactly the five standard fields plus the usual descriptors (@daily...).
var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Schedule is a parsed Spec: it answers the next fire time after any instant.
type Schedule struct {
	spec Spec
	loc  *time.Location
	at   time.Time          // once
	real *cron.SpecSchedule // matches in loc
	wall *cron.SpecSchedule // the same fields matched in UTC, i.e. on wall-clock values
	// fixedHour is true when the expression names particular hours: such a job runs once per
	// wall-clock time, while an hourly job keeps running through a repeated hour.
	fixedHour bool
}

// Parse checks a Spec and returns its schedule. The error is a *FieldError naming the field.
func Parse(s Spec) (*Schedule, error) {
	loc, err := loadZone(s.Timezone)
	if err != nil {
		return nil, err
	}
	out := &Schedule{spec: s, loc: loc}
	var expr string
	switch s.Type {
	case TypeOnce:
		at, err := time.Parse(time.RFC3339, strings.TrimSpace(s.At))
		if err != nil {
			return nil, &FieldError{Field: "scheduleAt", Msg: "must be a date and time in RFC 3339, e.g. 2026-12-24T09:00:00+01:00"}
		}
		out.at = at
		return out, nil
	case TypeCron:
		expr = strings.TrimSpace(s.Cron)
		if !strings.HasPrefix(expr, "@") && len(strings.Fields(expr)) != 5 {
			return nil, &FieldError{Field: "scheduleCron", Msg: "must have 5 fields: minute hour day-of-month month day-of-week"}
		}
	case TypeDaily, TypeWeekly, TypeMonthly:
		m := hhmm.FindStringSubmatch(s.Time)
		if m == nil {
			return nil, &FieldError{Field: "scheduleTime", Msg: "must be HH:MM (24-hour)"}
		}
		h, _ := strconv.Atoi(m[1])
		mi, _ := strconv.Atoi(m[2])
		switch s.Type {
		case TypeDaily:
			expr = fmt.Sprintf("%d %d * * *", mi, h)
		case TypeWeekly:
			if s.Day < 0 || s.Day > 6 {
				return nil, &FieldError{Field: "scheduleDay", Msg: "must be 0 (Monday) to 6 (Sunday)"}
			}
			expr = fmt.Sprintf("%d %d * * %d", mi, h, (s.Day+1)%7) // cron counts from Sunday
		default:
			if s.Day < 1 || s.Day > 28 {
				return nil, &FieldError{Field: "scheduleDay", Msg: "must be 1 to 28 (every month has them)"}
			}
			expr = fmt.Sprintf("%d %d %d * *", mi, h, s.Day)
		}
	default:
		return nil, &FieldError{Field: "scheduleType", Msg: "must be daily, weekly, monthly, cron or once"}
	}
	parsed, err := parser.Parse(expr)
	if err != nil {
		return nil, &FieldError{Field: "scheduleCron", Msg: "is not a valid cron expression: " + err.Error()}
	}
	spec, ok := parsed.(*cron.SpecSchedule)
	if !ok { // the parser above only yields SpecSchedules; @every is not enabled
		return nil, &FieldError{Field: "scheduleCron", Msg: "must be a cron expression"}
	}
	real, wall := *spec, *spec
	real.Location, wall.Location = loc, time.UTC
	out.real, out.wall = &real, &wall
	out.fixedHour = bits.OnesCount64(spec.Hour&(1<<24-1)) < 24
	if out.Next(time.Now()).IsZero() {
		return nil, &FieldError{Field: "scheduleCron", Msg: "never matches a date (e.g. 30 February)"}
	}
	return out, nil
}

// Location is the schedule's time zone.
func (s *Schedule) Location() *time.Location { return s.loc }

// Spec is what the schedule was parsed from.
func (s *Schedule) Spec() Spec { return s.spec }

// Next returns the first fire time strictly after t, or the zero time when there is none (a
// once schedule whose moment has passed).
func (s *Schedule) Next(t time.Time) time.Time {
	if s.spec.Type == TypeOnce {
		if s.at.After(t) {
			return s.at.In(s.loc)
		}
		return time.Time{}
	}
	t = t.In(s.loc)
	next := s.real.Next(t)
	// robfig/cron matches on wall-clock values as the zone shows them, so a fixed time inside a
	// repeated hour matches twice: keep only its first occurrence.
	for i := 0; i < 4 && s.fixedHour && !next.IsZero() && repeated(next); i++ {
		next = s.real.Next(next)
	}
	// ...and a time inside a skipped hour never matches: find the wall-clock time that should
	// have fired and run it where Go places it (shifted by the skipped hour).
	w := s.wall.Next(wallOf(t))
	if !w.IsZero() {
		if shifted, skipped := place(w, s.loc); skipped && shifted.After(t) && (next.IsZero() || shifted.Before(next)) {
			next = shifted
		}
	}
	return next
}

// NextN returns up to n fire times after t.
func (s *Schedule) NextN(t time.Time, n int) []time.Time {
	out := make([]time.Time, 0, n)
	for len(out) < n {
		t = s.Next(t)
		if t.IsZero() {
			break
		}
		out = append(out, t)
	}
	return out
}

// wallOf returns t's wall-clock reading in its zone as a UTC time: matching cron fields on it
// ignores daylight saving time.
func wallOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// place returns the instant that shows wall-clock time w (a UTC value) in loc. When loc skips
// that time, skipped is true and the instant is w read with the offset in force before the
// change, which shows w plus the skipped hour (02:30 becomes 03:30): time.Date's choice
// differs between zones.
func place(w time.Time, loc *time.Location) (at time.Time, skipped bool) {
	at = time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, loc)
	if sameWall(at, w) {
		return at, false
	}
	_, before := at.Add(-3 * time.Hour).Zone()
	_, after := at.Add(3 * time.Hour).Zone()
	return w.Add(-time.Duration(min(before, after)) * time.Second).In(loc), true
}

func sameWall(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay() && a.Hour() == b.Hour() && a.Minute() == b.Minute()
}

// repeated reports whether t's wall-clock time was already shown earlier that day, i.e. t is in
// the second pass of an hour that a fall-back repeats. Offsets change by 30 minutes to 2 hours.
func repeated(t time.Time) bool {
	for _, d := range []time.Duration{30 * time.Minute, time.Hour, 2 * time.Hour} {
		if sameWall(t.Add(-d), t) {
			return true
		}
	}
	return false
}
