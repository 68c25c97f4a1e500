package planning

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/validation"
)

// Command is a planning command: a slash command the board opens in an AI CLI in a terminal tab
// of the project, where the CLI asks its questions interactively.
type Command struct {
	Label   string `json:"label"`
	Command string `json:"command"`
	// Phase makes the command one about a phase: the board offers it on each phase lane and
	// appends the phase number ("/grd:plan-phase 3").
	Phase bool `json:"phase"`
}

// CommandSet is the stored setting: the commands the board offers and the one "Initialize
// planning" opens in a project without .planning. They are one setting because they belong to
// the same workflow: switching to another planning tool changes both.
type CommandSet struct {
	InitCommand string    `json:"initCommand"`
	Commands    []Command `json:"commands"`
}

// Limits of the planning command list.
const (
	MaxCommands       = 30
	MaxCommandLabel   = 40
	MaxCommandTextLen = 200
)

// DefaultCommands are the GRD workflow's commands: map the codebase, start a milestone, and
// discuss, research, plan and execute a phase. A fresh install offers them, and "reset" restores
// them.
func DefaultCommands() []Command {
	return []Command{
		{Label: "Map codebase", Command: "/grd:map-codebase"},
		{Label: "New milestone", Command: "/grd:new-milestone"},
		{Label: "Discuss phase", Command: "/grd:discuss-phase", Phase: true},
		{Label: "Research phase", Command: "/grd:research-phase", Phase: true},
		{Label: "Plan phase", Command: "/grd:plan-phase", Phase: true},
		{Label: "Execute phase", Command: "/grd:execute-phase", Phase: true},
		{Label: "Progress", Command: "/grd:progress"},
	}
}

// DefaultInitCommand is GRD's command that writes a new project's .planning.
const DefaultInitCommand = "/grd:new-project"

// DefaultCommandSet is what a fresh install offers and what "reset" restores.
func DefaultCommandSet() CommandSet {
	return CommandSet{InitCommand: DefaultInitCommand, Commands: DefaultCommands()}
}

// CommandStore keeps the list as a setting (*settings.Service).
type CommandStore interface {
	Value(ctx context.Context, key string, dst any) (bool, error)
	SetValue(ctx context.Context, key string, v any) error
}

// commandsKey is the list's key in the settings table.
const commandsKey = "planning_commands"

// CommandList holds the planning commands the board offers. It reads the setting once and keeps
// it in memory, so opening a board never touches SQLite; every change is published
// (events.PlanningCommandsChanged) so boards already open follow it.
type CommandList struct {
	store CommandStore
	em    events.Emitter
	log   *slog.Logger

	// saving serialises saves so the last event published is the setting stored.
	saving sync.Mutex
	mu     sync.RWMutex
	set    CommandSet
}

// NewCommandList loads the stored setting, or the defaults when none was stored. A stored value
// that no longer validates (edited by hand) gives way to the defaults with a warning rather than
// breaking start-up.
func NewCommandList(ctx context.Context, store CommandStore, em events.Emitter, log *slog.Logger) (*CommandList, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	l := &CommandList{store: store, em: em, log: log.With("component", "planning"), set: DefaultCommandSet()}
	var raw json.RawMessage
	found, err := store.Value(ctx, commandsKey, &raw)
	if err != nil {
		return nil, fmt.Errorf("load planning commands: %w", err)
	}
	if !found {
		return l, nil
	}
	stored, err := decodeCommandSet(raw)
	if err != nil {
		l.log.Warn("stored planning commands undecodable, using the defaults", "err", err)
		return l, nil
	}
	clean, err := ValidateCommandSet(stored)
	if err != nil {
		l.log.Warn("stored planning commands invalid, using the defaults", "err", err)
		return l, nil
	}
	l.set = clean
	return l, nil
}

// decodeCommandSet reads the stored value. Before the initialize command was a setting the value
// was the bare list; such a value keeps its list and gets the default initialize command.
func decodeCommandSet(raw json.RawMessage) (CommandSet, error) {
	var set CommandSet
	if len(raw) > 0 && raw[0] == '[' {
		set.InitCommand = DefaultInitCommand
		return set, json.Unmarshal(raw, &set.Commands)
	}
	return set, json.Unmarshal(raw, &set)
}

// List returns the commands in the order the board shows them.
func (l *CommandList) List() []Command { return l.Get().Commands }

