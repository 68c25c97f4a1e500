package restapi

// An hour of unattended runs on a fake clock: a trigger fires every minute with a two-account
// chain whose first account always meets its quota. Every run must still succeed, on the second
// account, with both attempts and the reason visible over REST. Real SQLite, the real scheduler,
// engine, account service and REST API; the fake agent CLI.

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/account"
	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/config"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/schedule"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/settings"
	"github.com/agented/agented/backend/trigger"
)

func TestAnHourOfQuotaFallbackOverREST(t *testing.T) {
	t.Parallel()
	d := testutil.OpenDB(t)
	bus := events.NewBus()
	log := logging.Discard()
	ctx := context.Background()
	// The fake clock runs a week ahead of the real one: the reset the fake CLI reports (in real
	// time) has then always passed, so account alpha rests for the default cooldown, on the fake
	// clock, and is tried again at the next minute.
	start := time.Now().UTC().AddDate(0, 0, 7).Truncate(time.Minute).Add(30 * time.Second)
	clock := schedule.NewFakeClock(start)
	const cooldown = 30 * time.Second
	sec := secret.New(secret.NewMemoryKeyring(), func(string) string { return "" }, nil, log)
	accs := account.New(d, sec, bus, log, clock.Now)
	trs := trigger.New(trigger.Deps{DB: d, Emitter: bus, Log: log, Accounts: accs})
	set, err := settings.New(ctx, d, bus, log)
	if err != nil {
		t.Fatal(err)
	}
	eng := execution.NewEngine(execution.Deps{
		Store: execution.NewStore(d), Triggers: trs, Resolver: fakeResolver{}, Env: fakeEnv{},
		Limits: func() execution.Limits {
			return execution.Limits{MaxConcurrent: 2, OutputCapBytes: 64 << 20, MaxAttempts: 5, DefaultCooldown: cooldown}
		},
		Emitter: trs.InvalidateOn(bus), Log: log, Go: func(f func()) { go f() }, DefaultDir: filepath.Join(t.TempDir(), "default"),
		Accounts: accs, Now: clock.Now, After: func(d time.Duration) <-chan time.Time { return clock.NewTimer(d).C() },
	})
	if err := eng.Start(ctx); err != nil {
		t.Fatal(err)
	}
	alpha, err := accs.Create(ctx, account.Input{Backend: agent.Claude, Name: "alpha", Env: map[string]string{"FAKEAGENT_MODE": "ratelimit"}})
	if err != nil {
		t.Fatal(err)
	}
	beta, err := accs.Create(ctx, account.Input{Backend: agent.Claude, Name: "beta", Env: map[string]string{"FAKEAGENT_MODE": "success"}})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := trs.Create(ctx, trigger.Trigger{Name: "every minute", PromptTemplate: "check the build", BackendType: agent.Claude,
		TriggerSource: trigger.SourceScheduled, ScheduleType: "cron", ScheduleCron: "* * * * *", ScheduleTimezone: "UTC",
		Enabled: true, AccountID: alpha.ID, FallbackChain: []trigger.ChainEntry{{Backend: agent.Claude, AccountID: beta.ID}}})
	if err != nil {
		t.Fatal(err)
	}
	if tr, err = trs.AddPath(ctx, tr.ID, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	sched := schedule.New(schedule.Options{Store: schedule.NewSQLStore(d), Jobs: trs, Firer: eng, Clock: clock, Log: log})
	if err := sched.Start(ctx); err != nil {
		t.Fatal(err)
	}
	api := New(Deps{Triggers: trs, Engine: eng, Accounts: accs, Schedules: sched, Bus: bus, Settings: set,
		Log: slog.New(slog.DiscardHandler), App: config.AppInfo{Version: "test", Mode: "serve"}})
	e := echo.New()
	api.RegisterAdmin(e.Group("/admin"))
	srv := httptest.NewServer(e)
	t.Cleanup(func() {
		srv.Close()
		c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_ = sched.Stop(c)
		_ = eng.Shutdown(c)
		bus.Close()
	})
	rest := &env{t: t, srv: srv}

	const fires = 60
	var transcript []string
	for minute := 1; minute <= fires; minute++ {
		// Move to the minute, waking the scheduler at each of its timers on the way.
		target := start.Truncate(time.Minute).Add(time.Duration(minute) * time.Minute)
		for clock.Now().Before(target) {
			var wait time.Duration
			testutil.Eventually(t, 20*time.Second, func() bool {
				var ok bool
				wait, ok = clock.Pending()
				return ok
			}, fmt.Sprintf("minute %d: the scheduler has no timer pending", minute))
			step := min(wait, target.Sub(clock.Now()))
			before := clock.Created()
			clock.Advance(step)
			if step == wait {
				testutil.Eventually(t, 20*time.Second, func() bool { return clock.Created() > before }, "the scheduler did not sleep again")
			}
		}
		// The minute's run is queued, runs both attempts and ends.
		var page execution.Page
		for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			rest.do("GET", "/admin/triggers/"+tr.ID+"/executions?limit=100", nil, &page)
			if page.Total == minute && !running(page.Executions) {
				break
			}
			if time.Now().After(deadline) {
				var st map[string]any
				rest.do("GET", "/admin/triggers/"+tr.ID, nil, &st)
				wait := ""
				if len(page.Executions) > 0 {
					wait = page.Executions[0].WaitUntil + " " + page.Executions[0].WaitReason
				}
				t.Fatalf("minute %d (fake now %s): %d runs %+v\nwait %s\ntrigger schedule %v", minute, clock.Now(), page.Total, page.Executions, wait, st["schedule"])
			}
		}
		var ex execution.Execution
		if code := rest.do("GET", "/admin/executions/"+page.Executions[0].ID, nil, &ex); code != 200 {
			t.Fatalf("GET /admin/executions/%s: %d", page.Executions[0].ID, code)
		}
		if ex.Status != execution.StatusSuccess || ex.Kind != execution.KindScheduled || len(ex.Attempts) != 2 {
			t.Fatalf("minute %d: run %s %s (%s) with %d attempts, want a scheduled success in 2 attempts", minute, ex.ID, ex.Status, ex.ErrorMessage, len(ex.Attempts))
		}
		a1, a2 := ex.Attempts[0], ex.Attempts[1]
		if a1.AccountID != alpha.ID || a1.Status != execution.StatusFailed || a1.FailureKind != agent.FailureQuota ||
			!strings.Contains(a1.Reason, "You've hit your session limit") || a1.ResetAt == "" {
			t.Fatalf("minute %d: first attempt %+v, want alpha's quota failure with its reason and reset", minute, a1)
		}
		// alpha rests for the default cooldown from the fake now, so it is tried again next minute.
		if want := clock.Now().Add(cooldown).Format(time.RFC3339); a1.ResetAt != want {
			t.Fatalf("minute %d: alpha rests until %s, want %s", minute, a1.ResetAt, want)
		}
		if a2.AccountID != beta.ID || a2.Status != execution.StatusSuccess || ex.AccountID != beta.ID {
			t.Fatalf("minute %d: second attempt %+v, want beta's success", minute, a2)
		}
		if minute <= 2 || minute == fires {
			transcript = append(transcript, fmt.Sprintf("%s run %s %s on %s (%s):", clock.Now().Format("15:04"), ex.ID, ex.Status, ex.AccountName, ex.Billing))
			for _, a := range ex.Attempts {
				transcript = append(transcript, fmt.Sprintf("    attempt %d %-7s %-7s %-6s reset %-20s %s", a.Attempt, a.AccountName, a.Status,
					a.FailureKind, a.ResetAt, reasonText(a.Reason)))
			}
		}
	}
	// Nothing missed, nothing doubled: one run per minute, each queued for its own minute.
	var page execution.Page
	rest.do("GET", "/admin/triggers/"+tr.ID+"/executions?limit=100", nil, &page)
	if page.Total != fires {
		t.Fatalf("%d runs after %d minutes", page.Total, fires)
	}
	var acc AccountList
	rest.do("GET", "/admin/accounts", nil, &acc)
	t.Logf("an hour of fake time, one firing a minute: %d runs, all successful on beta after alpha's quota; alpha's cooldowns now %+v\n%s",
		page.Total, acc.Cooldowns, strings.Join(transcript, "\n"))
}

func running(list []execution.Execution) bool {
	for _, ex := range list {
		if ex.Status == execution.StatusQueued || ex.Status == execution.StatusRunning {
			return true
		}
	}
	return false
}

// reasonText is the CLI's message inside an attempt's reason (a window of its JSON line).
func reasonText(s string) string {
	if i := strings.Index(s, `"result":"`); i >= 0 {
		s = s[i+len(`"result":"`):]
		if j := strings.IndexByte(s, '"'); j >= 0 {
			s = s[:j]
		}
	}
	return s
}
