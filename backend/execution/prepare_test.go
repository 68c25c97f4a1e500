package execution

import (
	"context"
	"testing"

	"github.com/agented/agented/backend/trigger"
)

// TestPrepareFromTheCallersTrigger: a request that carries its trigger is prepared from it (the
// webhook's list of what it matched), not from a fresh read; one whose trigger is another's is
// not trusted and the trigger is read.
func TestPrepareFromTheCallersTrigger(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{noStart: true})
	enabled := func(t *trigger.Trigger) { t.Enabled = true }
	tr := h.newTrigger("carried", "claude", enabled)
	other := h.newTrigger("other", "claude", enabled)
	carried := tr
	carried.PromptTemplate = "as listed: {message}"
	tests := []struct {
		name string
		req  Request
		want string
	}{
		{"carried", Request{TriggerID: tr.ID, Kind: KindWebhook, Message: "m", Trigger: &carried}, "as listed: m"},
		{"read", Request{TriggerID: tr.ID, Kind: KindWebhook, Message: "m"}, "do m in " + tr.Paths[0].Path},
		{"another trigger's", Request{TriggerID: tr.ID, Kind: KindWebhook, Message: "m", Trigger: &other}, "do m in " + tr.Paths[0].Path},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := h.engine.prepare(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if p.ex.Prompt != tt.want || p.ex.TriggerID != tr.ID {
				t.Fatalf("prompt %q of trigger %s, want %q of %s", p.ex.Prompt, p.ex.TriggerID, tt.want, tr.ID)
			}
		})
	}
}
