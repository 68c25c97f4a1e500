package settings

import (
	"context"
	"errors"
	"testing"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/validation"
)

func newTestService(t *testing.T) (*Service, *events.Recorder) {
	t.Helper()
	d := testutil.OpenDB(t)
	rec := &events.Recorder{}
	s, err := New(context.Background(), d, rec, logging.Discard())
	if err != nil {
		t.Fatal(err)
	}
	return s, rec
}

func TestDefaultsOnFreshStore(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	if got := s.Get(); got != Defaults() {
		t.Fatalf("got %+v, want defaults %+v", got, Defaults())
	}
}

func TestUpdatePersistsAcrossRestart(t *testing.T) {
	t.Parallel()
	d := testutil.OpenDB(t)
	ctx := context.Background()
	rec := &events.Recorder{}
	s, _ := New(ctx, d, rec, logging.Discard())
	want := Settings{MaxConcurrentRuns: 7, RetentionDays: 90, Theme: ThemeDark, OutputCapMiB: 512, WebhookMessageCapKiB: 1024,
		AutoPauseAfterFailures: 0, KeepRunningInBackground: true, StartAtLogin: true,
		RouterMaxAttempts: 9, DefaultCooldownSeconds: 60}
	if _, err := s.Update(ctx, want); err != nil {
		t.Fatal(err)
	}
	again, err := New(ctx, d, rec, logging.Discard())
	if err != nil {
		t.Fatal(err)
	}
	if got := again.Get(); got != want {
		t.Fatalf("after restart %+v, want %+v", got, want)
	}
	evs := rec.Named(events.SettingsChanged)
	if len(evs) != 1 || evs[0].Payload != want {
		t.Fatalf("events = %+v", evs)
	}
}

func TestUpdateRejectsInvalidFields(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mutate func(*Settings)
		field  string
	}{
		{"zero concurrency", func(s *Settings) { s.MaxConcurrentRuns = 0 }, "maxConcurrentRuns"},
		{"huge concurrency", func(s *Settings) { s.MaxConcurrentRuns = 65 }, "maxConcurrentRuns"},
		{"negative retention", func(s *Settings) { s.RetentionDays = -1 }, "retentionDays"},
		{"bad theme", func(s *Settings) { s.Theme = "solarized" }, "theme"},
		{"no output cap", func(s *Settings) { s.OutputCapMiB = 0 }, "outputCapMiB"},
		{"no webhook message cap", func(s *Settings) { s.WebhookMessageCapKiB = 0 }, "webhookMessageCapKiB"},
		{"webhook message cap over the body limit", func(s *Settings) { s.WebhookMessageCapKiB = MaxWebhookMessageCapKiB + 1 }, "webhookMessageCapKiB"},
		{"negative auto-pause", func(s *Settings) { s.AutoPauseAfterFailures = -1 }, "autoPauseAfterFailures"},
		{"auto-pause too high", func(s *Settings) { s.AutoPauseAfterFailures = MaxAutoPauseAfterFailures + 1 }, "autoPauseAfterFailures"},
		{"update check without a feed", func(s *Settings) { s.UpdateCheck = true }, "updateFeedUrl"},
		{"feed over plain http", func(s *Settings) { s.UpdateFeedURL = "http://example.com/latest.json" }, "updateFeedUrl"},
		{"feed not a URL", func(s *Settings) { s.UpdateFeedURL = "example.com/latest.json" }, "updateFeedUrl"},
		{"feed on another scheme", func(s *Settings) { s.UpdateFeedURL = "file:///etc/passwd" }, "updateFeedUrl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, rec := newTestService(t)
			in := Defaults()
			tt.mutate(&in)
			_, err := s.Update(context.Background(), in)
			var fe *validation.Errors
			if !errors.As(err, &fe) || fe.Fields[tt.field] == "" {
				t.Fatalf("err = %v, want a message for %s", err, tt.field)
			}
			if s.Get() != Defaults() || len(rec.Events()) != 0 {
				t.Fatal("an invalid update changed the settings")
			}
		})
	}
}

func TestHandEditedBadValueFallsBackToDefault(t *testing.T) {
	t.Parallel()
	d := testutil.OpenDB(t)
	ctx := context.Background()
	for k, v := range map[string]string{
		keyMaxConcurrentRuns: "999", keyTheme: `"neon"`, keyRetentionDays: "not json", keyWebhookMsgCapKiB: "0",
		keyAutoPause: "-3",
	} {
		if _, err := d.Writer.Exec(`INSERT INTO settings(key, value, updated_at) VALUES(?, ?, '')`, k, v); err != nil {
			t.Fatal(err)
		}
	}
	s, err := New(ctx, d, &events.Recorder{}, logging.Discard())
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Get(); got != Defaults() {
		t.Fatalf("got %+v, want defaults", got)
	}
}

func TestCLIPathsAndCustomKeyNames(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	ctx := context.Background()
	if err := s.SetCLIPath(ctx, "claude", "/opt/claude"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCLIPath(ctx, "codex", "/opt/codex"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCLIPath(ctx, "claude", ""); err != nil {
		t.Fatal(err)
	}
	m, err := s.CLIPaths(ctx)
	if err != nil || len(m) != 1 || m["codex"] != "/opt/codex" {
		t.Fatalf("paths = %v, %v", m, err)
	}
	if err := s.SetCustomKeyNames(ctx, []string{"OPENROUTER_API_KEY"}); err != nil {
		t.Fatal(err)
	}
	names, err := s.CustomKeyNames(ctx)
	if err != nil || len(names) != 1 || names[0] != "OPENROUTER_API_KEY" {
		t.Fatalf("names = %v, %v", names, err)
	}
}

func TestWebhookMessageCapBounds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		kib   int
		valid bool
	}{
		{"smallest", MinWebhookMessageCapKiB, true},
		{"default", 256, true},
		{"largest body", MaxWebhookMessageCapKiB, true},
		{"zero", 0, false},
		{"negative", -256, false},
		{"past the largest body", MaxWebhookMessageCapKiB + 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := Defaults()
			in.WebhookMessageCapKiB = tt.kib
			errs := Validate(in)
			if tt.valid != (errs == nil) {
				t.Fatalf("Validate(%d KiB) = %v", tt.kib, errs)
			}
			if !tt.valid && errs.Fields["webhookMessageCapKiB"] != "must be between 1 and 10240" {
				t.Fatalf("message %q", errs.Fields["webhookMessageCapKiB"])
			}
		})
	}
}

// Feeds that are accepted: https anywhere, http only to this machine.
func TestUpdateFeedAccepted(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"https://example.com/agented/latest.json", "http://127.0.0.1:8080/latest.json",
		"http://localhost/latest.json", "http://[::1]:9/x", "https://api.github.com/repos/o/r/releases/latest"} {
		s, _ := newTestService(t)
		in := Defaults()
		in.UpdateCheck, in.UpdateFeedURL = true, u
		got, err := s.Update(context.Background(), in)
		if err != nil || got.UpdateFeedURL != u || !got.UpdateCheck {
			t.Fatalf("%s: err = %v, got %+v", u, err, got)
		}
	}
}
