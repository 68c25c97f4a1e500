package webhook

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/trigger"
)

// TestMatchCostWithCappedTriggers: one enabled trigger with a 4 MiB match path and a 4 MiB match
// value made every delivery read and compare megabytes. The trigger service now refuses such a
// trigger, and the largest one it accepts still matches. The time per delivery is logged for
// three triggers (ordinary, largest allowed, and an oversized row written straight into the
// database as an older version could store it), not asserted: timings on a shared machine vary.
func TestMatchCostWithCappedTriggers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	huge := strings.Repeat("k", 4<<20)

	e := newEnv(t)
	if _, err := e.triggers.Create(ctx, trigger.Trigger{Name: "huge", PromptTemplate: "p", TriggerSource: trigger.SourceWebhook,
		MatchFieldPath: huge, MatchFieldValue: huge}); err == nil {
		t.Fatal("a trigger with a 4 MiB match path and value was stored")
	} else if !strings.Contains(err.Error(), "matchFieldPath: must be at most") || !strings.Contains(err.Error(), "matchFieldValue: must be at most") {
		t.Fatalf("err = %v, want both match fields named", err)
	}

	key := strings.Repeat("k", trigger.MaxFieldPathLen)
	value := strings.Repeat("v", trigger.MaxMatchValueLen)

	measure := func(t *testing.T, e *env) time.Duration {
		t.Helper()
		const rounds = 20
		times := make([]time.Duration, rounds)
		for i := range times {
			// A different body each time: a repeated one would be answered as a redelivery.
			body, _ := json.Marshal(map[string]any{key: value, "small": "deploy", "text": "hi", "n": i})
			start := time.Now()
			res := e.generic(string(body), nil)
			times[i] = time.Since(start)
			if res.Status != 200 && res.Status != 202 {
				t.Fatalf("delivery %d: status %d", i, res.Status)
			}
		}
		slices.Sort(times)
		return times[rounds/2]
	}

	small := newEnv(t)
	small.trigger(webhookTrigger("small", "deploy"))
	smallMedian := measure(t, small)

	largest := newEnv(t)
	largest.trigger(webhookTrigger(key, value))
	largestMedian := measure(t, largest)
	if n := len(largest.disp.requests()); n != 20 {
		t.Fatalf("the largest allowed trigger matched %d of 20 deliveries", n)
	}

	legacy := newEnv(t)
	tr := legacy.trigger(webhookTrigger("small", "deploy"))
	if _, err := legacy.db.Exec(ctx, `UPDATE triggers SET match_field_path = ?, match_field_value = ? WHERE id = ?`, huge, huge, tr.ID); err != nil {
		t.Fatal(err)
	}
	legacyMedian := measure(t, legacy)

	t.Logf("median time per delivery: ordinary trigger %v, largest allowed (%d + %d characters) %v, oversized 4+4 MiB row %v",
		smallMedian, trigger.MaxFieldPathLen, trigger.MaxMatchValueLen, largestMedian, legacyMedian)
}
