package terminal

import (
	"bytes"
	"unicode/utf8"
)

// ring keeps the last max bytes written to it. It grows with what is written, so an idle session
// does not hold its whole scrollback allocation.
type ring struct {
	max   int
	buf   []byte // len(buf) <= max; once full, head is where the oldest byte is
	head  int
	total uint64 // every byte ever written
}

func newRing(max int) *ring { return &ring{max: max} }

// Write appends p, dropping the oldest bytes beyond max.
func (r *ring) Write(p []byte) {
	r.total += uint64(len(p))
	if len(p) >= r.max {
		r.buf = append(r.buf[:0], p[len(p)-r.max:]...)
		r.head = 0
		return
	}
	if room := r.max - len(r.buf); room > 0 {
		n := min(room, len(p))
		r.buf = append(r.buf, p[:n]...)
		p = p[n:]
	}
	for len(p) > 0 { // full: overwrite the oldest bytes in place
		n := copy(r.buf[r.head:], p)
		p = p[n:]
		r.head = (r.head + n) % r.max
	}
}

// Bytes returns a copy of what is kept, oldest first, and the offset of its first byte. When
// older output was dropped the copy starts at the next line (or character), so a restored screen
// does not open with half an escape sequence or a broken character.
func (r *ring) Bytes() ([]byte, uint64) {
	out := make([]byte, 0, len(r.buf))
	out = append(out, r.buf[r.head:]...)
	out = append(out, r.buf[:r.head]...)
	start := r.total - uint64(len(out))
	if start == 0 {
		return out, 0
	}
	skip := 0
	// Only a nearby line break is worth looking for: a screen without any keeps its text.
	if i := bytes.IndexByte(out[:min(len(out), 4096)], '\n'); i >= 0 {
		skip = i + 1
	} else {
		for skip < len(out) && skip < utf8.UTFMax && !utf8.RuneStart(out[skip]) {
			skip++
		}
	}
	return out[skip:], start + uint64(skip)
}

// Total is the offset after the last byte written.
func (r *ring) Total() uint64 { return r.total }
