package trigger

import (
	"context"
	"testing"
	"time"
)

func TestScheduleFieldsValidate(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	s, _ := newTestService(t, func(d *Deps) { d.Now = func() time.Time { return now } })
	ctx := context.Background()
	scheduled := func(name string, f func(*Trigger)) Trigger {
		tr := valid(name, "claude")
		tr.TriggerSource = SourceScheduled
		f(&tr)
		return tr
	}
	tests := []struct {
		name  string
		in    Trigger
		field string // "" when valid
		msg   string
	}{
		{"daily in berlin", scheduled("d", func(t *Trigger) {
			t.ScheduleType = "daily"
			t.ScheduleTime = "09:00"
			t.ScheduleTimezone = "Europe/Berlin"
		}), "", ""},
		{"cron defaults to the machine zone", scheduled("c", func(t *Trigger) { t.ScheduleType = "cron"; t.ScheduleCron = "*/5 * * * *" }), "", ""},
		{"once ahead", scheduled("o", func(t *Trigger) { t.ScheduleType = "once"; t.ScheduleAt = "2026-12-07T11:00:00Z" }), "", ""},
		{"once in the past", scheduled("p", func(t *Trigger) { t.ScheduleType = "once"; t.ScheduleAt = "2026-12-07T09:00:00Z" }),
			"scheduleAt", "is in the past; pick a moment after 2026-12-07 10:00"},
		{"once not a date", scheduled("n", func(t *Trigger) { t.ScheduleType = "once"; t.ScheduleAt = "soon" }),
			"scheduleAt", "must be a date and time in RFC 3339, e.g. 2026-12-24T09:00:00+01:00"},
		{"bad cron", scheduled("b", func(t *Trigger) { t.ScheduleType = "cron"; t.ScheduleCron = "99 * * * *" }), "scheduleCron", ""},
		{"bad zone", scheduled("z", func(t *Trigger) {
			t.ScheduleType = "daily"
			t.ScheduleTime = "09:00"
			t.ScheduleTimezone = "Europe/Atlantis"
		}),
			"scheduleTimezone", "must be an IANA time zone such as Europe/Berlin (Europe/Atlantis is unknown)"},
		{"bad time", scheduled("t", func(t *Trigger) { t.ScheduleType = "weekly"; t.ScheduleTime = "25:00" }), "scheduleTime", "must be HH:MM (24-hour)"},
		{"no type", scheduled("y", func(t *Trigger) {}), "scheduleType", "must be daily, weekly, monthly, cron or once"},
		{"bad missed policy", scheduled("m", func(t *Trigger) {
			t.ScheduleType = "daily"
			t.ScheduleTime = "09:00"
			t.MissedRunPolicy = "all"
		}), "missedRunPolicy", "must be skip or run-once"},
		{"replace policy", func() Trigger { tr := valid("r", "codex"); tr.ConcurrencyPolicy = PolicyReplace; return tr }(), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := s.Create(ctx, tt.in)
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got.MissedRunPolicy != "skip" {
					t.Fatalf("missedRunPolicy = %q, want the default skip", got.MissedRunPolicy)
				}
				if got.TriggerSource == SourceScheduled && (got.ScheduleTimezone == "" || got.ScheduleTimezone == "Local") {
					t.Fatalf("scheduleTimezone = %q, want an IANA name", got.ScheduleTimezone)
				}
				return
			}
			msg := fieldErr(t, err)[tt.field]
			if msg == "" || (tt.msg != "" && msg != tt.msg) {
				t.Fatalf("err = %v, want %s: %q", err, tt.field, tt.msg)
			}
		})
	}
}

// A once trigger that has fired keeps its past moment through other edits, but moving it to
// another past moment is refused.
func TestOncePastMomentKeptOnUpdate(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	s, _ := newTestService(t, func(d *Deps) { d.Now = func() time.Time { return now } })
	ctx := context.Background()
	tr := valid("once", "claude")
	tr.TriggerSource, tr.ScheduleType, tr.ScheduleAt = SourceScheduled, "once", "2026-12-07T10:30:00Z"
	created, err := s.Create(ctx, tr)
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour) // it has fired
	created.Name = "once, renamed"
	if _, err := s.Update(ctx, created); err != nil {
		t.Fatalf("rename after the moment: %v", err)
	}
	created.ScheduleAt = "2026-12-07T10:45:00Z"
	if _, err := s.Update(ctx, created); fieldErr(t, err)["scheduleAt"] == "" {
		t.Fatalf("a new past moment was accepted: %v", err)
	}
}
