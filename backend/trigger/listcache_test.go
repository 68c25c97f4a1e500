package trigger

import (
	"context"
	"testing"

	"github.com/agented/agented/backend/events"
)

// TestListingCachedUntilChange: the list is built once while nothing changes, a change made
// through the service or announced through InvalidateOn is visible to the very next read, and
// the query filter applies to the cached list.
func TestListingCachedUntilChange(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, rec := newTestService(t)
	first, err := s.Listing(ctx)
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.Listing(ctx)
	if err != nil || again.Version != first.Version {
		t.Fatalf("unchanged list rebuilt: version %d then %d (%v)", first.Version, again.Version, err)
	}

	created, err := s.Create(ctx, valid("Cached", "claude"))
	if err != nil {
		t.Fatal(err)
	}
	afterCreate, err := s.Listing(ctx)
	if err != nil || afterCreate.Version == first.Version || len(afterCreate.Triggers) != len(first.Triggers)+1 {
		t.Fatalf("after a create: version %d (was %d), %d triggers (was %d), %v",
			afterCreate.Version, first.Version, len(afterCreate.Triggers), len(first.Triggers), err)
	}
	if len(rec.Events()) == 0 {
		t.Fatal("the create announced nothing")
	}

	tests := []struct {
		event   string
		rebuild bool
	}{
		{events.ExecutionStatus, true},
		{events.TriggersChanged, true},
		{events.SecretsChanged, true},
		{events.WebhookDelivery, false},
		{events.ExecutionLogPrefix + "x", false},
	}
	em := s.InvalidateOn(rec)
	for _, tt := range tests {
		before, _ := s.Listing(ctx)
		em.Emit(tt.event, nil)
		after, err := s.Listing(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rebuilt := after.Version != before.Version; rebuilt != tt.rebuild {
			t.Errorf("%s: rebuilt = %v, want %v", tt.event, rebuilt, tt.rebuild)
		}
		if got := rec.Events(); got[len(got)-1].Name != tt.event {
			t.Errorf("%s not forwarded, last event %v", tt.event, got[len(got)-1])
		}
	}

	filtered, err := s.List(ctx, "CACHED")
	if err != nil || len(filtered) != 1 || filtered[0].ID != created.ID {
		t.Fatalf("List(CACHED) = %+v, %v", filtered, err)
	}
	if all, _ := s.List(ctx, ""); len(all) != len(afterCreate.Triggers) {
		t.Fatalf("List() = %d triggers, want %d", len(all), len(afterCreate.Triggers))
	}
}
