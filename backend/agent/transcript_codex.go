package agent

import (
	"encoding/json"
	"fmt"
	"strings"
)

// codexLine holds the fields of a `codex exec --json` line that the transcript shows.
type codexLine struct {
	Type     string `json:"type"`
	ThreadID string `json:"thread_id"`
	Message  string `json:"message"`
	Error    *struct {
		Message string `json:"message"`
	} `json:"error"`
	Usage *struct {
		InputTokens       int64 `json:"input_tokens"`
		CachedInputTokens int64 `json:"cached_input_tokens"`
		OutputTokens      int64 `json:"output_tokens"`
	} `json:"usage"`
	Item *codexItem `json:"item"`
}

type codexItem struct {
	Type             string          `json:"type"`
	Text             string          `json:"text"`
	Message          string          `json:"message"`
	Command          string          `json:"command"`
	AggregatedOutput string          `json:"aggregated_output"`
	ExitCode         *int            `json:"exit_code"`
	Status           string          `json:"status"`
	Server           string          `json:"server"`
	Tool             string          `json:"tool"`
	Arguments        json.RawMessage `json:"arguments"`
	Result           *struct {
		Content json.RawMessage `json:"content"`
	} `json:"result"`
	Error *struct {
		Message string `json:"message"`
	} `json:"error"`
	Changes []struct {
		Path string `json:"path"`
		Kind string `json:"kind"`
	} `json:"changes"`
	Query string `json:"query"`
	Items []struct {
		Text      string `json:"text"`
		Completed bool   `json:"completed"`
	} `json:"items"`
}

func codexEntries(t *transcriber, l RawLine, text string) bool {
	var ev codexLine
	if !decodeObject(text, &ev) || ev.Type == "" {
		return false
	}
	switch ev.Type {
	case "thread.started":
		t.system(l.Seq, "Thread %s started", ev.ThreadID)
	case "turn.started":
		t.system(l.Seq, "Turn started")
	case "turn.completed":
		u := ""
		if ev.Usage != nil {
			u = tokens(ev.Usage.InputTokens, ev.Usage.OutputTokens, ev.Usage.CachedInputTokens)
		}
		t.system(l.Seq, "%s", summary("Turn completed", u))
	case "turn.failed":
		msg := "turn failed"
		if ev.Error != nil {
			msg = ev.Error.Message
		}
		t.errorEntry(l.Seq, msg)
	case "error":
		t.errorEntry(l.Seq, ev.Message)
	case "item.started":
		if ev.Item != nil {
			codexStarted(t, l.Seq, ev.Item)
		}
	case "item.completed":
		if ev.Item != nil {
			codexCompleted(t, l.Seq, ev.Item)
		}
	case "item.updated":
		// Progress of an item whose completion follows.
	default:
		return false
	}
	return true
}

func mcpName(it *codexItem) string { return it.Server + "." + it.Tool }

func codexStarted(t *transcriber, seq int64, it *codexItem) {
	switch it.Type {
	case "command_execution":
		t.call(seq, "", "shell", it.Command)
	case "mcp_tool_call":
		t.call(seq, "", mcpName(it), pretty(it.Arguments))
	}
}

func codexCompleted(t *transcriber, seq int64, it *codexItem) {
	switch it.Type {
	case "agent_message":
		t.text(seq, it.Text)
	case "reasoning":
		t.system(seq, "Thinking: %s", capText(it.Text, toolResultMax))
	case "command_execution":
		out := it.AggregatedOutput
		failed := it.Status == "failed" || it.Status == "declined"
		if it.ExitCode != nil {
			out += fmt.Sprintf("\n(exit code %d)", *it.ExitCode)
			failed = failed || *it.ExitCode != 0
		}
		t.result(seq, "shell", it.Command, strings.TrimPrefix(out, "\n"), failed)
	case "file_change":
		lines := make([]string, 0, len(it.Changes))
		for _, c := range it.Changes {
			lines = append(lines, c.Kind+" "+c.Path)
		}
		t.result(seq, "apply_patch", "", strings.Join(lines, "\n"), it.Status == "failed")
	case "mcp_tool_call":
		out, failed := "", it.Status == "failed"
		if it.Result != nil {
			out = contentText(it.Result.Content)
		}
		if it.Error != nil && it.Error.Message != "" {
			out, failed = it.Error.Message, true
		}
		t.result(seq, mcpName(it), pretty(it.Arguments), out, failed)
	case "web_search":
		t.call(seq, "", "web_search", it.Query)
	case "todo_list":
		lines := make([]string, 0, len(it.Items))
		for _, i := range it.Items {
			box := "[ ]"
			if i.Completed {
				box = "[x]"
			}
			lines = append(lines, box+" "+i.Text)
		}
		t.system(seq, "Todo:\n%s", strings.Join(lines, "\n"))
	case "error":
		// Item errors are warnings (e.g. missing model metadata); a real failure is turn.failed.
		t.system(seq, "Warning: %s", it.Message)
	default:
		t.system(seq, "%s", summary(it.Type, it.Status))
	}
}
