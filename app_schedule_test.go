package main

import (
	"context"
	"testing"
	"time"

	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/trigger"
)

// The running app re-plans a schedule when its trigger is created, edited or deleted (it follows
// the triggers:changed event), and the plan survives a restart.
func TestAppFollowsTriggerChanges(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	a := startApp(t, home, secret.NewMemoryKeyring())
	ctx := context.Background()
	next := func(id string) string {
		st, ok := a.sched.State(id)
		if !ok || len(st.NextFireTimes) == 0 {
			return ""
		}
		return st.NextFireTimes[0]
	}
	eventually := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s", what)
			}
		}
	}
	tr, err := a.triggers.Create(ctx, trigger.Trigger{Name: "nightly", PromptTemplate: "check", Enabled: true,
		TriggerSource: trigger.SourceScheduled, ScheduleType: "daily", ScheduleTime: "03:15", ScheduleTimezone: "Asia/Tokyo"})
	if err != nil {
		t.Fatal(err)
	}
	eventually("the new trigger's plan", func() bool { return next(tr.ID) != "" })
	if got, _ := time.Parse(time.RFC3339, next(tr.ID)); got.In(time.UTC).Format("15:04") != "18:15" {
		t.Fatalf("next = %s, want 03:15 in Tokyo", next(tr.ID))
	}
	tr.ScheduleTime = "04:45"
	if tr, err = a.triggers.Update(ctx, tr); err != nil {
		t.Fatal(err)
	}
	eventually("the edited plan", func() bool {
		got, _ := time.Parse(time.RFC3339, next(tr.ID))
		return got.In(time.UTC).Format("15:04") == "19:45"
	})
	planned := next(tr.ID)
	if err := a.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	a = startApp(t, home, secret.NewMemoryKeyring())
	t.Cleanup(func() { _ = a.Stop(context.Background()) })
	if got := next(tr.ID); got != planned {
		t.Fatalf("after a restart next = %q, want the stored %q", got, planned)
	}
	if err := a.triggers.Delete(ctx, tr.ID); err != nil {
		t.Fatal(err)
	}
	eventually("the deleted trigger's plan to go", func() bool { _, ok := a.sched.State(tr.ID); return !ok })
}
