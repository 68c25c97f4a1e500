package agent

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Bounds of what one transcript entry shows; the raw log keeps everything.
const (
	toolResultMax = 4 << 10
	toolInputMax  = 8 << 10
)

// Transcript turns stored output lines into readable entries. It reads any window of lines
// (the UI pages through long runs), so nothing depends on having seen the first line: a tool
// result whose call is outside the window simply has no tool name. Every line that is not the
// CLI's JSON (stderr, banners, plain text) becomes an EntryRaw entry.
func Transcript(backend string, lines []RawLine) []Entry {
	t := &transcriber{tools: map[string]string{}}
	var read func(*transcriber, RawLine, string) bool
	switch backend {
	case Claude:
		read = claudeEntries
	case Codex:
		read = codexEntries
	case Gemini:
		read = geminiEntries
	case OpenCode:
		read = opencodeEntries
	}
	for _, l := range lines {
		text := cleanLine(l.Text)
		if l.Stream == "stderr" || read == nil || !read(t, l, text) {
			t.raw(l.Seq, text)
		}
	}
	return t.out
}

// transcriber collects entries and remembers tool names by call id within the window.
type transcriber struct {
	out   []Entry
	tools map[string]string
	// merge is set after an entry that later text deltas may extend (gemini streams text).
	merge bool
}

func (t *transcriber) add(e Entry) {
	t.merge = false
	t.out = append(t.out, e)
}

// rawGroupMax bounds how many consecutive plain lines share one entry.
const rawGroupMax = 200

// raw adds a plain output line, joining it to the previous entry when that one is plain output
// too: a chatty CLI's hundred lines of build output read as one block, not a hundred cards.
func (t *transcriber) raw(seq int64, text string) {
	if n := len(t.out); n > 0 && !t.merge {
		last := &t.out[n-1]
		if last.Kind == EntryRaw && strings.Count(last.Text, "\n") < rawGroupMax-1 {
			last.Text += "\n" + text
			return
		}
	}
	t.add(Entry{Seq: seq, Kind: EntryRaw, Text: text})
}

func (t *transcriber) system(seq int64, format string, args ...any) {
	t.add(Entry{Seq: seq, Kind: EntrySystem, Text: fmt.Sprintf(format, args...)})
}

func (t *transcriber) text(seq int64, s string) {
	if s == "" {
		return
	}
	t.add(Entry{Seq: seq, Kind: EntryText, Text: capText(s, resultTextMax)})
}

func (t *transcriber) errorEntry(seq int64, s string) {
	t.add(Entry{Seq: seq, Kind: EntryError, Text: capText(s, toolResultMax), IsError: true})
}

func (t *transcriber) call(seq int64, id, tool, input string) {
	if id != "" {
		t.tools[id] = tool
	}
	t.add(Entry{Seq: seq, Kind: EntryToolCall, Tool: tool, Input: input})
}

func (t *transcriber) result(seq int64, tool, input, text string, isError bool) {
	t.add(Entry{Seq: seq, Kind: EntryToolResult, Tool: tool, Input: input, Text: truncResult(text), IsError: isError})
}

// truncResult keeps the head of a huge tool result and says how much was left out.
func truncResult(s string) string {
	if len(s) <= toolResultMax {
		return s
	}
	return strings.TrimSuffix(capText(s, toolResultMax), "\n… [truncated]") +
		fmt.Sprintf("\n… [truncated: %d of %d bytes shown; the raw log has all of it]", toolResultMax, len(s))
}

// pretty indents a JSON value for display, bounded.
func pretty(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "  "); err != nil {
		return capText(string(raw), toolInputMax)
	}
	return capText(b.String(), toolInputMax)
}

// contentText flattens a tool result content: a string, or blocks with a "text" field.
func contentText(raw json.RawMessage) string {
	if s := jsonString(raw); s != "" || len(raw) == 0 || raw[0] == '"' {
		return s
	}
	var blocks []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if json.Unmarshal(raw, &blocks) != nil {
		return string(raw)
	}
	parts := make([]string, 0, len(blocks))
	for _, b := range blocks {
		if b.Text != "" {
			parts = append(parts, b.Text)
		} else if b.Type != "" {
			parts = append(parts, "["+b.Type+"]")
		}
	}
	return strings.Join(parts, "\n")
}

// tokens formats token counts for summaries.
func tokens(in, out, cached int64) string {
	s := fmt.Sprintf("tokens in %d / out %d", in, out)
	if cached > 0 {
		s += fmt.Sprintf(" (cached %d)", cached)
	}
	return s
}

// count writes "1 turn", "2 turns".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func usd(c float64) string { return "$" + strconv.FormatFloat(c, 'f', -1, 64) }

func seconds(ms float64) string { return strconv.FormatFloat(ms/1000, 'f', 1, 64) + " s" }

// summary joins the non-empty parts of a one-line notice.
func summary(parts ...string) string {
	kept := parts[:0]
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " · ")
}

var geminiToolIDRe = regexp.MustCompile(`^(.+)-\d+-\d+$`)
