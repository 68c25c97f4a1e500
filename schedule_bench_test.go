package main

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/trigger"
)

// Schedules under load: 1,000 triggers fire every minute for three minutes in a real
// `agented serve` on the real clock. A run's lateness is when it was queued (its claim committed)
// minus the minute it was planned for; every trigger must have exactly one run per minute.
const (
	benchTriggers = 1000
	benchMinutes  = 3
)

// BenchmarkScheduledMinute measures from outside the built binary: the triggers are written to
// the data directory first, `agented serve` fires them, and the runs are read back from its
// database after it stopped. GET /health/liveness, polled every second meanwhile, is the
// reference for how loaded the machine was.
func BenchmarkScheduledMinute(b *testing.B) {
	bin := buildBinary(b)
	cliDir := fakeClaudeDir(b)
	for range b.N {
		home := b.TempDir()
		seedMinuteTriggers(b, home)
		p := startServe(b, bin, home, cliDir)
		// The first whole minute that starts after the scheduler has planned everything.
		from := time.Now().Add(5 * time.Second).Truncate(time.Minute).Add(time.Minute)
		to := from.Add(benchMinutes * time.Minute)
		health := pollLiveness(p.base, to.Add(10*time.Second))
		time.Sleep(time.Until(to.Add(10 * time.Second))) // the last minute's runs are queued by then
		ref := <-health
		p.stop()
		late, missed, doubled := minuteRuns(b, home, from, to)
		p50, p99 := pct(late, 0.50), pct(late, 0.99)
		b.ReportMetric(float64(p50.Microseconds())/1000, "p50_lateness_ms")
		b.ReportMetric(float64(p99.Microseconds())/1000, "p99_lateness_ms")
		b.ReportMetric(float64(missed), "missed")
		b.ReportMetric(float64(doubled), "doubled")
		b.ReportMetric(float64(pct(ref, 0.99).Microseconds())/1000, "liveness_p99_ms")
		b.Logf("%d triggers every minute for %d minutes (%s to %s): %d runs, lateness p50 %s, p99 %s, max %s; missed %d, doubled %d; "+
			"reference GET /health/liveness p50 %s, p99 %s over %d calls",
			benchTriggers, benchMinutes, from.Format("15:04:05"), to.Format("15:04:05"), len(late), p50, p99, pct(late, 1),
			missed, doubled, pct(ref, 0.5), pct(ref, 0.99), len(ref))
		if doubled > 0 {
			b.Errorf("%d fire times ran more than once", doubled)
		}
	}
}

// seedMinuteTriggers creates the triggers in the data directory's database before serve starts:
// 1,000 creates over REST would spend minutes on the API's per-address rate limit.
func seedMinuteTriggers(b *testing.B, home string) {
	b.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(home, "agented.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	ms, err := db.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := d.Migrate(ctx, ms); err != nil {
		b.Fatal(err)
	}
	svc := trigger.New(trigger.Deps{DB: d, Emitter: events.NewBus(), Log: logging.Discard()})
	for i := range benchTriggers {
		if _, err := svc.Create(ctx, trigger.Trigger{
			Name: fmt.Sprintf("minute %04d", i), PromptTemplate: "[fake:success] {message}", BackendType: "claude", Enabled: true,
			TriggerSource: trigger.SourceScheduled, ScheduleType: "cron", ScheduleCron: "* * * * *", ScheduleTimezone: "UTC",
			ConcurrencyPolicy: trigger.PolicyParallel,
		}); err != nil {
			b.Fatal(err)
		}
	}
}

// pollLiveness calls GET /health/liveness every second until until and sends the latencies.
func pollLiveness(base string, until time.Time) <-chan []time.Duration {
	out := make(chan []time.Duration, 1)
	go func() {
		var lat []time.Duration
		client := &http.Client{Timeout: 10 * time.Second}
		for time.Now().Before(until) {
			start := time.Now()
			if resp, err := client.Get(base + "/health/liveness"); err == nil {
				resp.Body.Close()
				lat = append(lat, time.Since(start))
			}
			time.Sleep(time.Second)
		}
		slices.Sort(lat)
		out <- lat
	}()
	return out
}

// minuteRuns reads the scheduled runs queued for the minutes [from, to): their lateness (sorted),
// how many trigger-minutes have no run, and how many have more than one.
func minuteRuns(b *testing.B, home string, from, to time.Time) (late []time.Duration, missed, doubled int) {
	b.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(home, "agented.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	rows, err := d.Reader.QueryContext(ctx, `SELECT trigger_id, queued_at FROM executions WHERE kind = 'scheduled'`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	type slot struct {
		trigger string
		minute  int64
	}
	count := map[slot]int{}
	for rows.Next() {
		var id, queued string
		if err := rows.Scan(&id, &queued); err != nil {
			b.Fatal(err)
		}
		at, err := time.Parse(db.TimeFormat, queued)
		if err != nil {
			b.Fatal(err)
		}
		minute := at.Truncate(time.Minute)
		if minute.Before(from) || !minute.Before(to) {
			continue
		}
		count[slot{id, minute.Unix()}]++
		late = append(late, at.Sub(minute))
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	for _, n := range count {
		if n > 1 {
			doubled++
		}
	}
	missed = benchTriggers*benchMinutes - len(count)
	slices.Sort(late)
	return late, missed, doubled
}
