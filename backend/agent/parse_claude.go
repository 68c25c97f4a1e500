package agent

import (
	"bytes"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"time"
)

// claudeEvent holds the fields of claude's stream-json events that the parser reads.
type claudeEvent struct {
	Type      string          `json:"type"`
	Subtype   string          `json:"subtype"`
	SessionID string          `json:"session_id"`
	Model     string          `json:"model"` // system/init
	Error     json.RawMessage `json:"error"` // assistant and api_retry: a string code
	Message   *struct {
		Model   string `json:"model"`
		Content []struct {
			Type string `json:"type"`
			Text string `json:"text"`
		} `json:"content"`
	} `json:"message"`

	// result
	IsError        *bool   `json:"is_error"`
	APIErrorStatus *int    `json:"api_error_status"`
	NumTurns       int     `json:"num_turns"`
	Result         string  `json:"result"`
	TotalCostUSD   float64 `json:"total_cost_usd"`
	Usage          *struct {
		InputTokens         int64 `json:"input_tokens"`
		OutputTokens        int64 `json:"output_tokens"`
		CacheReadTokens     int64 `json:"cache_read_input_tokens"`
		CacheCreationTokens int64 `json:"cache_creation_input_tokens"`
	} `json:"usage"`
	ModelUsage map[string]claudeModelUsage `json:"modelUsage"`

	// system/api_retry
	ErrorStatus *int `json:"error_status"`

	// rate_limit_event
	RateLimitInfo *struct {
		Status        string  `json:"status"`
		ResetsAt      float64 `json:"resetsAt"`
		RateLimitType string  `json:"rateLimitType"`
	} `json:"rate_limit_info"`
}

type claudeModelUsage struct {
	OutputTokens int64 `json:"outputTokens"`
}

// claude prints these on stderr before any JSON and exits 1.
var claudeFatalRe = regexp.MustCompile(`cannot be used with root/sudo privileges|requires --verbose|^error: unknown option|^error: option .* argument missing`)

type claudeParser struct {
	base
	pending     *Failure // from a synthetic assistant error, used if no result follows
	resultSeen  bool
	lastMessage string // id of the last assistant message counted as a turn
}

func newClaudeParser(now func() time.Time) *claudeParser {
	return &claudeParser{base: base{now: now}}
}

// claudeErrorKinds maps the assistant message's top-level "error" codes.
var claudeErrorKinds = map[string]string{
	"authentication_failed": FailureAuth,
	"oauth_org_not_allowed": FailureAuth,
	"billing_error":         FailureQuota,
	"rate_limit":            FailureRateLimited,
	"overloaded":            FailureRateLimited,
}

// claudeErrorKey is how the top-level error code of an assistant message starts. Inside a JSON
// string a quote is escaped, so these bytes only occur as a key.
var claudeErrorKey = []byte(`"error":"`)

// claudeErrorHead is the start of claudeErrorKey that hasClaudeErrorKey looks for. JSON is full of
// quotes, so a search for a needle that starts with one soon compares at every position; the
// shorter the needle, the further each comparison advances (12 bytes for 4, 7 for the whole key),
// which halves the cost of scanning a flood of assistant text. Keys starting "err are rare.
var claudeErrorHead = claudeErrorKey[:4]

// hasClaudeErrorKey reports whether data holds claudeErrorKey.
func hasClaudeErrorKey(data []byte) bool {
	for {
		i := bytes.Index(data, claudeErrorHead)
		if i < 0 {
			return false
		}
		if bytes.HasPrefix(data[i:], claudeErrorKey) {
			return true
		}
		data = data[i+1:]
	}
}

// claudeSkip says from the bytes alone that Line would ignore the line. Tool results (user
// events) can be huge and say nothing about usage or failure; an assistant message matters only
// when it carries claude's top-level error code. mayErr false means the caller already knows
// that the error key is nowhere in the line.
func claudeSkip(line []byte, mayErr bool) bool {
	typ, ok := fastTypeBytes(line)
	if !ok {
		return false
	}
	switch string(typ) {
	case "user", "stream_event":
		return true
	case "assistant":
		return !mayErr || !hasClaudeErrorKey(line)
	}
	return false
}

// lines implements blockParser: one search for the error key covers the whole read, which is
// what keeps a flood of streamed assistant text cheap.
func (p *claudeParser) lines(seq int64, stream string, data []byte) {
	mayErr := hasClaudeErrorKey(data)
	for len(data) > 0 {
		line, rest := nextLine(data)
		if typ, ok := fastTypeBytes(line); ok && string(typ) == "assistant" {
			p.claudeStep(line)
		}
		if !claudeSkip(line, mayErr) {
			p.Line(seq, stream, string(line))
		}
		data = rest
		seq++
	}
}

