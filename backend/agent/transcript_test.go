package agent

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// entryLine renders an entry compactly for comparisons.
func entryLine(e Entry) string {
	s := e.Kind
	if e.Tool != "" {
		s += " [" + e.Tool + "]"
	}
	if e.IsError {
		s += " !"
	}
	if e.Input != "" {
		s += " in=" + strings.Join(strings.Fields(e.Input), " ")
	}
	return s + ": " + e.Text
}

func TestTranscript(t *testing.T) {
	t.Parallel()
	tests := []struct {
		backend, fixture string
		want             []string // entries in order (prefix match on each)
	}{
		{Claude, "success", []string{
			"system: Session started · model claude-opus-4-8[1m] · permission mode acceptEdits",
			`tool_call [Write] in={ "file_path": "/home/dev/shared/written.txt", "content": "hi" }: `,
			"tool_result [Write]: File created successfully at: /home/dev/shared/written.txt",
			"text: Created shared/written.txt as asked.",
			"system: Result: success · 2 turns · 0.4 s · $0.00071 · tokens in 32 / out 22",
		}},
		{Claude, "auth", []string{
			"system: Session started",
			"error !: Not logged in · Please run /login",
			"error !: Run failed (success) · Not logged in · Please run /login",
		}},
		{Claude, "ratelimit", []string{
			"system: Session started",
			"system: API retry 1/2 in 1.0 s · HTTP 429 · rate_limit",
			"system: API retry 2/2 in 1.1 s · HTTP 429 · rate_limit",
			"error !: API Error: Request rejected (429)",
			"error !: Run failed (success) · API Error: Request rejected (429)",
		}},
		{Claude, "subscription", []string{
			"system: Session started",
			"system: Rate limit rejected · five_hour · resets 2026-11-26T14:00:00Z",
			"error !: You've hit your session limit · resets 3pm (Europe/Paris)",
			"error !: Run failed",
		}},
		{Claude, "noise", []string{
			"raw: Warning: no stdin data received in 3s",
			"system: Session started",
			"text: caf\uFFFD \uFFFD done",
			"raw: raw bytes \uFFFD in a plain line",
			"system: Result: success",
			`raw: {"type":"system","subtype":"status","status":"requesting","session_id":"3f0c`,
		}},
		{Claude, "root", []string{"raw: --dangerously-skip-permissions cannot be used with root/sudo privileges"}},
		{Codex, "success", []string{
			"system: Thread 01a214d4-bab9-7d90-9fa0-ae4cece559e9 started",
			"system: Warning: Model metadata for `gpt-5` not found.",
			"system: Turn started",
			"system: Thinking: **Checking the tests**",
			"tool_call [shell] in=/bin/bash -lc 'go test ./...': ",
			"tool_result [shell] in=/bin/bash -lc 'go test ./...': ok  \texample.com/app\t0.012s\n\n(exit code 0)",
			`tool_call [docs.search] in={ "query": "retry policy" }: `,
			`tool_result [docs.search] in={ "query": "retry policy" }: Retries use capped exponential backoff.`,
			"tool_result [apply_patch]: update /home/dev/project/retry.go\nadd /home/dev/project/retry_test.go",
			"system: Todo:\n[x] read the code\n[ ] fix the bug",
			"tool_call [web_search] in=go backoff jitter: ",
			"text: Fixed the retry bug; tests pass.",
			"system: Turn completed · tokens in 50 / out 18 (cached 5)",
		}},
		{Codex, "usage_limit", []string{
			"system: Thread", "system: Warning", "system: Turn started",
			"error !: You’ve hit your usage limit.",
			"error !: You’ve hit your usage limit.",
			"raw: Reading additional input from stdin...",
		}},
		{Gemini, "success", []string{
			"system: Session e01d7583-0b3c-4d1e-8f5a-6c2b9d4e7f10 started · model gemini-2.5-pro",
			"system: Prompt: review the retry code",
			"text: Let me read the file.",
			`tool_call [read_file] in={ "absolute_path": "/home/dev/project/retry.go" }: `,
			"tool_result [read_file]: package retry\n",
			`tool_call [run_shell_command] in={ "command": "go vet ./..." }: `,
			`tool_result [run_shell_command] !: Tool "run_shell_command" not found in registry.`,
			"text: The backoff looks right.",
			"system: Result: success · 4.5 s · 2 tool calls · tokens in 900 / out 17 (cached 300)",
		}},
		{Gemini, "quota", []string{"system: Session", "system: Prompt: hello", "error !: [API Error: You have exhausted your daily quota on this model.]"}},
		{Gemini, "auth", []string{"raw: Please set an Auth method"}},
		{OpenCode, "success", []string{
			"text: Reading the file first.",
			`tool_call [read] in={ "filePath": "/home/dev/project/retry.go" }: `,
			"tool_result [read]: <path>/home/dev/project/retry.go</path>",
			"system: Step finished (tool-calls) · tokens in 20 / out 15 · $0.000285",
			"text: The backoff looks right.",
			"system: Step finished (stop) · tokens in 1212 / out 7 (cached 1000) · $0.000141",
		}},
		{OpenCode, "rejected", []string{
			`tool_call [read] in={ "filePath": "/home/dev/shared/secret.txt" }: `,
			"tool_result [read] !: The user rejected permission to use this specific tool call.",
			"system: Step finished (tool-calls)",
			"raw: \x1b[93m\x1b[1m! \x1b[0mpermission requested: external_directory",
		}},
		{OpenCode, "ratelimit", []string{"error !: APIError (HTTP 429) · Number of request tokens has exceeded your per-minute rate limit"}},
	}
	for _, tt := range tests {
		t.Run(tt.backend+"/"+tt.fixture, func(t *testing.T) {
			t.Parallel()
			got := Transcript(tt.backend, fixtureLines(t, tt.backend, tt.fixture))
			if len(got) != len(tt.want) {
				for _, e := range got {
					t.Log(entryLine(e))
				}
				t.Fatalf("%d entries, want %d", len(got), len(tt.want))
			}
			for i, e := range got {
				if s := entryLine(e); !strings.HasPrefix(s, tt.want[i]) {
					t.Errorf("entry %d\n got %q\nwant %q…", i, s, tt.want[i])
				}
				if !utf8.ValidString(e.Text) {
					t.Errorf("entry %d has invalid UTF-8", i)
				}
			}
		})
	}
}

