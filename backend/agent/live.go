package agent

import (
	"bytes"
	"encoding/json"
)

// Live returns the usage a parser has read so far, while the run streams: turns, tokens and,
// where the CLI reports it per step, cost. The run guards (max cost, max turns, budgets) act on
// it before the CLI's final figures arrive. Claude reports its real cost only at the end, so its
// live cost is 0 and the guard estimates it from the tokens; the final result replaces the rest.
func Live(p Parser) Usage {
	if l, ok := p.(interface{ live() Usage }); ok {
		return l.live()
	}
	return Usage{}
}

func (b *base) live() Usage { return b.usage }

// claudeMessageID is how an assistant event's message starts: its id comes first.
var claudeMessageID = []byte(`"message":{"id":"`)

// claudeAssistantHead is how claude starts an assistant event: checking it is cheaper than
// searching for the message id, which a flood of assistant text does once per line.
var claudeAssistantHead = []byte(`{"type":"assistant","message":{"id":"`)

// claudeUsageKey starts the message's usage object. Tool inputs inside the content may hold a
// key of that name too, but the message's own usage comes after its content, so it is the last.
var claudeUsageKey = []byte(`"usage":{`)

// claudeStep counts one API call of claude from an assistant event: claude prints one event per
// content block, all with the same message id, so a new id is a new turn. Its usage is the
// snapshot claude took when the message started (input and cache tokens are final, output
// tokens are not yet), which is what a live estimate can have.
func (p *claudeParser) claudeStep(line []byte) {
	var rest []byte
	if bytes.HasPrefix(line, claudeAssistantHead) {
		rest = line[len(claudeAssistantHead):]
	} else if i := bytes.Index(line, claudeMessageID); i >= 0 {
		rest = line[i+len(claudeMessageID):]
	} else {
		return
	}
	end := bytes.IndexByte(rest, '"')
	if end <= 0 || string(rest[:end]) == p.lastMessage {
		return
	}
	p.lastMessage = string(rest[:end])
	p.usage.Turns++
	u := bytes.LastIndex(line, claudeUsageKey)
	if u < 0 {
		return
	}
	var usage struct {
		InputTokens         int64 `json:"input_tokens"`
		OutputTokens        int64 `json:"output_tokens"`
		CacheReadTokens     int64 `json:"cache_read_input_tokens"`
		CacheCreationTokens int64 `json:"cache_creation_input_tokens"`
	}
	if json.NewDecoder(bytes.NewReader(line[u+len(`"usage":`):])).Decode(&usage) != nil {
		return
	}
	p.usage.InputTokens += usage.InputTokens + usage.CacheReadTokens + usage.CacheCreationTokens
	p.usage.OutputTokens += usage.OutputTokens
	p.usage.CachedTokens += usage.CacheReadTokens
}
