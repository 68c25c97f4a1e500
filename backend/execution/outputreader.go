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

// A reader reads into one of readBuffers buffers and hands each read's complete lines to the sink
// as one block, which gives the buffer back once it has copied what it keeps. A block rather than
// a line per channel send is what makes 100 MB cheap to ingest; the fixed number of buffers makes
// a slow sink stall the reader, and so the CLI on its pipe, instead of growing memory. Buffers
// start at minReadSize (most streams print little: 200 quiet runs cost little) and double up to
// readSize while reads fill them.
const (
	minReadSize = 16 << 10
	readSize    = 512 << 10
	readBuffers = 4
)

// block is the complete lines of one read of one stream.
type block struct {
	stream string
	ms     int64  // when the read returned, in Unix milliseconds: one clock read per read
	data   []byte // lines, each followed by "\n": valid UTF-8, no CR before the LF
	buf    []byte // the buffer data lives in, for release; nil when data is a copy
	free   chan<- []byte
}

// release gives the block's buffer back to its reader; data must not be used afterwards.
func (b *block) release() {
	if b.buf != nil {
		b.free <- b.buf
		b.buf = nil
	}
}

// readLines reads r until EOF or a read error and sends its lines to out in blocks. Bytes that
// are not valid UTF-8 become U+FFFD instead of stopping the reader, CR before LF is dropped, a
// line longer than maxLineBytes is cut at a rune boundary, and a final line without a newline is
// still delivered.
func readLines(r io.Reader, stream string, out chan<- block) error {
	free := make(chan []byte, readBuffers)
	made := 0
	size := minReadSize // grows while reads fill the buffers
	// get returns a buffer with room for at least need bytes.
	get := func(need int) []byte {
		need = max(need, size)
		var b []byte
		select {
		case b = <-free:
		default:
			if made < readBuffers {
				made++
			} else {
				b = <-free
			}
		}
		if len(b) < need || len(b) > readSize && need <= readSize {
			b = make([]byte, need) // a buffer grown for a long line goes back to normal size
		}
		return b
	}
	send := func(data, buf []byte) {
		out <- cleanBlock(block{stream: stream, ms: time.Now().UnixMilli(), data: data, buf: buf, free: free})
	}
	buf := get(0)
	n := 0 // bytes in buf: the start of a line carried over from earlier reads, then new bytes
	for {
		if n == len(buf) { // one line fills the buffer
			if n > maxLineBytes {
				cut := utf8Boundary(buf, maxLineBytes)
				send(append(buf[:cut:cut], '\n'), nil) // the append copies: buf keeps the rest
				n = copy(buf, buf[cut:n])
			} else {
				bigger := make([]byte, min(2*len(buf), maxLineBytes+1))
				n = copy(bigger, buf[:n])
				buf = bigger
			}
		}
		m, err := r.Read(buf[n:])
		if m == len(buf)-n {
			size = min(2*size, readSize)
		}
		if m > 0 {
			if end := bytes.LastIndexByte(buf[n:n+m], '\n'); end >= 0 {
				end += n + 1
				rest := n + m - end
				next := get(rest + size/2)
				copy(next, buf[end:n+m])
				send(buf[:end], buf)
				buf, n = next, rest
			} else {
				n += m
			}
		}
		if err != nil {
			if n > 0 {
				send(append(buf[:n:n], '\n'), nil)
			}
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
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
	b.release()
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
