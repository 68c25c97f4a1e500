package execution

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/agented/agented/backend/trigger"
)

// A template that repeats {message} multiplies whatever a sender puts in it; the rendered prompt
// is measured before it is built and refused past MaxPromptBytes, with nothing stored.
func TestRenderedPromptCap(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{env: []string{"FAKEAGENT_MODE=success"}, maxRuns: 1})
	tests := []struct {
		name    string
		repeats int
		msgLen  int
		refused bool
	}{
		{"one copy of a 10 MiB message fits", 1, 10 << 20, false},
		{"a prompt just under the limit fits", 4, 4<<20 - 64, false},
		{"4,000 copies of 256 KiB are refused", 4000, 256 << 10, true},
		{"two copies of 10 MiB are refused", 2, 10 << 20, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl := strings.Repeat("{message} ", tt.repeats)
			tr := h.newTrigger(tt.name, "claude", func(tr *trigger.Trigger) { tr.PromptTemplate = tmpl })
			msg := strings.Repeat("x", tt.msgLen)
			ex, err := h.engine.Submit(context.Background(), Request{TriggerID: tr.ID, Kind: KindManual, Message: msg})
			if !tt.refused {
				if err != nil {
					t.Fatalf("submit: %v", err)
				}
				if err := h.engine.Cancel(context.Background(), ex.ID); err != nil && !errors.Is(err, ErrNotActive) {
					t.Fatalf("cancel: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrPromptTooLarge) || !strings.Contains(err.Error(), "over the 16.0 MiB limit") {
				t.Fatalf("submit = %v, want ErrPromptTooLarge naming the limit", err)
			}
			page, err := h.engine.List(context.Background(), ListFilter{TriggerID: tr.ID})
			if err != nil || page.Total != 0 {
				t.Fatalf("refused prompt stored a run: %+v, %v", page, err)
			}
		})
	}
}
