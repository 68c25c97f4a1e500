package agent

import (
	"encoding/json"
	"fmt"
)

// opencodeLine holds the fields of a `--format json` line that the transcript shows.
type opencodeLine struct {
	Type string `json:"type"`
	Part *struct {
		Text   string `json:"text"`
		Tool   string `json:"tool"`
		CallID string `json:"callID"`
		Reason string `json:"reason"`
		State  *struct {
			Status string          `json:"status"`
			Input  json.RawMessage `json:"input"`
			Output string          `json:"output"`
			Error  string          `json:"error"`
		} `json:"state"`
		Tokens *opencodeTokens `json:"tokens"`
		Cost   float64         `json:"cost"`
	} `json:"part"`
	Error *opencodeError `json:"error"`
}

func opencodeEntries(t *transcriber, l RawLine, text string) bool {
	var ev opencodeLine
	if !decodeObject(text, &ev) || ev.Type == "" {
		return false
	}
	p := ev.Part
	switch ev.Type {
	case "step_start":
		// Every model call starts one; step_finish carries the summary.
	case "text":
		if p != nil {
			t.text(l.Seq, p.Text)
		}
	case "reasoning":
		if p != nil {
			t.system(l.Seq, "Thinking: %s", capText(p.Text, toolResultMax))
		}
	case "tool_use":
		// opencode prints a tool once it has finished: the call and its result in one line.
		if p == nil || p.State == nil {
			return true
		}
		t.call(l.Seq, p.CallID, p.Tool, pretty(p.State.Input))
		out := p.State.Output
		if p.State.Status == "error" {
			out = p.State.Error
		}
		t.result(l.Seq, p.Tool, "", out, p.State.Status == "error")
	case "step_finish":
		if p == nil {
			return true
		}
		u := ""
		if tk := p.Tokens; tk != nil {
			u = tokens(tk.Input+tk.Cache.Read+tk.Cache.Write, tk.Output+tk.Reasoning, tk.Cache.Read)
		}
		t.system(l.Seq, "%s", summary("Step finished ("+p.Reason+")", u, usd(p.Cost)))
	case "error":
		t.errorEntry(l.Seq, opencodeErrorText(ev.Error))
	default:
		return false
	}
	return true
}

func opencodeErrorText(e *opencodeError) string {
	if e == nil {
		return "error"
	}
	name := e.Name
	if e.Data.StatusCode != 0 {
		name = fmt.Sprintf("%s (HTTP %d)", name, e.Data.StatusCode)
	}
	return summary(name, e.Data.Message)
}
