package execution

import (
	"bytes"
	"errors"
	"io"
	"time"
	"unicode/utf8"
)

// maxLineBytes caps one stored line; a longer "line" (a minified bundle, a base64 blob) is split
// into several so that memory per run stays bounded whatever the CLI prints.
const maxLineBytes = 1 << 20

// A reader reads into one buffer and hands each read's complete lines to the sink as one block,
// which stores them before the next read: one loop per pipe reads, cleans, numbers, parses and
// writes a read while it is in the CPU cache, with no hand-off to another goroutine. A block
// rather than a line at a time is what makes 100 MB cheap to ingest; a slow store slows the
// reader, and so the CLI on its pipe, instead of growing memory. The buffer starts at
// minReadSize (most streams print little: 200 quiet runs cost little) and doubles up to readSize
// while reads fill it.
const (
	minReadSize = 16 << 10
	readSize    = 512 << 10
)

// block is the complete lines of one read of one stream.
type block struct {
	stream string
	ms     int64  // when the read returned, in Unix milliseconds: one clock read per read
	data   []byte // lines, each followed by "\n": valid UTF-8, no CR before the LF
}

// readLines reads r until EOF or a read error and gives its lines to take in blocks; a block's
// data is only valid during the call. Bytes that are not valid UTF-8 become U+FFFD instead of
// stopping the reader, CR before LF is dropped, a line longer than maxLineBytes is cut at a rune
// boundary, and a final line without a newline is still delivered.
func readLines(r io.Reader, stream string, take func(block)) error {
	send := func(data []byte) {
		take(cleanBlock(block{stream: stream, ms: time.Now().UnixMilli(), data: data}))
	}
	buf := make([]byte, minReadSize)
	n := 0 // bytes in buf: the start of a line carried over from earlier reads, then new bytes
	for {
		if n == len(buf) { // one line fills the buffer
			if n > maxLineBytes {
				cut := utf8Boundary(buf, maxLineBytes)
				send(append(buf[:cut:cut], '\n')) // the append copies: buf keeps the rest
				n = copy(buf, buf[cut:n])
			} else {
				buf = resize(buf, n, min(2*len(buf), maxLineBytes+1))
			}
		}
		m, err := r.Read(buf[n:])
		full := m == len(buf)-n
		if m > 0 {
			if end := bytes.LastIndexByte(buf[n:n+m], '\n'); end >= 0 {
				end += n + 1
				send(buf[:end])
				n = copy(buf, buf[end:n+m])
				switch {
				case full && len(buf) < readSize:
					buf = resize(buf, n, 2*len(buf))
				case len(buf) > readSize && n <= readSize/2: // grown for a long line: back to normal
					buf = resize(buf, n, readSize)
				}
			} else {
				n += m
			}
		}
		if err != nil {
			if n > 0 {
				send(append(buf[:n:n], '\n'))
			}
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

// resize returns a buffer of size bytes that starts with the n bytes of buf.
func resize(buf []byte, n, size int) []byte {
	bigger := make([]byte, size)
	copy(bigger, buf[:n])
	return bigger
}

// cleanBlock makes a block's lines valid UTF-8 without CR before LF. The checks run over the
// whole read at once and almost always find nothing to do; only then are the lines copied.
func cleanBlock(b block) block {
	crlf := bytes.IndexByte(b.data, '\r') >= 0 && bytes.Contains(b.data, []byte("\r\n"))
	valid := utf8.Valid(b.data)
	if !crlf && valid {
		return b
	}
	data := b.data
	if !valid {
		// A run of invalid bytes never spans a line: "\n" is valid UTF-8.
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	if crlf {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	b.data = data
	return b
}

// utf8Boundary returns a cut point <= n that does not split a UTF-8 sequence.
func utf8Boundary(b []byte, n int) int {
	for i := n; i > n-4 && i > 0; i-- {
		if b[i]&0xC0 != 0x80 { // not a continuation byte: a rune starts here
			return i
		}
	}
	return n
}
