package agent

import (
	"strings"
	"time"
)

// opencodeEvent holds the fields of `opencode run --format json` events that the parser reads.
type opencodeEvent struct {
	Type      string `json:"type"`
	SessionID string `json:"sessionID"`
	Part      *struct {
		Type   string          `json:"type"`
		Text   string          `json:"text"`
		Tokens *opencodeTokens `json:"tokens"`
		Cost   float64         `json:"cost"`
	} `json:"part"`
	Error *opencodeError `json:"error"`
}

// opencodeTokens is a step_finish part's token count, read by the parser and the transcript.
type opencodeTokens struct {
	Input     int64 `json:"input"`
	Output    int64 `json:"output"`
	Reasoning int64 `json:"reasoning"`
	Cache     struct {
		Read  int64 `json:"read"`
		Write int64 `json:"write"`
	} `json:"cache"`
}

type opencodeError struct {
	Name string `json:"name"`
	Data struct {
		Message         string            `json:"message"`
		StatusCode      int               `json:"statusCode"`
		ResponseHeaders map[string]string `json:"responseHeaders"`
		ResponseBody    string            `json:"responseBody"`
	} `json:"data"`
}

// The only stderr line worth noting as noise is the permission notice; it is not a failure.
var opencodeNoise = noiseFilter{prefixes: []string{"! permission requested: "}}

type opencodeParser struct {
	base
	text     textBuf
	newStep  bool
	sawEvent bool
	sawError bool
}

func newOpenCodeParser(now func() time.Time) *opencodeParser {
	return &opencodeParser{base: base{now: now, noise: opencodeNoise}}
}

// opencodeSkip says from the bytes alone that a line is a tool_use event: it holds the tool's
// whole output and nothing the outcome needs, beyond the fact that an event was seen.
func opencodeSkip(line []byte) bool {
	typ, ok := fastTypeBytes(line)
	return ok && string(typ) == "tool_use"
}

// lines implements blockParser.
func (p *opencodeParser) lines(seq int64, stream string, data []byte) {
	for len(data) > 0 {
		line, rest := nextLine(data)
		if opencodeSkip(line) {
			p.sawEvent = true
		} else {
			p.Line(seq, stream, string(line))
		}
		data = rest
		seq++
	}
}

func (p *opencodeParser) Line(_ int64, stream, text string) {
	if opencodeSkip(bytesOf(text)) {
		p.sawEvent = true
		return
	}
	var ev opencodeEvent
	if !decodeObject(text, &ev) || ev.Type == "" {
		p.raw(stream, text)
		return
	}
	p.sawEvent = true
	if ev.SessionID != "" {
		p.usage.SessionID = ev.SessionID
	}
	switch ev.Type {
	case "step_start":
		p.newStep = true
	case "text":
		if ev.Part == nil {
			return
		}
		// The final answer is the text of the last step that wrote any.
		if p.newStep {
			p.text.reset()
			p.newStep = false
		}
		p.text.add(ev.Part.Text)
		p.usage.ResultText = p.text.String()
	case "step_finish":
		p.usage.Turns++
		if ev.Part == nil {
			return
		}
		if t := ev.Part.Tokens; t != nil {
			// opencode splits cache reads and writes out of input; add them back so that
			// cached <= input as for the other backends.
			p.usage.InputTokens += t.Input + t.Cache.Read + t.Cache.Write
			p.usage.OutputTokens += t.Output + t.Reasoning
			p.usage.CachedTokens += t.Cache.Read
		}
		p.usage.CostUSD += ev.Part.Cost
	case "error":
		p.sawError = true
		p.setSuccess(false)
		p.setVerdict(p.classify(ev.Error, text))
	}
}

// classify reads an opencode error: the provider's HTTP status when there is one, then the
// message and the provider's response body.
func (p *opencodeParser) classify(e *opencodeError, text string) Failure {
	f := Failure{Kind: FailureError, Evidence: evidence(text, `"error":`)}
	if e == nil {
		return f
	}
	all := e.Name + " " + e.Data.Message + " " + e.Data.ResponseBody
	kind := classifyText(all)
	switch {
	case kind == FailureQuota:
	case e.Name == "ProviderAuthError", e.Data.StatusCode == 401, e.Data.StatusCode == 403 && kind == FailureAuth:
		kind = FailureAuth
	case e.Data.StatusCode == 429:
		kind = FailureRateLimited
	case strings.Contains(all, "Too Many Requests"):
		kind = FailureRateLimited
	}
	if kind != "" {
		f.Kind = kind
	}
	if limitKind(f.Kind) {
		f.ResetAt = resetIn(all, p.now())
		if f.ResetAt == "" {
			f.ResetAt = resetFromHeaders(e.Data.ResponseHeaders, p.now())
		}
	}
	return f
}

func (p *opencodeParser) Finish(exitCode int) Outcome {
	// opencode prints no final verdict: success is a clean exit after at least one step with
	// no error event (a rejected permission still exits 0; the transcript shows it).
	if !p.sawError && exitCode == 0 && p.sawEvent {
		p.setSuccess(true)
	}
	return p.finish(exitCode)
}
