package main

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// claude imitates Claude Code 2.1.197 in -p --output-format stream-json mode (commander argv).
type claude struct {
	p     parsed
	model string
	sid   string
}

var claudeSpecs = []optSpec{
	{names: []string{"--print", "-p"}},
	{names: []string{"--verbose"}},
	{names: []string{"--version", "-v"}},
	{names: []string{"--help", "-h"}},
	{names: []string{"--dangerously-skip-permissions"}},
	{names: []string{"--output-format"}, kind: valueOpt, choices: []string{"text", "json", "stream-json"}, usage: "--output-format <format>"},
	{names: []string{"--input-format"}, kind: valueOpt, choices: []string{"text", "stream-json"}, usage: "--input-format <format>"},
	{names: []string{"--permission-mode"}, kind: valueOpt, choices: []string{"acceptEdits", "auto", "bypassPermissions", "default", "dontAsk", "plan"}, usage: "--permission-mode <mode>"},
	{names: []string{"--model"}, kind: valueOpt, usage: "--model <model>"},
	{names: []string{"--max-turns"}, kind: valueOpt, usage: "--max-turns <turns>"},
	{names: []string{"--allowedTools", "--allowed-tools"}, kind: variadicOpt, usage: "--allowedTools, --allowed-tools <tools...>"},
	{names: []string{"--disallowedTools", "--disallowed-tools"}, kind: variadicOpt, usage: "--disallowedTools, --disallowed-tools <tools...>"},
	{names: []string{"--add-dir"}, kind: variadicOpt, usage: "--add-dir <directories...>"},
}

// claudeModels resolves the aliases as 2.1.197 did against the fake endpoint.
var claudeModels = map[string]string{"": "claude-opus-4-8", "opus": "claude-opus-4-8", "sonnet": "claude-sonnet-5", "haiku": "claude-haiku-4-5"}

func (c *claude) parse(args []string) int {
	p, err := parseArgs(args, claudeSpecs)
	if err != nil {
		switch err.kind {
		case "unknown":
			errln("error: unknown option '%s'", err.arg)
		case "missing":
			errln("error: option '%s' argument missing", err.spec.usage)
		case "choice":
			errln("error: option '%s' argument '%s' is invalid. Allowed choices are %s.", err.spec.usage, err.value, strings.Join(err.spec.choices, ", "))
		}
		return 1
	}
	c.p = p
	switch {
	case p.has("--version"):
		fmt.Println("2.1.197 (Claude Code)")
		return 0
	case !p.has("--print"):
		errln("fakeagent: interactive claude is not imitated; pass -p")
		return 2
	case p.get("--output-format") == "stream-json" && !p.has("--verbose"):
		errln("Error: When using --print, --output-format=stream-json requires --verbose")
		return 1
	case p.get("--output-format") != "stream-json":
		errln("fakeagent: only --output-format stream-json is imitated")
		return 2
	case (p.has("--dangerously-skip-permissions") || p.get("--permission-mode") == "bypassPermissions") &&
		os.Geteuid() == 0 && os.Getenv("IS_SANDBOX") != "1" && os.Getenv("CLAUDE_CODE_BUBBLEWRAP") == "":
		errln("--dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons")
		return 1
	case len(p.positional) == 0 && strings.TrimSpace(readStdin()) == "", len(p.positional) > 0 && strings.TrimSpace(p.positional[0]) == "":
		errln("Error: Input must be provided either through stdin or as a prompt argument when using --print")
		return 1
	}
	c.model = claudeModels[p.get("--model")]
	if c.model == "" {
		c.model = p.get("--model")
	}
	c.sid = fmt.Sprintf("5abe%04x-1c2d-4e5f-8a9b-0c1d2e3f4a5b", os.Getpid()%0x10000)
	return -1
}

func (c *claude) mode() string {
	switch {
	case c.p.has("--dangerously-skip-permissions"):
		return "bypassPermissions"
	case c.p.has("--permission-mode"):
		return c.p.get("--permission-mode")
	}
	return "default"
}

func (c *claude) initLine(keySource string) string {
	return line(obj{"type", "system", "subtype", "init", "cwd", cwd(), "session_id", c.sid,
		"tools", []string{"Task", "Bash", "Edit", "Glob", "Grep", "Read", "Write", "WebFetch"},
		"mcp_servers", []any{}, "model", c.model, "permissionMode", c.mode(), "apiKeySource", keySource,
		"claude_code_version", "2.1.197", "output_style", "default", "uuid", "0b1c2d3e-init"})
}

func (c *claude) beginLines() []string {
	src := "none"
	if os.Getenv("ANTHROPIC_API_KEY") != "" {
		src = "ANTHROPIC_API_KEY"
	}
	return []string{c.initLine(src)}
}

