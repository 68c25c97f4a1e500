package agent

import (
	"bytes"
	"unsafe"
)

// blockParser is implemented by parsers that can tell from a line's bytes alone that Line would
// ignore it. Fed a whole read at once, they look for their rare needles once per read, so the
// bulk of a flood (streamed text, tool output) is never decoded nor turned into strings.
type blockParser interface {
	lines(seq int64, stream string, data []byte)
}

// Feed gives a parser a whole read of one stream: data holds complete lines, each followed by
// "\n", already cleaned (valid UTF-8, no CR before the LF); the first has sequence number seq. It
// is equivalent to calling Line for each line in order, only cheaper for parsers that can skip.
func Feed(p Parser, seq int64, stream string, data []byte) {
	if bp, ok := p.(blockParser); ok {
		bp.lines(seq, stream, data)
		return
	}
	for len(data) > 0 {
		line, rest := nextLine(data)
		p.Line(seq, stream, string(line))
		data = rest
		seq++
	}
}

// nextLine splits the first line off data; a missing final "\n" ends the line at the end.
func nextLine(data []byte) (line, rest []byte) {
	i := bytes.IndexByte(data, '\n')
	if i < 0 {
		return data, nil
	}
	return data[:i], data[i+1:]
}

// fastTypeBytes reads the event type of a line that starts with {"type":"...", as all four CLIs
// print it, so a parser can skip events it does not need without decoding them. The type names
// are short, so the closing quote is looked for in the first bytes only.
func fastTypeBytes(line []byte) ([]byte, bool) {
	const prefix = `{"type":"`
	if len(line) < len(prefix) || string(line[:len(prefix)]) != prefix {
		return nil, false
	}
	rest := line[len(prefix):]
	for i := 0; i < len(rest) && i < 64; i++ {
		switch rest[i] {
		case '"':
			return rest[:i], i > 0
		case '\\':
			return nil, false
		}
	}
	return nil, false
}

// bytesOf views a string as bytes without copying, so that Line and the block path share one
// skip test. The view is only read, never kept nor written.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }
