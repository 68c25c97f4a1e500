package audit

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
)

func TestRecordListAndPrune(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s := New(testutil.OpenDB(t), nil, nil, func() time.Time { return now })
	ctx := context.Background()

	s.Record(ctx, "trigger.update", "trig-1", map[string]any{"name": "a"}, map[string]any{"name": "b"})
	now = now.Add(time.Minute)
	s.Record(WithActor(ctx, "ci", "req-7"), "trigger.delete", "trig-1", nil, nil)
	now = now.Add(time.Minute)
	s.Record(WithActor(ctx, "ci", "req-8"), "apikey.create", "key-1", nil, map[string]any{"key": "agk_secret"})

	tests := []struct {
		name    string
		f       Filter
		actions []string
		total   int
	}{
		{"all, newest first", Filter{}, []string{"apikey.create", "trigger.delete", "trigger.update"}, 3},
		{"by actor", Filter{Actor: "desktop"}, []string{"trigger.update"}, 1},
		{"by action prefix", Filter{Action: "trigger."}, []string{"trigger.delete", "trigger.update"}, 2},
		{"by exact action", Filter{Action: "trigger.delete"}, []string{"trigger.delete"}, 1},
		{"paged", Filter{Limit: 1, Offset: 1}, []string{"trigger.delete"}, 3},
	}
	for _, tt := range tests {
		page, err := s.List(ctx, tt.f)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var got []string
		for _, e := range page.Entries {
			got = append(got, e.Action)
		}
		if page.Total != tt.total || len(got) != len(tt.actions) {
			t.Fatalf("%s: %v total %d, want %v total %d", tt.name, got, page.Total, tt.actions, tt.total)
		}
		for i := range got {
			if got[i] != tt.actions[i] {
				t.Fatalf("%s: %v, want %v", tt.name, got, tt.actions)
			}
		}
	}
	page, _ := s.List(ctx, Filter{Action: "apikey.create"})
	if e := page.Entries[0]; e.Actor != "ci" || e.RequestID != "req-8" || e.Target != "key-1" || e.Diff["key"].After != Redacted {
		t.Fatalf("entry = %+v, want ci/req-8/key-1 with the key redacted", e)
	}

	for _, f := range []Filter{{Limit: -1}, {Limit: MaxLimit + 1}, {Offset: -1}} {
		if _, err := s.List(ctx, f); !errors.Is(err, ErrBadFilter) {
			t.Fatalf("List(%+v) err = %v, want ErrBadFilter", f, err)
		}
	}

	now = now.AddDate(0, 0, 30)
	if n, err := s.Prune(ctx, 30); err != nil || n != 2 {
		t.Fatalf("Prune = %d, %v; want the two entries older than 30 days", n, err)
	}
	if page, _ := s.List(ctx, Filter{}); page.Total != 1 {
		t.Fatalf("after prune: %d entries, want 1", page.Total)
	}
}

// TestRecordPublishesTheStoredEntry: each stored entry is published once as it was stored (its
// id, actor, request id, redacted diff); an entry that could not be stored is not published.
func TestRecordPublishesTheStoredEntry(t *testing.T) {
	t.Parallel()
	d := testutil.OpenDB(t)
	rec := &events.Recorder{}
	s := New(d, rec, nil, nil)
	ctx := WithActor(context.Background(), "ci", "req-1")

	s.Record(ctx, "trigger.create", "", nil, map[string]any{"id": "trig-9", "name": "nightly"})
	s.Record(ctx, "secret.set", "anthropic", map[string]any{"apiKey": nil}, map[string]any{"apiKey": "fake-anthropic-key-value"})
	page, err := s.List(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	got := rec.Named(events.AuditAdded)
	if len(got) != 2 || len(page.Entries) != 2 {
		t.Fatalf("%d events for %d entries, want one each", len(got), len(page.Entries))
	}
	for i, ev := range got {
		e, ok := ev.Payload.(Entry)
		stored := page.Entries[len(page.Entries)-1-i] // the list is newest first
		if !ok || e.ID == 0 || e.ID != stored.ID || e.At != stored.At || e.Actor != "ci" || e.RequestID != "req-1" ||
			e.Action != stored.Action || e.Target != stored.Target || len(e.Diff) != len(stored.Diff) {
			t.Fatalf("event %d = %#v, want the stored entry %#v", i, ev.Payload, stored)
		}
	}
	if e := got[0].Payload.(Entry); e.Target != "trig-9" {
		t.Fatalf("creation target %q, want the created id", e.Target)
	}
	if e := got[1].Payload.(Entry); e.Diff["apiKey"].After != Redacted {
		t.Fatalf("secret in the published diff: %#v", e.Diff)
	}

	_ = d.Close()
	s.Record(ctx, "trigger.delete", "trig-9", nil, nil)
	if n := len(rec.Named(events.AuditAdded)); n != 2 {
		t.Fatalf("%d events after a failed store, want still 2", n)
	}
}
