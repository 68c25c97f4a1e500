package planning

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

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

// CommandStore keeps the list as a setting (*settings.Service).
type CommandStore interface {
	Value(ctx context.Context, key string, dst any) (bool, error)
	SetValue(ctx context.Context, key string, v any) error
}

// commandsKey is the list's key in the settings table.
const commandsKey = "planning_commands"

// CommandList holds the planning commands the board offers. It reads the setting once and keeps
// the list in memory, so opening a board never touches SQLite.
type CommandList struct {
	store CommandStore
	log   *slog.Logger

	mu   sync.RWMutex
	list []Command
}

// NewCommandList loads the stored list, or the defaults when none was stored. A stored list that
// no longer validates (edited by hand) gives way to the defaults with a warning rather than
// breaking start-up.
func NewCommandList(ctx context.Context, store CommandStore, log *slog.Logger) (*CommandList, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	l := &CommandList{store: store, log: log.With("component", "planning"), list: DefaultCommands()}
	var stored []Command
	found, err := store.Value(ctx, commandsKey, &stored)
	if err != nil {
		return nil, fmt.Errorf("load planning commands: %w", err)
	}
	if !found {
		return l, nil
	}
	clean, err := ValidateCommands(stored)
	if err != nil {
		l.log.Warn("stored planning commands invalid, using the defaults", "err", err)
		return l, nil
	}
	l.list = clean
	return l, nil
}

// List returns the commands in the order the board shows them.
func (l *CommandList) List() []Command {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return append([]Command{}, l.list...)
}

// Set validates, stores and returns the new list (trimmed). An empty list is allowed: the board
// then shows no commands.
func (l *CommandList) Set(ctx context.Context, in []Command) ([]Command, error) {
	clean, err := ValidateCommands(in)
	if err != nil {
		return l.List(), err
	}
	return l.save(ctx, clean)
}

// Reset goes back to DefaultCommands.
func (l *CommandList) Reset(ctx context.Context) ([]Command, error) {
	return l.save(ctx, DefaultCommands())
}

func (l *CommandList) save(ctx context.Context, list []Command) ([]Command, error) {
	if err := l.store.SetValue(ctx, commandsKey, list); err != nil {
		return l.List(), fmt.Errorf("save planning commands: %w", err)
	}
	l.mu.Lock()
	l.list = list
	l.mu.Unlock()
	l.log.InfoContext(ctx, "planning commands updated", "count", len(list))
	return append([]Command{}, list...), nil
}

// ValidateCommands trims every label and command and checks them. Fields are named as the JSON
// is ("commands[2].label"), so a form can put each message under its input.
func ValidateCommands(in []Command) ([]Command, error) {
	errs := validation.New("planning commands")
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
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return out, nil
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
