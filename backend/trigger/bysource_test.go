package trigger

import (
	"context"
	"reflect"
	"testing"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/secret"
)

func TestListBySourceOnlyEnabledWithPaths(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	ctx := context.Background()
	mk := func(name, source string, enabled bool) Trigger {
		t.Helper()
		tr := valid(name, "claude")
		tr.TriggerSource = source
		tr.Enabled = enabled
		got, err := s.Create(ctx, tr)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	first := mk("hook one", SourceWebhook, true)
	mk("hook off", SourceWebhook, false)
	mk("gh", SourceGitHub, true)
	mk("manual", SourceManual, true)
	second := mk("hook two", SourceWebhook, true)
	if _, err := s.AddPath(ctx, second.ID, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		source string
		want   []string
	}{
		{SourceWebhook, []string{first.ID, second.ID}},
		{SourceGitHub, []string{"gh"}},
		{SourceScheduled, nil},
	}
	for _, tt := range tests {
		got, err := s.ListBySource(ctx, tt.source)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(tt.want) {
			t.Fatalf("%s: got %d triggers, want %d", tt.source, len(got), len(tt.want))
		}
		for i, w := range tt.want {
			if got[i].ID != w && got[i].Name != w {
				t.Errorf("%s[%d] = %s/%s, want %s", tt.source, i, got[i].ID, got[i].Name, w)
			}
		}
	}
	hooks, _ := s.ListBySource(ctx, SourceWebhook)
	if len(hooks[1].Paths) != 1 || hooks[0].Paths == nil {
		t.Fatalf("paths not loaded: %+v / %+v", hooks[0].Paths, hooks[1].Paths)
	}
}

func TestHasWebhookSecretAndDeleteDropsIt(t *testing.T) {
	t.Parallel()
	kr := secret.NewMemoryKeyring()
	store := secret.New(kr, func(string) string { return "" }, nil, logging.Discard())
	s := New(Deps{DB: testutil.OpenDB(t), Emitter: &events.Recorder{}, Log: logging.Discard(), Secrets: store})
	ctx := context.Background()
	in := valid("signed", "claude")
	in.TriggerSource, in.Enabled = SourceWebhook, true
	tr, err := s.Create(ctx, in)
	if err != nil || tr.HasWebhookSecret {
		t.Fatalf("create: %+v %v", tr, err)
	}
	name := secret.TriggerWebhookSecretName(tr.ID)
	if err := store.Set(name, "s3cret-value"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(ctx, tr.ID); !got.HasWebhookSecret {
		t.Fatal("Get: HasWebhookSecret = false with a stored secret")
	}
	if l, _ := s.List(ctx, "signed"); len(l) != 1 || !l[0].HasWebhookSecret {
		t.Fatalf("List: %+v", l)
	}
	if l, _ := s.ListBySource(ctx, SourceWebhook); len(l) != 1 || l[0].HasWebhookSecret {
		t.Fatalf("ListBySource must not ask the keyring (the delivery path): %+v", l)
	}
	if err := s.Delete(ctx, tr.ID); err != nil {
		t.Fatal(err)
	}
	if kr.Peek(secret.Service, name.Item()) != "" {
		t.Fatal("secret left in the keyring after the trigger was deleted")
	}
}

// Runs are made from this list (scheduled firings, webhooks): it carries each trigger's account,
// fallback chain and run guards as Get does.
func TestListBySourceCarriesRoutesAndGuards(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	ctx := context.Background()
	in := valid("routed", "claude")
	in.TriggerSource, in.Enabled = SourceScheduled, true
	in.ScheduleType, in.ScheduleCron, in.ScheduleTimezone = "cron", "* * * * *", "UTC"
	in.AccountID = "acct-first"
	in.FallbackChain = []ChainEntry{{Backend: "codex", AccountID: "acct-second", Model: "gpt-5"}}
	in.StallMinutes, in.StallAction, in.MaxCostUSD = 7, StallCancel, 2.5
	created, err := s.Create(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	plain := valid("plain", "claude")
	plain.TriggerSource, plain.Enabled = SourceScheduled, true
	plain.ScheduleType, plain.ScheduleCron, plain.ScheduleTimezone = "cron", "* * * * *", "UTC"
	if _, err := s.Create(ctx, plain); err != nil {
		t.Fatal(err)
	}
	want, err := s.Get(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.ListBySource(ctx, SourceScheduled)
	if err != nil || len(list) != 2 {
		t.Fatalf("list %d triggers, err %v", len(list), err)
	}
	got := list[0]
	if got.AccountID != want.AccountID || len(got.FallbackChain) != 1 || got.FallbackChain[0] != want.FallbackChain[0] ||
		got.StallMinutes != 7 || got.StallAction != StallCancel || got.MaxCostUSD != 2.5 {
		t.Fatalf("listed %+v / chain %+v, want the route and guards of Get: %+v / %+v", got, got.FallbackChain, want, want.FallbackChain)
	}
	if other := list[1]; other.AccountID != "" || other.FallbackChain == nil || len(other.FallbackChain) != 0 || other.StallAction != StallWarn {
		t.Fatalf("a trigger without route or guards: %+v", other)
	}
}

// TestListBySourceIsWhatGetReadsAfterEveryChange: each trigger of the list is what Get returns
// (paths, guards, route, pause; HasWebhookSecret aside), and a change made through the service is
// in the very next list although lists are kept between reads. A write the service did not make
// shows once a trigger change is announced through InvalidateOn.
func TestListBySourceIsWhatGetReadsAfterEveryChange(t *testing.T) {
	t.Parallel()
	s, rec := newTestService(t)
	ctx := context.Background()
	in := valid("hook", "claude")
	in.TriggerSource, in.Enabled = SourceWebhook, true
	tr, err := s.Create(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	check := func(step string, wantListed bool) {
		t.Helper()
		list, err := s.ListBySource(ctx, SourceWebhook)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if !wantListed {
			if len(list) != 0 {
				t.Fatalf("%s: listed %+v, want none", step, list)
			}
			return
		}
		want, err := s.Get(ctx, tr.ID)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		want.HasWebhookSecret = false
		if len(list) != 1 || !reflect.DeepEqual(list[0], want) {
			t.Fatalf("%s: listed %+v\nwant %+v", step, list, want)
		}
	}
	check("created", true)
	tests := []struct {
		name   string
		change func() error
		listed bool
	}{
		{"template, guards and route", func() error {
			cur, _ := s.Get(ctx, tr.ID)
			cur.PromptTemplate, cur.StallMinutes, cur.StallAction, cur.MaxCostUSD = "new {message}", 5, StallCancel, 2.5
			cur.FallbackChain = []ChainEntry{{Backend: "codex", Model: "o3"}}
			_, err := s.Update(ctx, cur)
			return err
		}, true},
		{"path linked", func() error { _, err := s.AddPath(ctx, tr.ID, t.TempDir()); return err }, true},
		{"paused", func() error { _, _, err := s.Pause(ctx, tr.ID, "failed 3 times"); return err }, true},
		{"resumed", func() error { _, err := s.Resume(ctx, tr.ID); return err }, true},
		{"disabled", func() error { _, err := s.SetEnabled(ctx, tr.ID, false); return err }, false},
		{"enabled", func() error { _, err := s.SetEnabled(ctx, tr.ID, true); return err }, true},
		{"written elsewhere, announced", func() error {
			if _, err := s.db.Exec(ctx, `UPDATE triggers SET prompt_template = 'outside {message}' WHERE id = ?`, tr.ID); err != nil {
				return err
			}
			s.InvalidateOn(rec).Emit(events.TriggersChanged, nil)
			return nil
		}, true},
		{"deleted", func() error { return s.Delete(ctx, tr.ID) }, false},
	}
	for _, tt := range tests {
		if err := tt.change(); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		check(tt.name, tt.listed)
	}
}

// TestListBySourceCopyIsTheCallers: a caller may reorder or overwrite the returned slice without
// changing what the next caller gets.
func TestListBySourceCopyIsTheCallers(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	ctx := context.Background()
	for _, name := range []string{"a", "b"} {
		in := valid(name, "claude")
		in.TriggerSource, in.Enabled = SourceWebhook, true
		if _, err := s.Create(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	first, _ := s.ListBySource(ctx, SourceWebhook)
	first[0], first[1] = first[1], Trigger{Name: "overwritten"}
	again, err := s.ListBySource(ctx, SourceWebhook)
	if err != nil || len(again) != 2 || again[0].Name != "a" || again[1].Name != "b" {
		t.Fatalf("after the caller changed its copy: %+v, %v", again, err)
	}
}
