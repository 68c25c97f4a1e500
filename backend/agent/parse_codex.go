package agent

import (
	"bytes"
	"time"
)

// codexEvent holds the fields of `codex exec --json` events that the parser reads.
type codexEvent struct {
	Type     string `json:"type"`
	ThreadID string `json:"thread_id"`
	Message  string `json:"message"` // error
	Error    *struct {
		Message string `json:"message"`
	} `json:"error"` // turn.failed
	Usage *struct {
		InputTokens       int64 `json:"input_tokens"`
		CachedInputTokens int64 `json:"cached_input_tokens"`
		OutputTokens      int64 `json:"output_tokens"`
	} `json:"usage"`
	Item *struct {
		Type string `json:"type"`
		Text string `json:"text"`
	} `json:"item"`
}

// Stderr lines codex always prints; they explain nothing about a failure.
var codexNoise = noiseFilter{prefixes: []string{"Reading additional input from stdin", "WARNING: proceeding, even though we could not create PATH aliases"}}

type codexParser struct {
	base
	failed bool
}

func newCodexParser(now func() time.Time) *codexParser {
	p := &codexParser{base: base{now: now, noise: codexNoise}}
	p.exitKind = func(code int) exitMeaning {
		if code == 2 {
			return exitMeaning{FailureError, "codex rejected its command line"}
		}
		return exitMeaning{}
	}
	return p
}

// codexAgentMessage marks the one kind of item the parser reads.
var codexAgentMessage = []byte(`"type":"agent_message"`)

// codexSkip says from the bytes alone that Line would ignore the line: only the final agent
// message matters among items, and command outputs can be large. mayMsg false means the caller
// already knows that no agent message is in the line.
func codexSkip(line []byte, mayMsg bool) bool {
	typ, ok := fastTypeBytes(line)
	if !ok {
		return false
	}
	switch string(typ) {
	case "item.started", "item.updated":
		return true
	case "item.completed":
		return !mayMsg || !bytes.Contains(line, codexAgentMessage)
	}
	return false
}

// lines implements blockParser.
func (p *codexParser) lines(seq int64, stream string, data []byte) {
	mayMsg := bytes.Contains(data, codexAgentMessage)
	for len(data) > 0 {
		line, rest := nextLine(data)
		if !codexSkip(line, mayMsg) {
			p.Line(seq, stream, string(line))
		}
		data = rest
		seq++
	}
}

func (p *codexParser) Line(_ int64, stream, text string) {
	if codexSkip(bytesOf(text), true) {
		return
	}
	var ev codexEvent
	if !decodeObject(text, &ev) || ev.Type == "" {
		p.raw(stream, text)
		return
	}
	switch ev.Type {
	case "thread.started":
		p.usage.SessionID = ev.ThreadID
	case "turn.started":
		p.usage.Turns++
	case "item.completed":
		if ev.Item != nil && ev.Item.Type == "agent_message" {
			p.usage.ResultText = capText(ev.Item.Text, resultTextMax)
		}
	case "turn.completed":
		if u := ev.Usage; u != nil {
			// Usage is per turn; a resumed or multi-turn run sums them. OpenAI counts cached
			// tokens inside input_tokens already.
			p.usage.InputTokens += u.InputTokens
			p.usage.CachedTokens += u.CachedInputTokens
			p.usage.OutputTokens += u.OutputTokens
		}
		if !p.failed {
			p.setSuccess(true)
		}
	case "turn.failed":
		p.failed = true
		p.setSuccess(false)
		msg := ""
		if ev.Error != nil {
			msg = ev.Error.Message
		}
		kind := classifyText(msg)
		if kind == "" && p.hint != nil && specific(p.hint.Kind) {
			kind = p.hint.Kind
		}
		if kind == "" {
			kind = FailureError
		}
		p.setVerdict(Failure{Kind: kind, Evidence: evidence(text, `"message":`), ResetAt: resetCodex(msg, p.now())})
	case "error":
		// Top-level errors are often not fatal ("Reconnecting... 2/5"); they explain a
		// turn.failed that follows, or a run killed while codex keeps retrying.
		if kind := classifyText(ev.Message); kind != "" {
			p.setHint(Failure{Kind: kind, Evidence: evidence(text, `"message":`), ResetAt: resetCodex(ev.Message, p.now())})
		}
	}
}

func (p *codexParser) Finish(exitCode int) Outcome { return p.finish(exitCode) }
