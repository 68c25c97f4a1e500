package agent

import (
	"encoding/json"
	"fmt"
)

// claudeLine holds the fields of a stream-json line that the transcript shows.
type claudeLine struct {
	Type           string          `json:"type"`
	Subtype        string          `json:"subtype"`
	Model          string          `json:"model"`
	Cwd            string          `json:"cwd"`
	PermissionMode string          `json:"permissionMode"`
	Version        string          `json:"claude_code_version"`
	Error          json.RawMessage `json:"error"`
	Attempt        int             `json:"attempt"`
	MaxRetries     int             `json:"max_retries"`
	RetryDelayMs   float64         `json:"retry_delay_ms"`
	ErrorStatus    *int            `json:"error_status"`
	Message        *struct {
		Content json.RawMessage `json:"content"`
	} `json:"message"`
	IsError      bool    `json:"is_error"`
	NumTurns     int     `json:"num_turns"`
	Result       string  `json:"result"`
	DurationMs   float64 `json:"duration_ms"`
	TotalCostUSD float64 `json:"total_cost_usd"`
	Usage        *struct {
		InputTokens         int64 `json:"input_tokens"`
		OutputTokens        int64 `json:"output_tokens"`
		CacheReadTokens     int64 `json:"cache_read_input_tokens"`
		CacheCreationTokens int64 `json:"cache_creation_input_tokens"`
	} `json:"usage"`
	RateLimitInfo *struct {
		Status        string  `json:"status"`
		ResetsAt      float64 `json:"resetsAt"`
		RateLimitType string  `json:"rateLimitType"`
		Utilization   float64 `json:"utilization"`
	} `json:"rate_limit_info"`
}

type claudeBlock struct {
	Type      string          `json:"type"`
	Text      string          `json:"text"`
	Thinking  string          `json:"thinking"`
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Input     json.RawMessage `json:"input"`
	ToolUseID string          `json:"tool_use_id"`
	Content   json.RawMessage `json:"content"`
	IsError   bool            `json:"is_error"`
}

func claudeEntries(t *transcriber, l RawLine, text string) bool {
	var ev claudeLine
	if !decodeObject(text, &ev) || ev.Type == "" {
		return false
	}
	switch ev.Type {
	case "system":
		claudeSystem(t, l.Seq, ev)
	case "rate_limit_event":
		if ri := ev.RateLimitInfo; ri != nil {
			t.system(l.Seq, "%s", summary("Rate limit "+ri.Status, ri.RateLimitType, pctUsed(ri.Utilization), resetsAt(ri.ResetsAt)))
		}
	case "assistant":
		claudeAssistant(t, l.Seq, ev)
	case "user":
		claudeUser(t, l.Seq, ev)
	case "result":
		if ev.IsError {
			t.errorEntry(l.Seq, summary("Run failed ("+ev.Subtype+")", ev.Result))
			return true
		}
		u := ""
		if ev.Usage != nil {
			u = tokens(ev.Usage.InputTokens+ev.Usage.CacheReadTokens+ev.Usage.CacheCreationTokens, ev.Usage.OutputTokens, ev.Usage.CacheReadTokens)
		}
		t.system(l.Seq, "%s", summary("Result: "+ev.Subtype, count(ev.NumTurns, "turn"), seconds(ev.DurationMs), usd(ev.TotalCostUSD), u))
	case "stream_event":
		// Partial deltas (--include-partial-messages); the complete message follows.
	default:
		return false
	}
	return true
}

func claudeSystem(t *transcriber, seq int64, ev claudeLine) {
	switch ev.Subtype {
	case "init":
		t.system(seq, "%s", summary("Session started", "model "+ev.Model, "permission mode "+ev.PermissionMode, "cwd "+ev.Cwd, "claude "+ev.Version))
	case "api_retry":
		status := ""
		if ev.ErrorStatus != nil {
			status = fmt.Sprintf("HTTP %d", *ev.ErrorStatus)
		}
		t.system(seq, "%s", summary(fmt.Sprintf("API retry %d/%d in %s", ev.Attempt, ev.MaxRetries, seconds(ev.RetryDelayMs)), status, jsonString(ev.Error)))
	case "status":
		// "requesting" and similar progress notices carry nothing to read.
	default:
		t.system(seq, "System: %s", ev.Subtype)
	}
}

func claudeAssistant(t *transcriber, seq int64, ev claudeLine) {
	if ev.Message == nil {
		return
	}
	var blocks []claudeBlock
	if json.Unmarshal(ev.Message.Content, &blocks) != nil {
		return
	}
	failed := jsonString(ev.Error) != ""
	for _, b := range blocks {
		switch b.Type {
		case "text":
			if failed {
				t.errorEntry(seq, b.Text)
			} else {
				t.text(seq, b.Text)
			}
		case "thinking":
			t.system(seq, "Thinking: %s", capText(b.Thinking, toolResultMax))
		case "tool_use", "server_tool_use":
			t.call(seq, b.ID, b.Name, pretty(b.Input))
		}
	}
}

func claudeUser(t *transcriber, seq int64, ev claudeLine) {
	if ev.Message == nil {
		return
	}
	if s := jsonString(ev.Message.Content); s != "" {
		t.system(seq, "User: %s", capText(s, toolResultMax))
		return
	}
	var blocks []claudeBlock
	if json.Unmarshal(ev.Message.Content, &blocks) != nil {
		return
	}
	for _, b := range blocks {
		switch b.Type {
		case "tool_result":
			t.result(seq, t.tools[b.ToolUseID], "", contentText(b.Content), b.IsError)
		case "text":
			t.system(seq, "User: %s", capText(b.Text, toolResultMax))
		}
	}
}

func pctUsed(u float64) string {
	if u <= 0 {
		return ""
	}
	return fmt.Sprintf("%.0f%% used", u*100)
}

func resetsAt(epoch float64) string {
	if r := resetFromEpoch(epoch); r != "" {
		return "resets " + r
	}
	return ""
}
