package execution

import (
	"context"
	"testing"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/trigger"
)

func TestIsTerminal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status string
		want   bool
	}{
		{StatusQueued, false},
		{StatusRunning, false},
		{StatusSuccess, true},
		{StatusFailed, true},
		{StatusTimeout, true},
		{StatusCancelled, true},
		{StatusInterrupted, true},
		{"", false},         // unknown: a stream keeps waiting rather than ending early
		{"finished", false}, // ditto
		{"SUCCESS", false},  // statuses are lower case
	}
	for _, tt := range tests {
		if got := IsTerminal(tt.status); got != tt.want {
			t.Errorf("IsTerminal(%q) = %v, want %v", tt.status, got, tt.want)
		}
	}
	for _, s := range Statuses {
		if IsTerminal(s) == (s == StatusQueued || s == StatusRunning) {
			t.Errorf("Statuses holds %q, which IsTerminal gets wrong", s)
		}
	}
}

func TestHasQueued(t *testing.T) {
	t.Parallel()
	d := testutil.OpenDB(t)
	st := NewStore(d)
	ctx := context.Background()
	triggers := trigger.New(trigger.Deps{DB: d, Emitter: &events.Recorder{}, Log: logging.Discard()})
	ids := map[string]string{}
	for _, name := range []string{"busy", "done", "none"} {
		tr, err := triggers.Create(ctx, trigger.Trigger{Name: name, PromptTemplate: "p", BackendType: "claude"})
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = tr.ID
	}
	run := func(id, triggerName, status string) {
		t.Helper()
		if err := st.Insert(ctx, Execution{ID: id, TriggerID: ids[triggerName], TriggerName: "t", Kind: KindManual, BackendType: "claude",
			Status: status, QueuedAt: "2020-01-01T00:00:00.000Z", Argv: []string{}, Warnings: []string{}}, "{}", nil); err != nil {
			t.Fatal(err)
		}
	}
	run("ex-1", "busy", StatusQueued)
	run("ex-2", "busy", StatusRunning)
	run("ex-3", "done", StatusSuccess)
	run("ex-4", "done", StatusRunning)
	tests := []struct {
		trigger string
		want    bool
	}{{"busy", true}, {"done", false}, {"none", false}}
	for _, tt := range tests {
		got, err := st.HasQueued(ctx, ids[tt.trigger])
		if err != nil || got != tt.want {
			t.Errorf("HasQueued(%s) = %v, %v; want %v", tt.trigger, got, err, tt.want)
		}
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := st.HasQueued(ctx, ids["busy"]); err == nil {
		t.Error("HasQueued on a closed database reported no error")
	}
}
