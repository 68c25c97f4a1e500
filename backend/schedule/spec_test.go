package schedule

import (
	"errors"
	"testing"
	"time"
)

// firesBetween walks a schedule from from to to and returns every fire time.
func firesBetween(t *testing.T, s *Schedule, from, to time.Time) []time.Time {
	t.Helper()
	var out []time.Time
	for at := s.Next(from); !at.IsZero() && at.Before(to); at = s.Next(at) {
		out = append(out, at)
		if len(out) > 2000 {
			t.Fatal("runaway schedule")
		}
	}
	return out
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestDaylightSavingDays(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		zone string
		day  string // the local date of the change
		time string // the daily job's time
		want string // the one fire expected that day, RFC 3339
	}{
		// Spring forward: 02:00 becomes 03:00, so 02:30 does not exist; it runs once, at 03:30.
		{"berlin spring forward, 02:30 missing", "Europe/Berlin", "2026-03-29", "02:30", "2026-03-29T03:30:00+02:00"},
		{"new york spring forward, 02:30 missing", "America/New_York", "2026-03-08", "02:30", "2026-03-08T03:30:00-04:00"},
		// Fall back: 03:00 becomes 02:00 again (Berlin), 02:00 becomes 01:00 (New York); the
		// repeated time runs once, at its first occurrence (summer time).
		{"berlin fall back, 02:30 twice", "Europe/Berlin", "2026-10-25", "02:30", "2026-10-25T02:30:00+02:00"},
		{"new york fall back, 01:30 twice", "America/New_York", "2026-11-01", "01:30", "2026-11-01T01:30:00-04:00"},
		// Times the change does not touch stay where they are.
		{"berlin spring forward, 09:00", "Europe/Berlin", "2026-03-29", "09:00", "2026-03-29T09:00:00+02:00"},
		{"new york fall back, 02:30 once", "America/New_York", "2026-11-01", "02:30", "2026-11-01T02:30:00-05:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			loc := mustZone(t, tt.zone)
			s, err := Parse(Spec{Type: TypeDaily, Time: tt.time, Timezone: tt.zone})
			if err != nil {
				t.Fatal(err)
			}
			day, _ := time.ParseInLocation("2006-01-02", tt.day, loc)
			fires := firesBetween(t, s, day, day.AddDate(0, 0, 1))
			if len(fires) != 1 || fires[0].Format(time.RFC3339) != tt.want {
				t.Fatalf("fires on %s = %v, want exactly [%s]", tt.day, Format(fires), tt.want)
			}
			// The days around it fire once each at the usual time.
			for _, d := range []int{-1, 1} {
				other := day.AddDate(0, 0, d)
				if got := firesBetween(t, s, other, other.AddDate(0, 0, 1)); len(got) != 1 || got[0].Format("15:04") != tt.time {
					t.Fatalf("fires on %s = %v, want one at %s", other.Format("2006-01-02"), Format(got), tt.time)
				}
			}
		})
	}
}

// An every-minute job is an interval: it keeps running through a repeated hour (60 more runs)
// and a skipped hour costs it nothing but the hour itself.
func TestDaylightSavingIntervals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		zone  string
		day   string
		cron  string
		count int
	}{
		{"berlin fall back every minute", "Europe/Berlin", "2026-10-25", "* * * * *", 25 * 60},
		{"berlin spring forward every minute", "Europe/Berlin", "2026-03-29", "* * * * *", 23 * 60},
		{"new york fall back hourly", "America/New_York", "2026-11-01", "0 * * * *", 25},
		{"new york spring forward every 15 minutes", "America/New_York", "2026-03-08", "*/15 * * * *", 23 * 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			loc := mustZone(t, tt.zone)
			s, err := Parse(Spec{Type: TypeCron, Cron: tt.cron, Timezone: tt.zone})
			if err != nil {
				t.Fatal(err)
			}
			day, _ := time.ParseInLocation("2006-01-02", tt.day, loc)
			fires := firesBetween(t, s, day.Add(-time.Second), day.AddDate(0, 0, 1).Add(-time.Second))
			if len(fires) != tt.count {
				t.Fatalf("%d fires, want %d", len(fires), tt.count)
			}
			for i := 1; i < len(fires); i++ {
				if !fires[i].After(fires[i-1]) {
					t.Fatalf("fire %d (%s) not after %s", i, fires[i], fires[i-1])
				}
			}
		})
	}
}

