package agent

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"time"
)

// geminiEvent holds the fields the parser reads from a stream-json event, or from the single
// object that --output-format json prints at the end.
type geminiEvent struct {
	Type      string `json:"type"`
	SessionID string `json:"session_id"`
	Model     string `json:"model"`
	Role      string `json:"role"`
	Content   string `json:"content"`
	Severity  string `json:"severity"`
	Message   string `json:"message"`
	Status    string `json:"status"`
	Error     *struct {
		Type    string          `json:"type"`
		Message string          `json:"message"`
		Code    json.RawMessage `json:"code"`
	} `json:"error"`
	Stats    *geminiStats `json:"stats"`
	Response *string      `json:"response"` // json mode
}

type geminiStats struct {
	InputTokens  int64                      `json:"input_tokens"`
	OutputTokens int64                      `json:"output_tokens"`
	Cached       int64                      `json:"cached"`
	Models       map[string]geminiModelStat `json:"models"`
}

// geminiModelStat is stream-json's flat per-model counters or json mode's nested ones.
type geminiModelStat struct {
	API *struct {
		TotalRequests int `json:"totalRequests"`
	} `json:"api"`
	Tokens *struct {
		Prompt     int64 `json:"prompt"`
		Candidates int64 `json:"candidates"`
		Cached     int64 `json:"cached"`
		Thoughts   int64 `json:"thoughts"`
	} `json:"tokens"`
}

var (
	geminiAuthRe  = regexp.MustCompile(`Please set an Auth method|Invalid auth method selected|API key not valid|API_KEY_INVALID`)
	geminiRetryRe = regexp.MustCompile(`Attempt \d+ failed with status 429|RESOURCE_EXHAUSTED|RetryableQuotaError`)
	geminiQuotaRe = regexp.MustCompile(`TerminalQuotaError|exhausted your daily quota|Usage limit reached for`)
	geminiTrustRe = regexp.MustCompile(`not running in a trusted directory`)
	// Stderr that explains nothing: banners, stack frames, the tail of printed error objects.
	geminiNoise = noiseFilter{
		prefixes: []string{"at ", "Warning: 256-color", "Ripgrep is not available", "[STARTUP]", "YOLO mode is enabled", "Loaded cached credentials", "Full report available"},
		short:    regexp.MustCompile(`^[\[\]{}(),]+$|^\w+: (?:undefined|\d+|\[Object\]|'[^']*'),?$`),
	}
)

// geminiJSONMax bounds the pretty-printed object of json mode that is collected across lines.
const geminiJSONMax = 4 << 20

type geminiParser struct {
	base
	text      textBuf
	afterTool bool
	inTurn    bool
	// json mode prints one pretty object per stream; collect it line by line, bounded.
	pretty map[string]*strings.Builder
}

func newGeminiParser(now func() time.Time) *geminiParser {
	p := &geminiParser{base: base{now: now, noise: geminiNoise}, pretty: map[string]*strings.Builder{}}
	p.exitKind = geminiExit
	return p
}

// geminiExit reads gemini's exit codes; API errors exit with the HTTP status mod 256.
func geminiExit(code int) exitMeaning {
	switch code {
	case 41, 145, 147: // FatalAuthenticationError, 401, 403
		return exitMeaning{FailureAuth, "gemini could not authenticate"}
	case 173: // 429
		return exitMeaning{FailureRateLimited, "gemini got HTTP 429"}
	case 53:
		return exitMeaning{FailureMaxTurns, "session turn limit reached"}
	case 42, 44, 52, 55:
		return exitMeaning{FailureError, map[int]string{42: "invalid input", 44: "sandbox error", 52: "configuration error", 55: "untrusted workspace"}[code]}
	}
	return exitMeaning{}
}

// lines implements blockParser: a tool result (a whole file, a command's output) only ends the
// turn, so it is recognised by its type and never decoded.
func (p *geminiParser) lines(seq int64, stream string, data []byte) {
	for len(data) > 0 {
		line, rest := nextLine(data)
		if typ, ok := fastTypeBytes(line); ok && string(typ) == "tool_result" && p.pretty[stream] == nil {
			p.inTurn = false
		} else {
			p.Line(seq, stream, string(line))
		}
		data = rest
		seq++
	}
}

func (p *geminiParser) Line(_ int64, stream, text string) {
	if p.collect(stream, text) {
		return
	}
	var ev geminiEvent
	if !decodeObject(text, &ev) {
		p.raw(stream, text)
		p.stderrSignals(stream, text)
		return
	}
	if ev.Type == "" {
		p.jsonMode(ev, text)
		return
	}
	if ev.SessionID != "" {
		p.usage.SessionID = ev.SessionID
	}
	switch ev.Type {
	case "init":
		p.usage.Model = ev.Model
	case "message":
		if ev.Role == "assistant" {
			p.turn()
			if p.afterTool {
				p.text.reset()
				p.afterTool = false
			}
			p.text.add(ev.Content)
			p.usage.ResultText = p.text.String()
		}
	case "tool_use":
		p.turn()
		p.afterTool = true
	case "tool_result":
		p.inTurn = false
	case "error":
		if ev.Severity == "error" {
			kind, reset := p.classify(ev.Message)
			if kind == "" {
				kind = FailureError
			}
			p.setHint(Failure{Kind: kind, Evidence: evidence(text, `"message":`), ResetAt: reset})
		}
	case "result":
		p.result(ev, text)
	}
}

