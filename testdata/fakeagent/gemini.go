package main

import (
	"fmt"
	"math"
	"os"
	"strings"
	"time"
)

// gemini imitates Gemini CLI 0.61.0 in -p --output-format stream-json mode (yargs, strict).
type gemini struct {
	p      parsed
	prompt string
	model  string
}

var geminiSpecs = []optSpec{
	{names: []string{"--skip-trust"}},
	{names: []string{"--yolo", "-y"}},
	{names: []string{"--debug", "-d"}},
	{names: []string{"--version", "-v"}},
	{names: []string{"--help", "-h"}},
	{names: []string{"--sandbox", "-s"}},
	{names: []string{"--raw-output"}},
	{names: []string{"--accept-raw-output-risk"}},
	{names: []string{"--screen-reader"}},
	{names: []string{"--prompt", "-p"}, kind: valueOpt},
	{names: []string{"--model", "-m"}, kind: valueOpt},
	{names: []string{"--output-format", "-o"}, kind: valueOpt, choices: []string{"text", "json", "stream-json"}},
	{names: []string{"--approval-mode"}, kind: valueOpt, choices: []string{"default", "auto_edit", "yolo", "plan"}},
	{names: []string{"--include-directories"}, kind: valueOpt},
	{names: []string{"--policy"}, kind: valueOpt},
	{names: []string{"--allowed-tools"}, kind: valueOpt},
	{names: []string{"--extensions", "-e"}, kind: valueOpt},
	{names: []string{"--resume", "-r"}, kind: valueOpt},
	{names: []string{"--session-id"}, kind: valueOpt},
}

const geminiUsage = "Usage: gemini [options] [command]\n\nGemini CLI - Defaults to interactive mode. Use -p/--prompt for non-interactive (headless) mode."

func (g *gemini) parse(args []string) int {
	p, err := parseArgs(args, geminiSpecs)
	if err != nil {
		name := strings.TrimLeft(strings.SplitN(err.arg, "=", 2)[0], "-")
		switch err.kind {
		case "unknown":
			if strings.Contains(name, "-") {
				errln("Unknown arguments: %s, %s\n%s", name, camel(name), geminiUsage)
			} else {
				errln("Unknown argument: %s\n%s", name, geminiUsage)
			}
		case "missing":
			errln("Not enough arguments following: %s\n%s", name, geminiUsage)
		case "choice":
			quoted := make([]string, len(err.spec.choices))
			for i, c := range err.spec.choices {
				quoted[i] = `"` + c + `"`
			}
			errln("Invalid values:\n  Argument: %s, Given: %q, Choices: %s\n%s", strings.TrimLeft(err.spec.names[0], "-"), err.value, strings.Join(quoted, ", "), geminiUsage)
		}
		return 1
	}
	g.p = p
	switch {
	case p.has("--version"):
		fmt.Println("0.61.0")
		return 0
	case !p.has("--prompt") && strings.TrimSpace(readStdin()) == "":
		errln("fakeagent: interactive gemini is not imitated; pass -p or a prompt on stdin")
		return 2
	case p.get("--output-format") != "stream-json":
		errln("fakeagent: only --output-format stream-json is imitated")
		return 2
	}
	// Printed when stdout is not a terminal, as it always is under Agented.
	errln("Warning: 256-color support not detected. Using a terminal with at least 256-color support is recommended for a better visual experience.")
	errln("Ripgrep is not available. Falling back to GrepTool.")
	if !p.has("--skip-trust") && os.Getenv("GEMINI_CLI_TRUST_WORKSPACE") != "true" {
		errln("\x1b[31mGemini CLI is not running in a trusted directory. To proceed, either use `--skip-trust`, set the `GEMINI_CLI_TRUST_WORKSPACE=true` environment variable, or trust this directory in interactive mode. For more details, see https://geminicli.com/docs/cli/trusted-folders/#headless-and-automated-environments\x1b[0m")
		return 55
	}
	if p.has("--yolo") || p.get("--approval-mode") == "yolo" {
		errln("YOLO mode is enabled. All tool calls will be automatically approved.")
	}
	// Like gemini, stdin comes first and the -p text is appended to it.
	g.prompt = p.get("--prompt")
	if stdinText != "" {
		g.prompt = strings.TrimSuffix(stdinText+"\n\n"+g.prompt, "\n\n")
	}
	g.model = p.get("--model")
	if g.model == "" {
		g.model = "gemini-3.1-pro-preview"
	}
	return -1
}

func camel(s string) string {
	parts := strings.Split(s, "-")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

func geminiTime() string { return time.Now().UTC().Format("2006-01-02T15:04:05.000Z") }

func (g *gemini) beginLines() []string {
	return []string{
		line(obj{"type", "init", "timestamp", geminiTime(), "session_id", fmt.Sprintf("e01d7583-0b3c-4d1e-8f5a-%012x", os.Getpid()), "model", g.model}),
		line(obj{"type", "message", "timestamp", geminiTime(), "role", "user", "content", g.prompt}),
	}
}

func (g *gemini) textLine(text string) string {
	return line(obj{"type", "message", "timestamp", geminiTime(), "role", "assistant", "content", text, "delta", true})
}

func (g *gemini) toolLines() []string {
	id := fmt.Sprintf("read_file-%d-0", time.Now().UnixMilli())
	return []string{
		line(obj{"type", "tool_use", "timestamp", geminiTime(), "tool_name", "read_file", "tool_id", id, "parameters", obj{"absolute_path", cwd() + "/README.md"}}),
		line(obj{"type", "tool_result", "timestamp", geminiTime(), "tool_id", id, "status", "success", "output", "# Project\n"}),
	}
}

func (g *gemini) stats(in, out, cached int) obj {
	counts := obj{"total_tokens", in + out, "input_tokens", in, "output_tokens", out, "cached", cached, "input", in - cached}
	return append(append(obj{}, counts...), "duration_ms", 1432, "tool_calls", 1, "models", obj{g.model, counts})
}

func (g *gemini) resultLine() string {
	return line(obj{"type", "result", "timestamp", geminiTime(), "status", "success", "stats", g.stats(2310, 145, 1024)})
}

func (g *gemini) auth() int {
	home := os.Getenv("GEMINI_CLI_HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	errln("Please set an Auth method in your %s/.gemini/settings.json or specify one of the following environment variables before running: GEMINI_API_KEY, GOOGLE_GENAI_USE_VERTEXAI, GOOGLE_GENAI_USE_GCA", home)
	return 41
}

// rateLimit is the terminal quota error of a long retry delay; gemini exits with 429 mod 256.
func (g *gemini) rateLimit(reset time.Time) int {
	secs := int(math.Ceil(time.Until(reset).Seconds()))
	write(g.beginLines()...)
	out.Flush()
	msg := "You exceeded your current quota, please check your plan and billing details."
	errln("Error when talking to Gemini API Full report available at: /tmp/gemini-client-error-Turn.run-sendMessageStream-%s.json TerminalQuotaError: %s", time.Now().UTC().Format("2006-01-02T15-04-05-000Z"), msg)
	write(line(obj{"type", "result", "timestamp", geminiTime(), "status", "error",
		"error", obj{"type", "unknown", "message", fmt.Sprintf("[API Error: %s\nSuggested retry after %ds.]", msg, secs)},
		"stats", g.stats(0, 0, 0)}))
	return 173
}

func (g *gemini) crashMessage() string {
	return "\n<--- Last few GCs --->\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory"
}
