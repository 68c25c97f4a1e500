package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// codex imitates `codex exec --json` of codex-cli 0.169.0 (clap argv).
type codex struct {
	p    parsed
	item int
}

var codexSpecs = []optSpec{
	{names: []string{"--json"}},
	{names: []string{"--skip-git-repo-check"}},
	{names: []string{"--dangerously-bypass-approvals-and-sandbox"}},
	{names: []string{"--ephemeral"}},
	{names: []string{"--help", "-h"}},
	{names: []string{"--config", "-c"}, kind: valueOpt, usage: "--config <key=value>"},
	{names: []string{"--model", "-m"}, kind: valueOpt, usage: "--model <MODEL>"},
	{names: []string{"--sandbox", "-s"}, kind: valueOpt, choices: []string{"read-only", "workspace-write", "danger-full-access"}, usage: "--sandbox <SANDBOX_MODE>"},
	{names: []string{"--cd", "-C"}, kind: valueOpt, usage: "--cd <DIR>"},
	{names: []string{"--add-dir"}, kind: valueOpt, usage: "--add-dir <DIR>"},
	{names: []string{"--profile", "-p"}, kind: valueOpt, usage: "--profile <CONFIG_PROFILE_V2>"},
	{names: []string{"--output-last-message", "-o"}, kind: valueOpt, usage: "--output-last-message <FILE>"},
	{names: []string{"--color"}, kind: valueOpt, choices: []string{"always", "never", "auto"}, usage: "--color <COLOR>"},
}

const codexUsage = "Usage: codex exec [OPTIONS] [PROMPT]\n       codex exec [OPTIONS] <COMMAND> [ARGS]\n\nFor more information, try '--help'."

func (c *codex) parse(args []string) int {
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-V") {
		fmt.Println("codex-cli 0.169.0")
		return 0
	}
	if len(args) == 0 || (args[0] != "exec" && args[0] != "e") {
		errln("fakeagent: only `codex exec` is imitated")
		return 2
	}
	p, err := parseArgs(args[1:], codexSpecs)
	if err != nil {
		switch err.kind {
		case "unknown":
			errln("error: unexpected argument '%s' found\n\n  tip: to pass '%s' as a value, use '-- %s'\n\n%s", err.arg, err.arg, err.arg, codexUsage)
		case "missing":
			errln("error: a value is required for '%s' but none was supplied\n\nFor more information, try '--help'.", err.spec.usage)
		case "choice":
			errln("error: invalid value '%s' for '%s'\n  [possible values: %s]\n\nFor more information, try '--help'.", err.value, err.spec.usage, strings.Join(err.spec.choices, ", "))
		}
		return 2
	}
	c.p = p
	if p.loose > 0 && contains([]string{"resume", "fork", "review", "help"}, p.positional[0]) {
		errln("fakeagent: codex exec %s is not imitated (put the prompt after --)", p.positional[0])
		return 2
	}
	if len(p.positional) > 1 {
		errln("error: unexpected argument '%s' found\n\n%s", p.positional[1], codexUsage)
		return 2
	}
	for _, kv := range p.opts["--config"] {
		if !strings.Contains(kv, "=") {
			errln("Error: Invalid override (missing '='): %s", kv)
			return 1
		}
	}
	if !p.has("--json") {
		errln("fakeagent: only codex exec --json is imitated")
		return 2
	}
	if home := os.Getenv("CODEX_HOME"); home != "" {
		if _, err := os.Stat(home); err != nil {
			errln("WARNING: proceeding, even though we could not create PATH aliases: CODEX_HOME points to %q, but that path does not exist", home)
			errln("Error finding codex home: CODEX_HOME points to %q, but that path does not exist", home)
			return 1
		}
	}
	if len(p.positional) == 0 || p.positional[0] == "-" {
		errln("Reading prompt from stdin...")
		if strings.TrimSpace(readStdin()) == "" {
			errln("No prompt provided via stdin.")
			return 1
		}
	} else {
		errln("Reading additional input from stdin...")
		readStdin()
	}
	dir := p.get("--cd")
	if dir == "" {
		dir = cwd()
	}
	if !p.has("--skip-git-repo-check") && !inGitRepo(dir) {
		errln("Not inside a trusted directory and --skip-git-repo-check was not specified.")
		return 1
	}
	return -1
}

func inGitRepo(dir string) bool {
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return true
		}
		if filepath.Dir(d) == d {
			return false
		}
	}
}

func (c *codex) nextItem() string {
	id := fmt.Sprintf("item_%d", c.item)
	c.item++
	return id
}

func (c *codex) beginLines() []string {
	return []string{
		line(obj{"type", "thread.started", "thread_id", fmt.Sprintf("01a214d4-bab9-7d90-9fa0-%012x", os.Getpid())}),
		line(obj{"type", "turn.started"}),
	}
}

func (c *codex) textLine(text string) string {
	return line(obj{"type", "item.completed", "item", obj{"id", c.nextItem(), "type", "agent_message", "text", text}})
}

func (c *codex) toolLines() []string {
	id, cmd := c.nextItem(), "/bin/bash -lc 'cat README.md'"
	return []string{
		line(obj{"type", "item.started", "item", obj{"id", id, "type", "command_execution", "command", cmd, "aggregated_output", "", "exit_code", nil, "status", "in_progress"}}),
		line(obj{"type", "item.completed", "item", obj{"id", id, "type", "command_execution", "command", cmd, "aggregated_output", "# Project\n", "exit_code", 0, "status", "completed"}}),
	}
}

func (c *codex) resultLine() string {
	return line(obj{"type", "turn.completed", "usage", obj{"input_tokens", 2310, "cached_input_tokens", 1024, "cache_write_input_tokens", 0, "output_tokens", 145, "reasoning_output_tokens", 32}})
}

func (c *codex) fail(msg string) int {
	write(c.beginLines()...)
	write(line(obj{"type", "error", "message", msg}), line(obj{"type", "turn.failed", "error", obj{"message", msg}}))
	return 1
}

func (c *codex) auth() int {
	return c.fail("unexpected status 401 Unauthorized: Missing bearer or basic authentication in header, url: https://api.openai.com/v1/responses")
}

func (c *codex) rateLimit(reset time.Time) int {
	return c.fail("You’ve hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro), visit https://chatgpt.com/settings/usage to purchase more credits or try again at " + codexClock(reset) + ".")
}

// codexClock formats like codex (chrono, local time): "11:29 PM" today, else
// "Nov 25th, 2026 11:35 PM".
func codexClock(t time.Time) string {
	t, now := t.Local(), time.Now()
	if t.YearDay() == now.YearDay() && t.Year() == now.Year() {
		return t.Format("3:04 PM")
	}
	suffix := "th"
	switch d := t.Day(); {
	case d == 1 || d == 21 || d == 31:
		suffix = "st"
	case d == 2 || d == 22:
		suffix = "nd"
	case d == 3 || d == 23:
		suffix = "rd"
	}
	return t.Format("Jan 2") + suffix + t.Format(", 2006 3:04 PM")
}

func (c *codex) crashMessage() string {
	return "\nthread 'main' has overflowed its stack\nfatal runtime error: stack overflow"
}
