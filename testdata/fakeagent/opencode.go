package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// opencode imitates `opencode run --format json` of opencode 1.18.33 (yargs, prints its usage
// and exits 1 on any argv error).
type opencode struct {
	p   parsed
	sid string
	msg int
}

var opencodeSpecs = []optSpec{
	{names: []string{"--auto"}},
	{names: []string{"--print-logs"}},
	{names: []string{"--pure"}},
	{names: []string{"--continue", "-c"}},
	{names: []string{"--fork"}},
	{names: []string{"--share"}},
	{names: []string{"--thinking"}},
	{names: []string{"--interactive", "-i"}},
	{names: []string{"--help", "-h"}},
	{names: []string{"--format"}, kind: valueOpt, choices: []string{"default", "json"}},
	{names: []string{"--model", "-m"}, kind: valueOpt},
	{names: []string{"--agent"}, kind: valueOpt},
	{names: []string{"--dir"}, kind: valueOpt},
	{names: []string{"--session", "-s"}, kind: valueOpt},
	{names: []string{"--title"}, kind: valueOpt},
	{names: []string{"--attach"}, kind: valueOpt},
	{names: []string{"--log-level"}, kind: valueOpt, choices: []string{"DEBUG", "INFO", "WARN", "ERROR"}},
	{names: []string{"--variant"}, kind: valueOpt},
	{names: []string{"--command"}, kind: valueOpt},
	{names: []string{"--file", "-f"}, kind: valueOpt},
}

const opencodeUsage = `opencode run [message..]

run opencode with a message

Positionals:
  message  message to send                                                     [array] [default: []]

Options:
  -h, --help         show help                                                             [boolean]
  -v, --version      show version number                                                   [boolean]
      --format       format: default (formatted) or json (raw JSON events)
                                          [string] [choices: "default", "json"] [default: "default"]
      --auto         auto-approve permissions that are not explicitly denied (dangerous!)
                                                                          [boolean] [default: false]`

const opencodeErr = "\x1b[91m\x1b[1mError: \x1b[0m"

func (o *opencode) parse(args []string) int {
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-v") {
		fmt.Println("1.18.33")
		return 0
	}
	if len(args) == 0 || args[0] != "run" {
		errln("fakeagent: only `opencode run` is imitated")
		return 2
	}
	p, err := parseArgs(args[1:], opencodeSpecs)
	if err != nil {
		errln("%s", opencodeUsage)
		return 1
	}
	o.p = p
	if p.get("--format") != "json" {
		errln("fakeagent: only opencode run --format json is imitated")
		return 2
	}
	readStdin()
	if dir := p.get("--dir"); dir != "" {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			errln("%sFailed to change directory to %s", opencodeErr, dir)
			return 1
		}
	}
	if strings.TrimSpace(strings.Join(p.positional, " ")+stdinText) == "" && !p.has("--command") {
		errln("%sYou must provide a message or a command", opencodeErr)
		return 1
	}
	if a := p.get("--agent"); a != "" && !contains([]string{"build", "plan"}, a) {
		errln("\x1b[93m\x1b[1m! \x1b[0magent %q not found. Falling back to default agent", a)
	}
	o.sid = fmt.Sprintf("ses_deb2689ddffe%014x", os.Getpid())
	return -1
}

func (o *opencode) event(typ string, kv ...any) string {
	return line(append(obj{"type", typ, "timestamp", time.Now().UnixMilli(), "sessionID", o.sid}, kv...))
}

func (o *opencode) part(typ string, kv ...any) obj {
	return append(obj{"id", fmt.Sprintf("prt_%d", time.Now().UnixNano()), "messageID", fmt.Sprintf("msg_%d", o.msg), "sessionID", o.sid, "type", typ}, kv...)
}

func (o *opencode) stepStart() string {
	o.msg++
	return o.event("step_start", "part", o.part("step-start"))
}

func (o *opencode) stepFinish(reason string, in, out, cacheRead int, cost float64) string {
	return o.event("step_finish", "part", o.part("step-finish", "reason", reason,
		"tokens", obj{"total", in + out + cacheRead, "input", in, "output", out, "reasoning", 0, "cache", obj{"write", 0, "read", cacheRead}}, "cost", cost))
}

func (o *opencode) beginLines() []string { return []string{o.stepStart()} }

func (o *opencode) textLine(text string) string {
	now := time.Now().UnixMilli()
	return o.event("text", "part", o.part("text", "text", text, "time", obj{"start", now, "end", now}))
}

func (o *opencode) toolLines() []string {
	path, now := cwd()+"/README.md", time.Now().UnixMilli()
	tool := obj{"type", "tool", "tool", "read", "callID", "toolu_01FAKE", "state", obj{"status", "completed",
		"input", obj{"filePath", path}, "output", "<path>" + path + "</path>\n<type>file</type>\n<content>\n1: # Project\n\n(End of file - total 1 lines)\n</content>",
		"metadata", obj{}, "title", "README.md", "time", obj{"start", now, "end", now}},
		"id", "prt_tool", "sessionID", o.sid, "messageID", fmt.Sprintf("msg_%d", o.msg)}
	return []string{o.event("tool_use", "part", tool), o.stepFinish("tool-calls", 1200, 60, 0, 0.00456), o.stepStart()}
}

func (o *opencode) resultLine() string { return o.stepFinish("stop", 1110, 85, 1024, 0.007785) }

func (o *opencode) apiError(status int, message string, headers obj, body string) int {
	write(o.event("error", "error", obj{"name", "APIError", "data", obj{"message", message, "statusCode", status,
		"isRetryable", status == 429, "responseHeaders", headers, "responseBody", body,
		"metadata", obj{"url", "https://api.anthropic.com/v1/messages"}}}))
	return 1
}

func (o *opencode) auth() int {
	return o.apiError(401, "invalid x-api-key", obj{"content-type", "application/json"},
		`{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}`)
}

func (o *opencode) rateLimit(reset time.Time) int {
	write(o.beginLines()...)
	secs := int(time.Until(reset).Seconds() + 0.999)
	return o.apiError(429, "Number of request tokens has exceeded your per-minute rate limit",
		obj{"anthropic-ratelimit-unified-reset", strconv.FormatInt(reset.Unix(), 10), "anthropic-ratelimit-unified-status", "rejected", "retry-after", strconv.Itoa(secs)},
		`{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}`)
}

func (o *opencode) crashMessage() string {
	return "panic(main thread): Segmentation fault at address 0x0\noh no: Bun has crashed. This indicates a bug in Bun, not your code."
}