func TestNextByType(t *testing.T) {
	t.Parallel()
	from := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC) // a Monday
	tests := []struct {
		name string
		spec Spec
		want []string
	}{
		{"daily later today", Spec{Type: TypeDaily, Time: "11:30", Timezone: "UTC"},
			[]string{"2026-12-07T11:30:00Z", "2026-12-08T11:30:00Z"}},
		{"daily already passed", Spec{Type: TypeDaily, Time: "09:00", Timezone: "Europe/Berlin"},
			[]string{"2026-12-08T09:00:00+01:00", "2026-12-09T09:00:00+01:00"}},
		{"weekly sunday", Spec{Type: TypeWeekly, Time: "08:00", Day: 6, Timezone: "UTC"},
			[]string{"2026-12-13T08:00:00Z", "2026-12-20T08:00:00Z"}},
		{"weekly monday", Spec{Type: TypeWeekly, Time: "12:00", Day: 0, Timezone: "UTC"},
			[]string{"2026-12-07T12:00:00Z", "2026-12-14T12:00:00Z"}},
		{"monthly", Spec{Type: TypeMonthly, Time: "06:15", Day: 1, Timezone: "UTC"},
			[]string{"2027-01-01T06:15:00Z", "2027-02-01T06:15:00Z"}},
		{"cron every 20 minutes", Spec{Type: TypeCron, Cron: "*/20 * * * *", Timezone: "UTC"},
			[]string{"2026-12-07T10:20:00Z", "2026-12-07T10:40:00Z"}},
		{"cron descriptor", Spec{Type: TypeCron, Cron: "@daily", Timezone: "UTC"},
			[]string{"2026-12-08T00:00:00Z", "2026-12-09T00:00:00Z"}},
		{"once ahead", Spec{Type: TypeOnce, At: "2026-12-07T12:00:00+01:00", Timezone: "Europe/Berlin"},
			[]string{"2026-12-07T12:00:00+01:00"}},
		{"once passed", Spec{Type: TypeOnce, At: "2026-12-07T09:00:00Z", Timezone: "UTC"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := Parse(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			got := Format(s.NextN(from, len(tt.want)+boolInt(tt.spec.Type == TypeOnce)))
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		spec  Spec
		field string
	}{
		{"unknown type", Spec{Type: "hourly", Timezone: "UTC"}, "scheduleType"},
		{"empty type", Spec{Timezone: "UTC"}, "scheduleType"},
		{"bad time", Spec{Type: TypeDaily, Time: "9:00", Timezone: "UTC"}, "scheduleTime"},
		{"hour 24", Spec{Type: TypeDaily, Time: "24:00", Timezone: "UTC"}, "scheduleTime"},
		{"weekly day 7", Spec{Type: TypeWeekly, Time: "09:00", Day: 7, Timezone: "UTC"}, "scheduleDay"},
		{"monthly day 29", Spec{Type: TypeMonthly, Time: "09:00", Day: 29, Timezone: "UTC"}, "scheduleDay"},
		{"monthly day 0", Spec{Type: TypeMonthly, Time: "09:00", Day: 0, Timezone: "UTC"}, "scheduleDay"},
		{"cron 6 fields", Spec{Type: TypeCron, Cron: "0 0 9 * * *", Timezone: "UTC"}, "scheduleCron"},
		{"cron out of range", Spec{Type: TypeCron, Cron: "61 * * * *", Timezone: "UTC"}, "scheduleCron"},
		{"cron garbage", Spec{Type: TypeCron, Cron: "a b c d e", Timezone: "UTC"}, "scheduleCron"},
		{"cron never", Spec{Type: TypeCron, Cron: "0 0 30 2 *", Timezone: "UTC"}, "scheduleCron"},
		{"cron every", Spec{Type: TypeCron, Cron: "@every 5m", Timezone: "UTC"}, "scheduleCron"},
		{"bad zone", Spec{Type: TypeDaily, Time: "09:00", Timezone: "Mars/Olympus"}, "scheduleTimezone"},
		{"zone with spaces", Spec{Type: TypeDaily, Time: "09:00", Timezone: "Europe/ Berlin"}, "scheduleTimezone"},
		{"once not rfc 3339", Spec{Type: TypeOnce, At: "tomorrow 9am", Timezone: "UTC"}, "scheduleAt"},
		{"once without offset", Spec{Type: TypeOnce, At: "2026-12-24T09:00:00", Timezone: "UTC"}, "scheduleAt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tt.spec)
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field || fe.Msg == "" {
				t.Fatalf("Parse(%+v) = %v, want a %s field error", tt.spec, err, tt.field)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spec Spec
		want string
	}{
		{Spec{Type: TypeWeekly, Time: "09:00", Day: 0, Timezone: "Europe/Berlin"}, "Every Monday at 09:00, Europe/Berlin"},
		{Spec{Type: TypeDaily, Time: "18:45", Timezone: "America/New_York"}, "Every day at 18:45, America/New_York"},
		{Spec{Type: TypeMonthly, Time: "07:00", Day: 2, Timezone: "UTC"}, "On the 2nd of every month at 07:00, UTC"},
		{Spec{Type: TypeMonthly, Time: "07:00", Day: 11, Timezone: "UTC"}, "On the 11th of every month at 07:00, UTC"},
		{Spec{Type: TypeMonthly, Time: "07:00", Day: 21, Timezone: "UTC"}, "On the 21st of every month at 07:00, UTC"},
		{Spec{Type: TypeCron, Cron: "* * * * *", Timezone: "UTC"}, "Every minute, UTC"},
		{Spec{Type: TypeCron, Cron: "*/5 * * * *", Timezone: "UTC"}, "Every 5 minutes, UTC"},
		{Spec{Type: TypeCron, Cron: "15 * * * *", Timezone: "UTC"}, "Every hour at minute 15, UTC"},
		{Spec{Type: TypeCron, Cron: "0 9 * * 1-5", Timezone: "Europe/Berlin"}, "Every weekday at 09:00, Europe/Berlin"},
		{Spec{Type: TypeCron, Cron: "30 8 * * 0", Timezone: "UTC"}, "Every Sunday at 08:30, UTC"},
		{Spec{Type: TypeCron, Cron: "0 9 1,15 * *", Timezone: "UTC"}, `Cron "0 9 1,15 * *", UTC`},
		{Spec{Type: TypeOnce, At: "2026-12-24T08:00:00Z", Timezone: "Europe/Berlin"}, "Once on Thursday 24 December 2026 at 09:00, Europe/Berlin"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			s, err := Parse(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Describe(); got != tt.want {
				t.Fatalf("Describe() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPreviewOf(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	p := PreviewOf(Spec{Type: TypeWeekly, Time: "09:00", Day: 0, Timezone: "Europe/Berlin"}, now)
	if p.Sentence != "Every Monday at 09:00, Europe/Berlin" || len(p.NextFireTimes) != PreviewCount || len(p.Errors) != 0 {
		t.Fatalf("preview = %+v", p)
	}
	if p.NextFireTimes[0] != "2026-12-14T09:00:00+01:00" || p.NextFireTimes[4] != "2027-01-11T09:00:00+01:00" {
		t.Fatalf("fire times = %v", p.NextFireTimes)
	}
	bad := PreviewOf(Spec{Type: TypeCron, Cron: "nope", Timezone: "UTC"}, now)
	if bad.Sentence != "" || len(bad.NextFireTimes) != 0 || bad.Errors["scheduleCron"] == "" {
		t.Fatalf("bad preview = %+v", bad)
	}
}

func TestLocalZone(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name, tz, link, want string
	}{
		{"TZ names a zone", "Europe/Berlin", "", "Europe/Berlin"},
		{"TZ with colon", ":America/New_York", "", "America/New_York"},
		{"bad TZ, no link", "Nowhere/Land", dir + "/missing", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := localZone(tt.tz, tt.link)
			if tt.want != "" && got != tt.want {
				t.Fatalf("localZone = %q, want %q", got, tt.want)
			}
			if _, err := time.LoadLocation(got); err != nil || got == "Local" || got == "" {
				t.Fatalf("localZone = %q is not a loadable IANA name", got)
			}
		})
	}
}
