package execution

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// maxLineBytes caps one stored line; a longer "line" (a minified bundle, a base64 blob) is split
// into several so that memory per run stays bounded whatever the CLI prints.
const maxLineBytes = 1 << 20

// rawLine is a line as read, before it gets its sequence number.
type rawLine struct {
	stream string
	text   string
	at     time.Time
}

// readLines splits r into lines and sends them to out until EOF or a read error. Bytes that are
// not valid UTF-8 become U+FFFD instead of stopping the reader, CR before LF is dropped, and a
// final line without a newline is still delivered.
func readLines(r io.Reader, stream string, out chan<- rawLine) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var long []byte // a line longer than the reader's buffer, being assembled
	emit := func(b []byte) {
		b = bytes.TrimSuffix(b, []byte("\n"))
		b = bytes.TrimSuffix(b, []byte("\r"))
		text := string(b)
		if !utf8.Valid(b) { // checking first avoids a second copy of every valid line
			text = strings.ToValidUTF8(text, "\uFFFD")
		}
		out <- rawLine{stream: stream, text: text, at: time.Now()}
	}
	for {
		chunk, err := br.ReadSlice('\n')
		switch {
		case err == nil:
			if long != nil {
				emit(append(long, chunk...))
				long = nil
			} else {
				emit(chunk)
			}
		case errors.Is(err, bufio.ErrBufferFull):
			long = append(long, chunk...)
			for len(long) > maxLineBytes {
				cut := utf8Boundary(long, maxLineBytes)
				emit(long[:cut])
				long = append([]byte(nil), long[cut:]...)
			}
		default:
			if len(chunk) > 0 || len(long) > 0 {
				emit(append(long, chunk...))
			}
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
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
