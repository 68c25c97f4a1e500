package restapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/agented/agented/backend/trigger"
)

// TestTriggerFieldCapsOverREST: a field one character over its cap is answered 400 with the
// field named, on create, update and preview, and nothing is stored.
func TestTriggerFieldCapsOverREST(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	tr := e.newTrigger("Capped")
	over := func(n int) string { return strings.Repeat("x", n+1) }
	tests := []struct {
		name, method, path string
		body               map[string]any
		field              string
		max                int
	}{
		{"create description", "POST", "/admin/triggers", map[string]any{"name": "New", "promptTemplate": "p",
			"description": over(trigger.MaxDescriptionLen)}, "description", trigger.MaxDescriptionLen},
		{"create match value", "POST", "/admin/triggers", map[string]any{"name": "New", "promptTemplate": "p", "triggerSource": "webhook",
			"matchFieldPath": "a", "matchFieldValue": over(trigger.MaxMatchValueLen)}, "matchFieldValue", trigger.MaxMatchValueLen},
		{"update match path", "PUT", "/admin/triggers/" + tr.ID, map[string]any{"triggerSource": "webhook",
			"matchFieldPath": over(trigger.MaxFieldPathLen), "matchFieldValue": "v"}, "matchFieldPath", trigger.MaxFieldPathLen},
		{"update skill command", "PUT", "/admin/triggers/" + tr.ID, map[string]any{"skillCommand": over(trigger.MaxSkillCommandLen)},
			"skillCommand", trigger.MaxSkillCommandLen},
		{"preview template", "POST", "/admin/triggers/" + tr.ID + "/preview", map[string]any{"template": over(trigger.MaxTemplateLen)},
			"template", trigger.MaxTemplateLen},
		{"preview message", "POST", "/admin/triggers/" + tr.ID + "/preview", map[string]any{"message": over(trigger.MaxSampleLen)},
			"message", trigger.MaxSampleLen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body errorBody
			if code := e.do(tt.method, tt.path, tt.body, &body); code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %+v", code, body)
			}
			want := fmt.Sprintf("must be at most %d characters", tt.max)
			if body.Fields[tt.field] != want || !strings.Contains(body.Error, tt.field+": "+want) {
				t.Fatalf("body = %+v, want %s: %s", body, tt.field, want)
			}
		})
	}
	var list TriggerList
	e.do("GET", "/admin/triggers", nil, &list)
	if len(list.Triggers) != 3 {
		t.Fatalf("%d triggers stored, want the two predefined and ours", len(list.Triggers))
	}
	got, _ := e.triggers.Get(t.Context(), tr.ID)
	if got.SkillCommand != "" || got.MatchFieldPath != "" || got.TriggerSource != trigger.SourceManual {
		t.Fatalf("a refused update changed the trigger: %+v", got)
	}
}