func (c *claude) assistant(model string, content []any, extra ...any) string {
	msg := obj{"id", "msg_01FAKE", "type", "message", "role", "assistant", "model", model, "content", content,
		"stop_reason", nil, "usage", obj{"input_tokens", 12, "output_tokens", 1, "cache_creation_input_tokens", 0, "cache_read_input_tokens", 0}}
	ev := obj{"type", "assistant", "message", msg, "parent_tool_use_id", nil, "session_id", c.sid, "uuid", "a1b2c3d4-asst"}
	return line(append(ev, extra...))
}

func (c *claude) textLine(text string) string {
	return c.assistant(c.model, []any{obj{"type", "text", "text", text}})
}

func (c *claude) toolLines() []string {
	path := cwd() + "/README.md"
	return []string{
		c.assistant(c.model, []any{obj{"type", "tool_use", "id", "toolu_01FAKE", "name", "Read", "input", obj{"file_path", path}}}),
		line(obj{"type", "user", "message", obj{"role", "user", "content", []any{obj{"tool_use_id", "toolu_01FAKE", "type", "tool_result", "content", "1\t# Project\n2\t"}}},
			"parent_tool_use_id", nil, "session_id", c.sid, "uuid", "u1", "timestamp", time.Now().UTC().Format(time.RFC3339),
			"tool_use_result", obj{"type", "text", "file", obj{"filePath", path, "content", "# Project\n", "numLines", 2, "startLine", 1, "totalLines", 2}}}),
	}
}

func (c *claude) result(isError bool, status any, text string, in, out int, cost float64) string {
	usage := obj{"input_tokens", in, "cache_creation_input_tokens", 0, "cache_read_input_tokens", 0, "output_tokens", out,
		"server_tool_use", obj{"web_search_requests", 0, "web_fetch_requests", 0}, "service_tier", "standard"}
	modelUsage := obj{}
	if in > 0 {
		modelUsage = obj{c.model, obj{"inputTokens", in, "outputTokens", out, "cacheReadInputTokens", 0, "cacheCreationInputTokens", 0, "webSearchRequests", 0, "costUSD", cost, "contextWindow", 200000, "maxOutputTokens", 64000}}
	}
	return line(obj{"type", "result", "subtype", "success", "is_error", isError, "api_error_status", status,
		"duration_ms", 1340, "duration_api_ms", 1210, "num_turns", 2, "result", text, "stop_reason", "end_turn",
		"session_id", c.sid, "total_cost_usd", cost, "usage", usage, "modelUsage", modelUsage,
		"permission_denials", []any{}, "terminal_reason", "completed", "uuid", "r1"})
}

func (c *claude) resultLine() string {
	return c.result(false, nil, doneText, 2310, 145, 0.012345)
}

// failure prints claude's synthetic assistant message and error result, and exits 1.
func (c *claude) failure(code, text string, status any, before ...string) int {
	write(c.initLine("none"))
	write(before...)
	write(c.assistant("<synthetic>", []any{obj{"type", "text", "text", text}}, "error", code))
	write(c.result(true, status, text, 0, 0, 0))
	return 1
}

func (c *claude) auth() int {
	return c.failure("authentication_failed", "Not logged in · Please run /login", nil)
}

// rateLimit is the subscription form: a rejected rate_limit_event, then "You've hit your
// session limit · resets 3pm (UTC)".
func (c *claude) rateLimit(reset time.Time) int {
	event := line(obj{"type", "rate_limit_event", "rate_limit_info", obj{"status", "rejected", "resetsAt", reset.Unix(),
		"rateLimitType", "five_hour", "overageStatus", "rejected", "isUsingOverage", false}, "uuid", "rl1", "session_id", c.sid})
	text := "You've hit your session limit · resets " + claudeClock(reset) + " (UTC)"
	if cost := envFloat("FAKEAGENT_LIMIT_COST"); cost > 0 {
		// A limit met mid-run: the result still reports what the run used until then.
		write(c.initLine("none"), event)
		write(c.assistant("<synthetic>", []any{obj{"type", "text", "text", text}}, "error", "rate_limit"))
		write(c.result(true, 429, text, 1000, 100, cost))
		return 1
	}
	return c.failure("rate_limit", text, 429, event)
}

// claudeClock formats like claude: "3pm", "3:30pm", with the date when more than a day away.
func claudeClock(t time.Time) string {
	t = t.UTC()
	layout := "3:04pm"
	if t.Minute() == 0 {
		layout = "3pm"
	}
	if time.Until(t) > 24*time.Hour {
		layout = "Jan 2, " + layout
	}
	return t.Format(layout)
}

func (c *claude) crashMessage() string {
	return "panic(main thread): Segmentation fault at address 0x0\noh no: Bun has crashed. This indicates a bug in Bun, not your code."
}
