package restapi

import (
	"context"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/planning"
)

func TestPlanningCommandsOverREST(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})

	defaults := PlanningCommandList{InitCommand: planning.DefaultInitCommand, Commands: planning.DefaultCommands()}
	var got PlanningCommandList
	if code := e.do("GET", "/admin/planning/commands", nil, &got); code != http.StatusOK || !reflect.DeepEqual(got, defaults) {
		t.Fatalf("GET: %d %+v, want the GRD defaults", code, got)
	}

	// A body without initCommand (as clients sent before it was a setting) keeps the stored one.
	mine := `{"commands":[{"label":" Review ","command":"/review"},{"label":"Plan","command":"/grd:plan-phase","phase":true}]}`
	want := PlanningCommandList{InitCommand: planning.DefaultInitCommand, Commands: []planning.Command{{Label: "Review", Command: "/review"}, {Label: "Plan", Command: "/grd:plan-phase", Phase: true}}}
	if code := e.do("PUT", "/admin/planning/commands", mine, &got); code != http.StatusOK || !reflect.DeepEqual(got, want) {
		t.Fatalf("PUT: %d %+v, want %+v", code, got, want)
	}
	init := " /gsd:new-project "
	want.InitCommand = "/gsd:new-project"
	if code := e.do("PUT", "/admin/planning/commands", PlanningCommandsUpdate{InitCommand: &init, Commands: want.Commands}, &got); code != http.StatusOK || !reflect.DeepEqual(got, want) {
		t.Fatalf("PUT with initCommand: %d %+v, want %+v", code, got, want)
	}
	if code := e.do("GET", "/admin/planning/commands", nil, &got); code != http.StatusOK || !reflect.DeepEqual(got, want) {
		t.Fatalf("GET after PUT: %d %+v", code, got)
	}
	if code := e.do("PUT", "/admin/planning/commands", mine, &got); code != http.StatusOK || got.InitCommand != "/gsd:new-project" {
		t.Fatalf("PUT without initCommand after one was set: %d %+v", code, got)
	}
	// An empty list is a list: the board offers no commands.
	if code := e.do("PUT", "/admin/planning/commands", PlanningCommandsUpdate{Commands: []planning.Command{}}, &got); code != http.StatusOK || got.Commands == nil || len(got.Commands) != 0 {
		t.Fatalf("PUT []: %d %+v", code, got)
	}
	if code := e.do("PUT", "/admin/planning/commands", mine, &got); code != http.StatusOK {
		t.Fatalf("PUT again: %d", code)
	}

	tests := []struct {
		name  string
		body  any
		field string // "" when the body itself is wrong
	}{
		{"no label", `{"commands":[{"label":"","command":"/a"}]}`, "commands[0].label"},
		{"a label over 40 characters", `{"commands":[{"label":"12345678901234567890123456789012345678901","command":"/a"}]}`, "commands[0].label"},
		{"a command without a slash", `{"commands":[{"label":"A","command":"a"}]}`, "commands[0].command"},
		{"a command on two lines", `{"commands":[{"label":"A","command":"/a\nb"}]}`, "commands[0].command"},
		{"an escape sequence in a label", `{"commands":[{"label":"A\u001b[2J","command":"/a"}]}`, "commands[0].label"},
		{"a label used twice", `{"commands":[{"label":"A","command":"/a"},{"label":"a","command":"/b"}]}`, "commands[1].label"},
		{"commands missing", `{}`, "commands"},
		{"initCommand empty", `{"initCommand":"","commands":[]}`, "initCommand"},
		{"initCommand without a slash", `{"initCommand":"new-project","commands":[]}`, "initCommand"},
		{"initCommand on two lines", `{"initCommand":"/a\rb","commands":[]}`, "initCommand"},
		{"initCommand with an escape", `{"initCommand":"/a\u001b[2J","commands":[]}`, "initCommand"},
		{"initCommand not a string", `{"initCommand":7,"commands":[]}`, ""},
		{"a list instead of an object", `[{"label":"A","command":"/a"}]`, ""},
		{"an unknown field", `{"commands":[{"label":"A","command":"/a","icon":"x"}]}`, ""},
		{"phase not a boolean", `{"commands":[{"label":"A","command":"/a","phase":"yes"}]}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body errorBody
			if code := e.do("PUT", "/admin/planning/commands", tt.body, &body); code != http.StatusBadRequest || body.Error == "" {
				t.Fatalf("status %d %+v, want 400 with an error", code, body)
			}
			if tt.field != "" && body.Fields[tt.field] == "" {
				t.Fatalf("error %+v does not name %s", body, tt.field)
			}
		})
	}
	t.Run("too many", func(t *testing.T) {
		many := PlanningCommandsUpdate{}
		for i := range planning.MaxCommands + 1 {
			many.Commands = append(many.Commands, planning.Command{Label: string(rune('A'+i%26)) + string(rune('a'+i/26)), Command: "/x"})
		}
		var body errorBody
		if code := e.do("PUT", "/admin/planning/commands", many, &body); code != http.StatusBadRequest || body.Fields["commands"] == "" {
			t.Fatalf("status %d %+v, want 400 naming commands", code, body)
		}
	})
	// Refusals left the stored list alone; reset brings the defaults back.
	if code := e.do("GET", "/admin/planning/commands", nil, &got); code != http.StatusOK || !reflect.DeepEqual(got, want) {
		t.Fatalf("GET after refusals: %d %+v", code, got)
	}
	if code := e.do("POST", "/admin/planning/commands/reset", nil, &got); code != http.StatusOK || !reflect.DeepEqual(got, defaults) {
		t.Fatalf("reset: %d %+v", code, got)
	}
	if code := e.do("GET", "/admin/planning/commands", nil, &got); code != http.StatusOK || !reflect.DeepEqual(got, defaults) {
		t.Fatalf("GET after reset: %d %+v", code, got)
	}
}

// A change over REST reaches the app's bus, as one made in the UI does: open boards follow it.
func TestPlanningCommandsChangePublished(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	sub := e.bus.Subscribe(8, func(name string) bool { return name == events.PlanningCommandsChanged })
	defer sub.Close()
	next := func() planning.CommandSet {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		ev, err := sub.Next(ctx)
		if err != nil {
			t.Fatalf("no %s event: %v", events.PlanningCommandsChanged, err)
		}
		return ev.Payload.(planning.CommandSet)
	}

	if code := e.do("PUT", "/admin/planning/commands", `{"initCommand":"/init","commands":[]}`, nil); code != http.StatusOK {
		t.Fatalf("PUT: %d", code)
	}
	if got := next(); got.InitCommand != "/init" || len(got.Commands) != 0 {
		t.Fatalf("published %+v after PUT", got)
	}
	if code := e.do("POST", "/admin/planning/commands/reset", nil, nil); code != http.StatusOK {
		t.Fatalf("reset: %d", code)
	}
	if got := next(); !reflect.DeepEqual(got, planning.DefaultCommandSet()) {
		t.Fatalf("published %+v after reset", got)
	}
}
