package agent

import (
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"
)

// evidenceMax bounds an evidence line; longer lines are cut around the part that matters.
const evidenceMax = 500

// resultTextMax bounds Usage.ResultText so a huge final answer cannot grow a parser.
const resultTextMax = 64 << 10

// cleanLine makes an output line safe to keep: valid UTF-8, no trailing CR.
func cleanLine(text string) string {
	text = strings.TrimRight(text, "\r")
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	return text
}

// decodeObject decodes a JSON object line into v. A field of an unexpected type is skipped
// rather than failing the line (CLIs change shapes between versions); anything that is not a
// JSON object reports false.
func decodeObject(text string, v any) bool {
	t := strings.TrimSpace(text)
	if !strings.HasPrefix(t, "{") {
		return false
	}
	err := json.Unmarshal([]byte(t), v)
	var typeErr *json.UnmarshalTypeError
	return err == nil || errors.As(err, &typeErr)
}

// evidence returns line cut to evidenceMax, keeping the window around the first occurrence of
// needle (case-insensitive) so the proof survives the cut.
func evidence(line, needle string) string {
	line = cleanLine(line)
	if len(line) <= evidenceMax {
		return line
	}
	at := 0
	if needle != "" {
		if i := strings.Index(strings.ToLower(line), strings.ToLower(needle)); i > 0 {
			at = i
		}
	}
	start := max(0, at-evidenceMax/5)
	end := min(len(line), start+evidenceMax)
	start = max(0, end-evidenceMax)
	// Cut on rune boundaries.
	for start > 0 && !utf8.RuneStart(line[start]) {
		start--
	}
	for end < len(line) && !utf8.RuneStart(line[end]) {
		end--
	}
	out := line[start:end]
	if start > 0 {
		out = "…" + out
	}
	if end < len(line) {
		out += "…"
	}
	return out
}

// capText bounds a text kept in memory, marking the cut.
func capText(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "\n… [truncated]"
}

// textBuf accumulates text up to resultTextMax and drops the rest.
type textBuf struct {
	b         strings.Builder
	truncated bool
}

func (t *textBuf) reset() { t.b.Reset(); t.truncated = false }

func (t *textBuf) add(s string) {
	if t.truncated {
		return
	}
	if room := resultTextMax - t.b.Len(); len(s) > room {
		t.b.WriteString(capText(s, room))
		t.truncated = true
		return
	}
	t.b.WriteString(s)
}

func (t *textBuf) String() string { return t.b.String() }

// jsonString decodes a raw JSON value that may be a string; other values give "".
func jsonString(raw json.RawMessage) string {
	var s string
	if len(raw) > 0 && raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return ""
}
