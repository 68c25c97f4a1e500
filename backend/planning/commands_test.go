package planning

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/settings"
	"github.com/agented/agented/backend/validation"
)

// newTestSettings opens a real settings service on a fresh SQLite database.
func newTestSettings(t *testing.T) *settings.Service {
	t.Helper()
	s, err := settings.New(context.Background(), testutil.OpenDB(t), &events.Recorder{}, logging.Discard())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newTestCommands(t *testing.T, store CommandStore) *CommandList {
	t.Helper()
	return newTestCommandsWith(t, store, &events.Recorder{})
}

func newTestCommandsWith(t *testing.T, store CommandStore, em events.Emitter) *CommandList {
	t.Helper()
	l, err := NewCommandList(context.Background(), store, em, logging.Discard())
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestValidateCommands(t *testing.T) {
	t.Parallel()
	many := make([]Command, MaxCommands+1)
	for i := range many {
		many[i] = Command{Label: fmt.Sprintf("Command %d", i), Command: "/x"}
	}
	tests := []struct {
		name   string
		in     []Command
		want   []Command         // on success
		fields map[string]string // on failure: every expected field message
	}{
		{name: "defaults", in: DefaultCommands(), want: DefaultCommands()},
		{name: "empty list", in: []Command{}, want: []Command{}},
		{
			name: "trimmed",
			in:   []Command{{Label: "  Plan  ", Command: " /grd:plan-phase --quick ", Phase: true}},
			want: []Command{{Label: "Plan", Command: "/grd:plan-phase --quick", Phase: true}},
		},
		{name: "40 characters", in: []Command{{Label: strings.Repeat("é", 40), Command: "/a"}}, want: []Command{{Label: strings.Repeat("é", 40), Command: "/a"}}},
		{name: "label missing", in: []Command{{Label: "  ", Command: "/a"}}, fields: map[string]string{"commands[0].label": "is required"}},
		{name: "label too long", in: []Command{{Label: strings.Repeat("x", 41), Command: "/a"}}, fields: map[string]string{"commands[0].label": "must be at most 40 characters"}},
		{name: "label on two lines", in: []Command{{Label: "Map\ncode", Command: "/a"}}, fields: map[string]string{"commands[0].label": "must be a single line"}},
		{name: "label with an escape", in: []Command{{Label: "Map\x1b[31m", Command: "/a"}}, fields: map[string]string{"commands[0].label": "must not contain control characters"}},
		{name: "command missing", in: []Command{{Label: "A", Command: ""}}, fields: map[string]string{"commands[0].command": "is required"}},
		{name: "command without slash", in: []Command{{Label: "A", Command: "grd:progress"}}, fields: map[string]string{"commands[0].command": "must be a slash command such as /grd:progress"}},
		{name: "slash alone", in: []Command{{Label: "A", Command: "/"}}, fields: map[string]string{"commands[0].command": "must be a slash command such as /grd:progress"}},
		{name: "command on two lines", in: []Command{{Label: "A", Command: "/a\r/b"}}, fields: map[string]string{"commands[0].command": "must be a single line"}},
		{name: "command with a line separator", in: []Command{{Label: "A", Command: "/a\u2028b"}}, fields: map[string]string{"commands[0].command": "must be a single line"}},
		{name: "command with NUL", in: []Command{{Label: "A", Command: "/a\x00"}}, fields: map[string]string{"commands[0].command": "must not contain control characters"}},
		{name: "command not UTF-8", in: []Command{{Label: "A", Command: "/a\xff"}}, fields: map[string]string{"commands[0].command": "must be valid UTF-8 text"}},
		{name: "command too long", in: []Command{{Label: "A", Command: "/" + strings.Repeat("a", MaxCommandTextLen)}}, fields: map[string]string{"commands[0].command": "must be at most 200 characters"}},
		{
			name:   "labels repeat, case aside",
			in:     []Command{{Label: "Plan", Command: "/a"}, {Label: "Other", Command: "/b"}, {Label: " plan", Command: "/c"}},
			fields: map[string]string{"commands[2].label": "is already the label of command 1"},
		},
		{
			name:   "several rows wrong",
			in:     []Command{{Label: "", Command: "x"}, {Label: "Ok", Command: "/ok"}, {Label: "B", Command: "/b\tc"}},
			fields: map[string]string{"commands[0].label": "is required", "commands[0].command": "must be a slash command such as /grd:progress", "commands[2].command": "must not contain control characters"},
		},
		{name: "too many", in: many, fields: map[string]string{"commands": "must hold at most 30 commands"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ValidateCommands(tt.in)
			checkValidated(t, got, err, tt.want, tt.fields)
		})
	}
}

func TestValidateCommandSet(t *testing.T) {
	t.Parallel()
	list := []Command{{Label: "Map", Command: "/grd:map-codebase"}}
	tests := []struct {
		name   string
		in     CommandSet
		want   CommandSet
		fields map[string]string
	}{
		{name: "defaults", in: DefaultCommandSet(), want: DefaultCommandSet()},
		{name: "trimmed", in: CommandSet{InitCommand: "  /gsd:new-project --auto ", Commands: list}, want: CommandSet{InitCommand: "/gsd:new-project --auto", Commands: list}},
		{name: "no list", in: CommandSet{InitCommand: "/init"}, want: CommandSet{InitCommand: "/init", Commands: []Command{}}},
		{name: "init missing", in: CommandSet{InitCommand: " ", Commands: list}, fields: map[string]string{"initCommand": "is required"}},
		{name: "init without slash", in: CommandSet{InitCommand: "grd:new-project"}, fields: map[string]string{"initCommand": "must be a slash command such as /grd:progress"}},
		{name: "init slash alone", in: CommandSet{InitCommand: "/"}, fields: map[string]string{"initCommand": "must be a slash command such as /grd:progress"}},
		{name: "init on two lines", in: CommandSet{InitCommand: "/a\n/b"}, fields: map[string]string{"initCommand": "must be a single line"}},
		{name: "init with an escape", in: CommandSet{InitCommand: "/a\x1b[2J"}, fields: map[string]string{"initCommand": "must not contain control characters"}},
		{name: "init not UTF-8", in: CommandSet{InitCommand: "/a\xfe"}, fields: map[string]string{"initCommand": "must be valid UTF-8 text"}},
		{name: "init too long", in: CommandSet{InitCommand: "/" + strings.Repeat("é", MaxCommandTextLen)}, fields: map[string]string{"initCommand": "must be at most 200 characters"}},
		{
			name:   "init and a row wrong",
			in:     CommandSet{InitCommand: "x", Commands: []Command{{Label: "", Command: "/a"}}},
			fields: map[string]string{"initCommand": "must be a slash command such as /grd:progress", "commands[0].label": "is required"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ValidateCommandSet(tt.in)
			checkValidated(t, got, err, tt.want, tt.fields)
		})
	}
}

func TestCommandListDefaultsSetResetAndRestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := newTestSettings(t)
	l := newTestCommands(t, store)
	if !reflect.DeepEqual(l.Get(), DefaultCommandSet()) || !reflect.DeepEqual(l.List(), DefaultCommands()) {
		t.Fatalf("fresh install: got %+v, want the defaults", l.Get())
	}

	mine := CommandSet{InitCommand: " /gsd:new-project ", Commands: []Command{{Label: " Review ", Command: "/review"}, {Label: "Plan phase", Command: "/grd:plan-phase", Phase: true}}}
	got, err := l.Set(ctx, mine)
	if err != nil {
		t.Fatal(err)
	}
	want := CommandSet{InitCommand: "/gsd:new-project", Commands: []Command{{Label: "Review", Command: "/review"}, {Label: "Plan phase", Command: "/grd:plan-phase", Phase: true}}}
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(l.Get(), want) {
		t.Fatalf("after Set: got %+v / %+v, want %+v", got, l.Get(), want)
	}
	// A refused setting changes nothing, in memory or stored.
	for _, bad := range []CommandSet{
		{InitCommand: "/init", Commands: []Command{{Label: "", Command: "/x"}}},
		{InitCommand: "", Commands: want.Commands},
	} {
		if _, err := l.Set(ctx, bad); err == nil {
			t.Fatalf("%+v was accepted", bad)
		}
	}
	if !reflect.DeepEqual(l.Get(), want) {
		t.Fatalf("after refusals: got %+v, want %+v", l.Get(), want)
	}
	if again := newTestCommands(t, store); !reflect.DeepEqual(again.Get(), want) {
		t.Fatalf("after a restart: got %+v, want %+v", again.Get(), want)
	}

	// An empty list stays empty (not the defaults) across a restart.
	if _, err := l.Set(ctx, CommandSet{InitCommand: "/init"}); err != nil {
		t.Fatal(err)
	}
	if again := newTestCommands(t, store).Get(); len(again.Commands) != 0 || again.InitCommand != "/init" {
		t.Fatalf("empty list came back as %+v", again)
	}

	reset, err := l.Reset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(reset, DefaultCommandSet()) || !reflect.DeepEqual(newTestCommands(t, store).Get(), DefaultCommandSet()) {
		t.Fatalf("after Reset: got %+v", reset)
	}
}

// Getters hand out copies: a caller editing what it got cannot change the setting.
func TestCommandListGetIsACopy(t *testing.T) {
	t.Parallel()
	l := newTestCommands(t, newTestSettings(t))
	got := l.Get()
	got.Commands[0].Label = "Changed"
	if l.List()[0].Label != DefaultCommands()[0].Label {
		t.Fatalf("the stored list changed to %+v", l.List())
	}
}

func TestCommandListReadsStoredValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		stored any
		want   CommandSet
	}{
		{
			name:   "the bare list stored before the initialize command was a setting",
			stored: []Command{{Label: "Mine", Command: "/mine"}},
			want:   CommandSet{InitCommand: DefaultInitCommand, Commands: []Command{{Label: "Mine", Command: "/mine"}}},
		},
		{name: "a bad bare list", stored: []Command{{Label: "Broken", Command: "no slash"}}, want: DefaultCommandSet()},
		{name: "a bad initialize command", stored: map[string]any{"initCommand": "new-project", "commands": []Command{}}, want: DefaultCommandSet()},
		{name: "no initialize command", stored: map[string]any{"commands": []Command{{Label: "A", Command: "/a"}}}, want: DefaultCommandSet()},
		{name: "a list where the object belongs", stored: map[string]any{"initCommand": "/i", "commands": "/a"}, want: DefaultCommandSet()},
		{name: "a number", stored: 42, want: DefaultCommandSet()},
		{name: "a whole setting", stored: CommandSet{InitCommand: "/i", Commands: []Command{}}, want: CommandSet{InitCommand: "/i", Commands: []Command{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			store := newTestSettings(t)
			if err := store.SetValue(context.Background(), commandsKey, tt.stored); err != nil {
				t.Fatal(err)
			}
			if got := newTestCommands(t, store).Get(); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// Every change is published with the setting as stored, so an open board follows it; a refused
// or failed change publishes nothing.
func TestCommandListPublishesChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec := &events.Recorder{}
	l := newTestCommandsWith(t, newTestSettings(t), rec)
	if got := rec.Named(events.PlanningCommandsChanged); len(got) != 0 {
		t.Fatalf("loading published %+v", got)
	}

	mine := CommandSet{InitCommand: " /init ", Commands: []Command{{Label: " Review ", Command: "/review"}}}
	if _, err := l.Set(ctx, mine); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Set(ctx, CommandSet{InitCommand: "init"}); err == nil {
		t.Fatal("a bad initialize command was accepted")
	}
	if _, err := l.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	got := rec.Named(events.PlanningCommandsChanged)
	want := []CommandSet{{InitCommand: "/init", Commands: []Command{{Label: "Review", Command: "/review"}}}, DefaultCommandSet()}
	if len(got) != len(want) {
		t.Fatalf("published %d events (%+v), want %d", len(got), got, len(want))
	}
	for i, e := range got {
		if !reflect.DeepEqual(e.Payload, want[i]) {
			t.Fatalf("event %d carries %+v, want %+v", i, e.Payload, want[i])
		}
	}
	// The payload is a copy: a subscriber editing it cannot change the setting.
	got[0].Payload.(CommandSet).Commands[0].Label = "Changed"
	if l.List()[0].Label != DefaultCommands()[0].Label {
		t.Fatalf("the setting changed to %+v", l.List())
	}

	failing := &events.Recorder{}
	broken := newTestCommandsWith(t, failingStore{newTestSettings(t)}, failing)
	if _, err := broken.Reset(ctx); err == nil {
		t.Fatal("a failed save reported success")
	}
	if n := len(failing.Events()); n != 0 {
		t.Fatalf("a failed save published %d events", n)
	}
}

// failingStore fails every write, as a full disk does.
type failingStore struct{ CommandStore }

func (failingStore) SetValue(context.Context, string, any) error { return errors.New("disk full") }

func TestCommandListKeepsTheOldListWhenSavingFails(t *testing.T) {
	t.Parallel()
	l := newTestCommands(t, failingStore{newTestSettings(t)})
	got, err := l.Set(context.Background(), CommandSet{InitCommand: "/i", Commands: []Command{{Label: "A", Command: "/a"}}})
	if err == nil || !strings.Contains(err.Error(), "save planning commands: disk full") {
		t.Fatalf("err = %v", err)
	}
	if !reflect.DeepEqual(got, DefaultCommandSet()) || !reflect.DeepEqual(l.Get(), DefaultCommandSet()) {
		t.Fatalf("setting changed to %+v / %+v", got, l.Get())
	}
}

// checkValidated checks a validator's answer: the cleaned value when fields is nil, else a
// validation error naming exactly those fields.
func checkValidated[T any](t *testing.T, got T, err error, want T, fields map[string]string) {
	t.Helper()
	if fields == nil {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("got %+v, want %+v", got, want)
		}
		return
	}
	var verrs *validation.Errors
	if !errors.As(err, &verrs) {
		t.Fatalf("want a validation error, got %v", err)
	}
	if !reflect.DeepEqual(verrs.Fields, fields) {
		t.Fatalf("fields = %v, want %v", verrs.Fields, fields)
	}
}