// Any window of lines gives a transcript: seqs stay those of the window, in order, and a
// result whose call is outside the window is still shown.
func TestTranscriptWindows(t *testing.T) {
	t.Parallel()
	for _, backend := range Backends {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			lines := fixtureLines(t, backend, "success")
			for from := range lines {
				for to := from; to <= len(lines); to++ {
					win := lines[from:to]
					prev := int64(0)
					for _, e := range Transcript(backend, win) {
						if e.Seq < win[0].Seq || e.Seq > win[len(win)-1].Seq || e.Seq < prev {
							t.Fatalf("window %d:%d: entry seq %d out of place", from, to, e.Seq)
						}
						prev = e.Seq
					}
				}
			}
		})
	}
	lines := fixtureLines(t, Gemini, "success")
	got := Transcript(Gemini, lines[5:6]) // the tool_result alone
	if len(got) != 1 || got[0].Tool != "read_file" || got[0].Kind != EntryToolResult {
		t.Fatalf("lone result: %+v", got)
	}
}

func TestTranscriptTruncatesHugeResults(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("é", 10000) // 20000 bytes
	line, err := json.Marshal(map[string]any{
		"type":    "user",
		"message": map[string]any{"role": "user", "content": []any{map[string]any{"type": "tool_result", "tool_use_id": "t1", "content": huge}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := Transcript(Claude, []RawLine{{Seq: 7, Stream: "stdout", Text: string(line)}})
	if len(got) != 1 {
		t.Fatalf("entries %+v", got)
	}
	e := got[0]
	if len(e.Text) > toolResultMax+200 || !strings.Contains(e.Text, "of 20000 bytes shown") || !utf8.ValidString(e.Text) {
		t.Fatalf("result %d bytes, tail %q", len(e.Text), e.Text[len(e.Text)-80:])
	}
}

func TestTranscriptUnknownBackendAndJSON(t *testing.T) {
	t.Parallel()
	lines := []RawLine{{1, "stdout", `{"type":"mystery","x":1}`}, {2, "stdout", "plain"}}
	for _, backend := range []string{"aider", Claude, Codex, Gemini, OpenCode} {
		got := Transcript(backend, lines)
		// Consecutive plain lines read as one block.
		if len(got) != 1 || got[0].Kind != EntryRaw || got[0].Seq != 1 || got[0].Text != `{"type":"mystery","x":1}`+"\nplain" {
			t.Errorf("%s: %+v", backend, got)
		}
	}
}

func TestTranscriptGroupsPlainLinesUpToALimit(t *testing.T) {
	t.Parallel()
	var lines []RawLine
	for i := range rawGroupMax + 5 {
		lines = append(lines, RawLine{Seq: int64(i + 1), Stream: "stdout", Text: fmt.Sprintf("build step %d", i)})
	}
	got := Transcript(Claude, lines)
	if len(got) != 2 || strings.Count(got[0].Text, "\n") != rawGroupMax-1 || got[1].Seq != rawGroupMax+1 {
		t.Fatalf("%d entries, first has %d lines, second starts at %d", len(got), strings.Count(got[0].Text, "\n")+1, got[1].Seq)
	}
}
