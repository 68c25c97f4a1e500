package restapi

import (
	"net/http"
	"testing"
	"time"

	"github.com/agented/agented/backend/schedule"
)

// scheduleNow is where the test scheduler's clock stands: Monday 7 December 2026, 10:00 UTC.
var scheduleNow = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

func TestTriggerDetailHasNextFireTimes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	var created TriggerDetail
	body := map[string]any{"name": "weekly", "promptTemplate": "audit", "triggerSource": "scheduled",
		"scheduleType": "weekly", "scheduleTime": "09:00", "scheduleDay": 0, "scheduleTimezone": "Europe/Berlin"}
	if code := e.do("POST", "/admin/triggers", body, &created); code != http.StatusCreated {
		t.Fatalf("create: %d", code)
	}
	var got TriggerDetail
	if code := e.do("GET", "/admin/triggers/"+created.ID, nil, &got); code != http.StatusOK {
		t.Fatalf("get: %d", code)
	}
	want := []string{"2026-12-14T09:00:00+01:00", "2026-12-21T09:00:00+01:00", "2026-12-28T09:00:00+01:00",
		"2027-01-04T09:00:00+01:00", "2027-01-11T09:00:00+01:00"}
	if len(got.NextFireTimes) != 5 || got.NextFireTimes[0] != want[0] || got.NextFireTimes[4] != want[4] {
		t.Fatalf("nextFireTimes = %v, want %v", got.NextFireTimes, want)
	}
	if got.Schedule == nil || got.Schedule.Sentence != "Every Monday at 09:00, Europe/Berlin" {
		t.Fatalf("schedule = %+v", got.Schedule)
	}

	// Disabled: no fire times, and it says why.
	if code := e.do("PUT", "/admin/triggers/"+created.ID, map[string]any{"enabled": false}, nil); code != http.StatusOK {
		t.Fatalf("disable: %d", code)
	}
	e.do("GET", "/admin/triggers/"+created.ID, nil, &got)
	if len(got.NextFireTimes) != 0 || got.Schedule.Note == "" {
		t.Fatalf("disabled: %v %+v", got.NextFireTimes, got.Schedule)
	}

	// A manual trigger has an empty list, never null.
	manual := e.newTrigger("manual")
	var raw map[string]any
	e.do("GET", "/admin/triggers/"+manual.ID, nil, &raw)
	if list, ok := raw["nextFireTimes"].([]any); !ok || len(list) != 0 {
		t.Fatalf("manual trigger nextFireTimes = %#v", raw["nextFireTimes"])
	}
}

func TestSchedulePreviewAndUpcoming(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	tests := []struct {
		name  string
		body  any
		code  int
		field string
	}{
		{"daily", map[string]any{"scheduleType": "daily", "scheduleTime": "11:00", "scheduleTimezone": "UTC"}, http.StatusOK, ""},
		{"bad cron", map[string]any{"scheduleType": "cron", "scheduleCron": "every day"}, http.StatusBadRequest, "scheduleCron"},
		{"bad zone", map[string]any{"scheduleType": "daily", "scheduleTime": "11:00", "scheduleTimezone": "Moon/Base"}, http.StatusBadRequest, "scheduleTimezone"},
		{"not json", "{", http.StatusBadRequest, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out struct {
				schedule.Preview
				Fields map[string]string `json:"fields"`
			}
			if code := e.do("POST", "/admin/schedules/preview", tt.body, &out); code != tt.code {
				t.Fatalf("code %d, want %d", code, tt.code)
			}
			if tt.code == http.StatusOK && (out.Sentence != "Every day at 11:00, UTC" || out.NextFireTimes[0] != "2026-12-07T11:00:00Z") {
				t.Fatalf("preview = %+v", out.Preview)
			}
			if tt.field != "" && out.Fields[tt.field] == "" {
				t.Fatalf("fields = %v, want %s", out.Fields, tt.field)
			}
		})
	}
	var up UpcomingList
	if code := e.do("GET", "/admin/schedules/upcoming?limit=3", nil, &up); code != http.StatusOK || up.Upcoming == nil {
		t.Fatalf("upcoming: %d %+v", code, up)
	}
	if code := e.do("GET", "/admin/schedules/upcoming?limit=0", nil, nil); code != http.StatusBadRequest {
		t.Fatalf("limit=0: %d", code)
	}
}