// turn counts model responses: text or tool calls after tool results start a new one.
func (p *geminiParser) turn() {
	if !p.inTurn {
		p.usage.Turns++
		p.inTurn = true
	}
}

func (p *geminiParser) result(ev geminiEvent, text string) {
	p.setSuccess(ev.Status == "success")
	if s := ev.Stats; s != nil {
		p.usage.InputTokens = s.InputTokens
		p.usage.OutputTokens = s.OutputTokens
		p.usage.CachedTokens = s.Cached
		if p.usage.Model == "" && len(s.Models) == 1 {
			for m := range s.Models {
				p.usage.Model = m
			}
		}
	}
	if ev.Status == "success" {
		return
	}
	msg := ""
	if ev.Error != nil {
		msg = ev.Error.Message
	}
	kind, reset := p.classify(msg)
	if kind == "" && p.hint != nil && specific(p.hint.Kind) {
		kind, reset = p.hint.Kind, p.hint.ResetAt
	}
	if kind == "" {
		kind = FailureError
	}
	p.setVerdict(Failure{Kind: kind, Evidence: evidence(text, `"error":`), ResetAt: reset})
}

// classify reads a gemini error message. The Gemini API words per-minute limits as "You
// exceeded your current quota ... Please retry in 38s"; like the CLI (which retries delays up to
// 300 s and gives up on longer ones) a short delay is a rate limit, not an exhausted quota.
func (p *geminiParser) classify(msg string) (kind, reset string) {
	kind, reset = classifyText(msg), resetIn(msg, p.now())
	if kind == FailureQuota && reset != "" {
		if at, err := time.Parse(time.RFC3339, reset); err == nil && at.Sub(p.now()) <= 300*time.Second {
			kind = FailureRateLimited
		}
	}
	return kind, reset
}

// stderrSignals reads gemini's plain-text stderr: fatal auth and trust errors, and the retry
// lines it prints while it backs off on 429.
func (p *geminiParser) stderrSignals(stream, text string) {
	if stream != "stderr" {
		return
	}
	if len(text) > 8<<10 || !containsAny(text, "Auth", "API key", "API_KEY", "trusted directory",
		"Quota", "quota", "Usage limit", "429", "RESOURCE_EXHAUSTED") {
		return
	}
	text = stripANSI(text)
	switch {
	case geminiAuthRe.MatchString(text):
		p.setVerdict(Failure{Kind: FailureAuth, Evidence: evidence(text, "")})
	case geminiTrustRe.MatchString(text):
		p.setVerdict(Failure{Kind: FailureError, Evidence: evidence(text, "")})
	case geminiQuotaRe.MatchString(text):
		p.setHint(Failure{Kind: FailureQuota, Evidence: evidence(text, ""), ResetAt: resetIn(text, p.now())})
	case geminiRetryRe.MatchString(text):
		_, reset := p.classify(text)
		p.setHint(Failure{Kind: FailureRateLimited, Evidence: evidence(text, ""), ResetAt: reset})
	}
}

// collect gathers json mode's pretty-printed object ("{" ... "}" at column 0) and reports
// whether the line was consumed.
func (p *geminiParser) collect(stream, text string) bool {
	text = strings.TrimRight(text, "\r")
	b := p.pretty[stream]
	if b == nil {
		if text != "{" {
			return false
		}
		b = &strings.Builder{}
		p.pretty[stream] = b
	}
	if b.Len()+len(text) >= geminiJSONMax {
		// Not the object we expected, or too big to keep: read lines one by one again.
		delete(p.pretty, stream)
		return false
	}
	b.WriteString(text)
	b.WriteByte('\n')
	if text != "}" {
		return true
	}
	delete(p.pretty, stream)
	var ev geminiEvent
	if decodeObject(b.String(), &ev) && ev.Type == "" {
		p.jsonMode(ev, b.String())
	}
	return true
}

// jsonMode reads the final object of --output-format json: a response with stats, or an error
// with gemini's exit code in error.code.
func (p *geminiParser) jsonMode(ev geminiEvent, text string) {
	if ev.SessionID != "" {
		p.usage.SessionID = ev.SessionID
	}
	flat := strings.Join(strings.Fields(text), " ")
	if ev.Error != nil {
		kind, reset := p.classify(ev.Error.Message)
		switch code := strings.TrimSpace(string(ev.Error.Code)); {
		case kind == FailureQuota:
		case code == "41":
			kind = FailureAuth
		case code == "429" && kind == "":
			kind = FailureRateLimited
		}
		if kind == "" {
			kind = FailureError
		}
		p.setSuccess(false)
		p.setVerdict(Failure{Kind: kind, Evidence: evidence(flat, `"error":`), ResetAt: reset})
		return
	}
	if ev.Response == nil {
		return
	}
	p.setSuccess(true)
	p.usage.ResultText = capText(*ev.Response, resultTextMax)
	if ev.Stats == nil {
		return
	}
	names := make([]string, 0, len(ev.Stats.Models))
	for m, st := range ev.Stats.Models {
		names = append(names, m)
		if t := st.Tokens; t != nil {
			p.usage.InputTokens += t.Prompt
			p.usage.OutputTokens += t.Candidates + t.Thoughts
			p.usage.CachedTokens += t.Cached
		}
		if st.API != nil {
			p.usage.Turns += st.API.TotalRequests
		}
	}
	sort.Strings(names)
	if len(names) > 0 && p.usage.Model == "" {
		p.usage.Model = names[0]
	}
}

func (p *geminiParser) Finish(exitCode int) Outcome { return p.finish(exitCode) }
