package bindings

import (
	"context"
	"testing"

	"github.com/agented/agented/backend/audit"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/trigger"
)

// Changes made through the facades are recorded with "desktop" as the actor, the target's id,
// and a diff of what changed.
func TestDesktopChangesAreAudited(t *testing.T) {
	t.Parallel()
	d := testutil.OpenDB(t)
	bus := events.NewBus()
	t.Cleanup(bus.Close)
	log := audit.New(d, nil, nil, nil)
	api := NewTriggersAPI(context.Background(), trigger.New(trigger.Deps{DB: d, Emitter: bus, Log: logging.Discard()}), log)

	created, err := api.Create(trigger.Trigger{Name: "nightly", PromptTemplate: "hi"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.SetEnabled(created.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := api.Update(trigger.Trigger{ID: "trig-missing", Name: "x", PromptTemplate: "y"}); err == nil {
		t.Fatal("updating a missing trigger succeeded")
	}
	if err := api.Delete(created.ID); err != nil {
		t.Fatal(err)
	}
	page, err := log.List(context.Background(), audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"trigger.delete", "trigger.update", "trigger.create"} // the failed update left nothing
	if len(page.Entries) != len(want) {
		t.Fatalf("entries = %+v, want %v", page.Entries, want)
	}
	for i, e := range page.Entries {
		if e.Action != want[i] || e.Actor != audit.Desktop || e.Target != created.ID || e.RequestID != "" {
			t.Fatalf("entry %d = %+v, want %s by desktop on %s", i, e, want[i], created.ID)
		}
	}
	if ch := page.Entries[1].Diff["enabled"]; ch.Before != false || ch.After != true {
		t.Fatalf("update diff = %+v, want enabled false → true", page.Entries[1].Diff)
	}
}