func (p *claudeParser) Line(_ int64, stream, text string) {
	if typ, ok := fastTypeBytes(bytesOf(text)); ok && string(typ) == "assistant" && !p.resultSeen {
		p.claudeStep(bytesOf(text))
	}
	if claudeSkip(bytesOf(text), true) {
		return
	}
	var ev claudeEvent
	if !decodeObject(text, &ev) || ev.Type == "" {
		p.raw(stream, text)
		if stream == "stderr" && claudeFatalRe.MatchString(stripANSI(text)) {
			p.setVerdict(Failure{Kind: FailureError, Evidence: evidence(text, "")})
		}
		return
	}
	if ev.SessionID != "" {
		p.usage.SessionID = ev.SessionID
	}
	switch ev.Type {
	case "system":
		p.system(ev, text)
	case "rate_limit_event":
		if ri := ev.RateLimitInfo; ri != nil && ri.Status == "rejected" {
			// Subscription windows (five_hour, seven_day...) are usage limits with a reset time.
			p.setHint(Failure{Kind: FailureQuota, Evidence: evidence(text, "rejected"), ResetAt: resetFromEpoch(ri.ResetsAt)})
		}
	case "assistant":
		p.assistant(ev, text)
	case "result":
		p.result(ev, text)
	}
}

func (p *claudeParser) system(ev claudeEvent, text string) {
	switch ev.Subtype {
	case "init":
		if ev.Model != "" && p.usage.Model == "" {
			p.usage.Model = ev.Model
		}
	case "api_retry":
		code := jsonString(ev.Error)
		if (ev.ErrorStatus != nil && (*ev.ErrorStatus == 429 || *ev.ErrorStatus == 529)) || claudeErrorKinds[code] == FailureRateLimited {
			p.setHint(Failure{Kind: FailureRateLimited, Evidence: evidence(text, "error_status")})
		}
	}
}

func (p *claudeParser) assistant(ev claudeEvent, text string) {
	code := jsonString(ev.Error)
	if code == "" || ev.Message == nil {
		return
	}
	var msg strings.Builder
	for _, c := range ev.Message.Content {
		if c.Type == "text" {
			msg.WriteString(c.Text)
		}
	}
	kind := classifyText(msg.String())
	if kind != FailureQuota {
		if k, ok := claudeErrorKinds[code]; ok {
			kind = k
		}
	}
	if kind == "" {
		kind = FailureError
	}
	f := merge(p.pending, Failure{Kind: kind, Evidence: evidence(text, `"error":`), ResetAt: resetClaude(msg.String(), p.now())})
	p.pending = f
}

func (p *claudeParser) result(ev claudeEvent, text string) {
	p.resultSeen = true
	if ev.IsError != nil {
		p.setSuccess(!*ev.IsError)
	}
	if u := ev.Usage; u != nil {
		// Input counts every prompt token, cached or not, so that cached <= input for every
		// backend (Anthropic reports the three parts separately).
		p.usage.InputTokens = u.InputTokens + u.CacheReadTokens + u.CacheCreationTokens
		p.usage.OutputTokens = u.OutputTokens
		p.usage.CachedTokens = u.CacheReadTokens
	}
	p.usage.CostUSD = ev.TotalCostUSD
	p.usage.Turns = ev.NumTurns
	p.usage.ResultText = capText(ev.Result, resultTextMax)
	if m := mainModel(ev.ModelUsage); m != "" {
		p.usage.Model = m
	}
	if ev.IsError == nil || !*ev.IsError {
		return
	}
	kind := classifyText(ev.Result)
	if ev.Subtype == "error_max_turns" {
		kind = FailureMaxTurns
	}
	if kind != FailureQuota && kind != FailureMaxTurns {
		switch {
		case p.pending != nil && specific(p.pending.Kind):
			kind = p.pending.Kind
		case ev.APIErrorStatus != nil && *ev.APIErrorStatus == 429:
			kind = FailureRateLimited
		case ev.APIErrorStatus != nil && (*ev.APIErrorStatus == 401 || *ev.APIErrorStatus == 403):
			kind = FailureAuth
		}
	}
	if kind == "" {
		kind = FailureError
	}
	f := Failure{Kind: kind, Evidence: evidence(text, `"result":`), ResetAt: resetClaude(ev.Result, p.now())}
	if f.ResetAt == "" && limitKind(kind) {
		if p.pending != nil && p.pending.ResetAt != "" {
			f.ResetAt = p.pending.ResetAt
		} else if p.hint != nil && limitKind(p.hint.Kind) {
			f.ResetAt = p.hint.ResetAt
		}
	}
	p.setVerdict(f)
}

// mainModel picks the model that produced most output (side requests use small models).
func mainModel(mu map[string]claudeModelUsage) string {
	names := make([]string, 0, len(mu))
	for n := range mu {
		names = append(names, n)
	}
	sort.Strings(names)
	best, most := "", int64(-1)
	for _, n := range names {
		if mu[n].OutputTokens > most {
			best, most = n, mu[n].OutputTokens
		}
	}
	return best
}

func (p *claudeParser) Finish(exitCode int) Outcome {
	if !p.resultSeen && p.pending != nil {
		p.setVerdict(*p.pending)
	}
	return p.finish(exitCode)
}
