package agent

import "encoding/json"

// geminiLine holds the fields of a stream-json line that the transcript shows.
type geminiLine struct {
	Type       string          `json:"type"`
	SessionID  string          `json:"session_id"`
	Model      string          `json:"model"`
	Role       string          `json:"role"`
	Content    string          `json:"content"`
	Delta      bool            `json:"delta"`
	ToolName   string          `json:"tool_name"`
	ToolID     string          `json:"tool_id"`
	Parameters json.RawMessage `json:"parameters"`
	Status     string          `json:"status"`
	Output     string          `json:"output"`
	Severity   string          `json:"severity"`
	Message    string          `json:"message"`
	Error      *struct {
		Type    string `json:"type"`
		Message string `json:"message"`
	} `json:"error"`
	Stats *struct {
		InputTokens  int64   `json:"input_tokens"`
		OutputTokens int64   `json:"output_tokens"`
		Cached       int64   `json:"cached"`
		DurationMs   float64 `json:"duration_ms"`
		ToolCalls    int     `json:"tool_calls"`
	} `json:"stats"`
}

func geminiEntries(t *transcriber, l RawLine, text string) bool {
	var ev geminiLine
	if !decodeObject(text, &ev) || ev.Type == "" {
		return false
	}
	switch ev.Type {
	case "init":
		t.system(l.Seq, "%s", summary("Session "+ev.SessionID+" started", "model "+ev.Model))
	case "message":
		if ev.Role != "assistant" {
			t.system(l.Seq, "Prompt: %s", capText(ev.Content, toolResultMax))
			return true
		}
		// Assistant text arrives in deltas; consecutive ones read as one entry.
		if n := len(t.out); t.merge && n > 0 && t.out[n-1].Kind == EntryText && len(t.out[n-1].Text) < resultTextMax {
			t.out[n-1].Text += ev.Content
			return true
		}
		t.text(l.Seq, ev.Content)
		t.merge = ev.Delta
	case "tool_use":
		t.call(l.Seq, ev.ToolID, ev.ToolName, pretty(ev.Parameters))
	case "tool_result":
		out := ev.Output
		if ev.Error != nil && ev.Error.Message != "" {
			out = ev.Error.Message
		}
		t.result(l.Seq, geminiTool(t, ev.ToolID), "", out, ev.Status == "error")
	case "error":
		if ev.Severity == "error" {
			t.errorEntry(l.Seq, ev.Message)
		} else {
			t.system(l.Seq, "Warning: %s", ev.Message)
		}
	case "result":
		if ev.Status != "success" {
			msg := "run failed"
			if ev.Error != nil {
				msg = ev.Error.Message
			}
			t.errorEntry(l.Seq, msg)
			return true
		}
		parts := []string{"Result: success"}
		if s := ev.Stats; s != nil {
			parts = append(parts, seconds(s.DurationMs), count(s.ToolCalls, "tool call"), tokens(s.InputTokens, s.OutputTokens, s.Cached))
		}
		t.system(l.Seq, "%s", summary(parts...))
	default:
		return false
	}
	return true
}

// geminiTool names a result's tool: from its call in the window, else from the id, which
// gemini builds as <tool>-<timestamp>-<n>.
func geminiTool(t *transcriber, id string) string {
	if name, ok := t.tools[id]; ok {
		return name
	}
	if m := geminiToolIDRe.FindStringSubmatch(id); m != nil {
		return m[1]
	}
	return ""
}