// Get returns the whole setting: the initialize command and the board's commands.
func (l *CommandList) Get() CommandSet {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return copySet(l.set)
}

// Set validates, stores and returns the new setting (trimmed). An empty list is allowed: the
// board then shows no commands; the initialize command is required.
func (l *CommandList) Set(ctx context.Context, in CommandSet) (CommandSet, error) {
	clean, err := ValidateCommandSet(in)
	if err != nil {
		return l.Get(), err
	}
	return l.save(ctx, clean)
}

// Reset goes back to DefaultCommandSet.
func (l *CommandList) Reset(ctx context.Context) (CommandSet, error) {
	return l.save(ctx, DefaultCommandSet())
}

func (l *CommandList) save(ctx context.Context, set CommandSet) (CommandSet, error) {
	l.saving.Lock()
	defer l.saving.Unlock()
	if err := l.store.SetValue(ctx, commandsKey, set); err != nil {
		return l.Get(), fmt.Errorf("save planning commands: %w", err)
	}
	l.mu.Lock()
	l.set = copySet(set)
	l.mu.Unlock()
	l.log.InfoContext(ctx, "planning commands updated", "count", len(set.Commands), "init", set.InitCommand)
	l.em.Emit(events.PlanningCommandsChanged, copySet(set))
	return copySet(set), nil
}

// copySet copies the list so no caller shares the slice held under the lock; never nil, so the
// JSON is [] rather than null.
func copySet(s CommandSet) CommandSet {
	return CommandSet{InitCommand: s.InitCommand, Commands: append([]Command{}, s.Commands...)}
}

// ValidateCommandSet trims and checks the initialize command ("initCommand") and every command
// of the list, reporting all the wrong fields at once.
func ValidateCommandSet(in CommandSet) (CommandSet, error) {
	errs := validation.New("planning commands")
	out := CommandSet{InitCommand: strings.TrimSpace(in.InitCommand)}
	if msg := checkCommand(out.InitCommand); msg != "" {
		errs.Add("initCommand", msg)
	}
	out.Commands = validateList(in.Commands, errs)
	if err := errs.Err(); err != nil {
		return CommandSet{}, err
	}
	return out, nil
}

// ValidateCommands trims every label and command and checks them. Fields are named as the JSON
// is ("commands[2].label"), so a form can put each message under its input.
func ValidateCommands(in []Command) ([]Command, error) {
	errs := validation.New("planning commands")
	out := validateList(in, errs)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func validateList(in []Command, errs *validation.Errors) []Command {
	if len(in) > MaxCommands {
		errs.Add("commands", fmt.Sprintf("must hold at most %d commands", MaxCommands))
	}
	out := make([]Command, 0, len(in))
	seen := map[string]int{}
	for i, c := range in {
		c.Label, c.Command = strings.TrimSpace(c.Label), strings.TrimSpace(c.Command)
		field := fmt.Sprintf("commands[%d]", i)
		if msg := checkLabel(c.Label); msg != "" {
			errs.Add(field+".label", msg)
		} else if first, dup := seen[strings.ToLower(c.Label)]; dup {
			errs.Add(field+".label", fmt.Sprintf("is already the label of command %d", first+1))
		} else {
			seen[strings.ToLower(c.Label)] = i
		}
		if msg := checkCommand(c.Command); msg != "" {
			errs.Add(field+".command", msg)
		}
		out = append(out, c)
	}
	return out
}

func checkLabel(s string) string {
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		return "is required"
	case n > MaxCommandLabel:
		return fmt.Sprintf("must be at most %d characters", MaxCommandLabel)
	}
	return checkLine(s)
}

func checkCommand(s string) string {
	switch {
	case s == "":
		return "is required"
	case !strings.HasPrefix(s, "/") || len(s) == 1:
		return "must be a slash command such as /grd:progress"
	case utf8.RuneCountInString(s) > MaxCommandTextLen:
		return fmt.Sprintf("must be at most %d characters", MaxCommandTextLen)
	}
	return checkLine(s)
}

// checkLine refuses what would break a single line typed into a terminal: line breaks (they
// would submit early) and other control characters (escape sequences, NUL).
func checkLine(s string) string {
	if !utf8.ValidString(s) {
		return "must be valid UTF-8 text"
	}
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			return "must be a single line"
		case unicode.IsControl(r):
			return "must not contain control characters"
		}
	}
	return ""
}
