package execution

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// collect reads input through readLines, handing it to the reader in pieces of `piece` bytes
// (0: all at once), and returns the lines.
func collect(t *testing.T, input string, piece int) []string {
	t.Helper()
	var out []string
	take := func(b block) {
		if b.data[len(b.data)-1] != '\n' {
			t.Errorf("block without final newline: %q", b.data)
		}
		out = append(out, strings.Split(string(b.data[:len(b.data)-1]), "\n")...)
		clear(b.data) // the reader may reuse the bytes once take returns
	}
	var r io.Reader = strings.NewReader(input)
	if piece > 0 {
		r = iotest.OneByteReader(r)
		if piece > 1 {
			r = &pieceReader{r: strings.NewReader(input), n: piece}
		}
	}
	if err := readLines(r, StreamStdout, take); err != nil {
		t.Fatal(err)
	}
	return out
}

// pieceReader returns at most n bytes per read, like a pipe written in small pieces.
type pieceReader struct {
	r io.Reader
	n int
}

func (p *pieceReader) Read(b []byte) (int, error) { return p.r.Read(b[:min(len(b), p.n)]) }

func TestReadLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		input string
		want  []string
	}{
		{"plain", "a\nb\n", []string{"a", "b"}},
		{"final partial line", "a\nno newline", []string{"a", "no newline"}},
		{"crlf", "a\r\nb\r\n", []string{"a", "b"}},
		{"only the CR before LF", "a\r\r\nb\rc\n", []string{"a\r", "b\rc"}},
		{"crlf at the end", "a\r\nlast\r", []string{"a", "last"}},
		{"invalid utf8 in the final line", "a\nb\xff", []string{"a", "b\uFFFD"}},
		{"empty lines kept", "\n\nx\n", []string{"", "", "x"}},
		{"invalid utf8 replaced", "ok \xff\xfe end\n", []string{"ok \uFFFD end"}},
		{"ansi kept", "\x1b[31mred\x1b[0m\n", []string{"\x1b[31mred\x1b[0m"}},
		{"nothing", "", nil},
	}
	for _, tt := range tests {
		for _, piece := range []int{0, 1, 3} {
			t.Run(fmt.Sprintf("%s/%d", tt.name, piece), func(t *testing.T) {
				t.Parallel()
				got := collect(t, tt.input, piece)
				if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
					t.Fatalf("got %q, want %q", got, tt.want)
				}
			})
		}
	}
}

func TestReadLinesSplitsHugeLinesOnRuneBoundaries(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("é", maxLineBytes) // 2 bytes per rune: 2 MiB
	got := collect(t, huge+"\nafter\n", 0)
	if len(got) < 3 || got[len(got)-1] != "after" {
		t.Fatalf("got %d lines", len(got))
	}
	total := 0
	for _, l := range got[:len(got)-1] {
		if len(l) > maxLineBytes || !utf8.ValidString(l) || strings.ContainsRune(l, '\uFFFD') {
			t.Fatalf("chunk of %d bytes, valid=%v", len(l), utf8.ValidString(l))
		}
		total += len(l)
	}
	if total != len(huge) {
		t.Fatalf("lost bytes: %d of %d", total, len(huge))
	}
}

// TestReadLinesBufferGrowsAndShrinks: a line longer than a read buffer makes it grow; the lines
// after it still come whole and in order once it is back to its normal size.
func TestReadLinesBufferGrowsAndShrinks(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("L", readSize+readSize/2)
	var want []string
	for i := range 2000 {
		want = append(want, fmt.Sprintf("before %d", i))
	}
	want = append(want, long)
	for i := range 20000 {
		want = append(want, fmt.Sprintf("after %d %s", i, strings.Repeat("x", i%97)))
	}
	input := strings.Join(want, "\n") + "\n"
	for _, piece := range []int{0, 7, 4096, 300 << 10} {
		t.Run(fmt.Sprint(piece), func(t *testing.T) {
			t.Parallel()
			got := collect(t, input, piece)
			if len(got) != len(want) {
				t.Fatalf("%d lines, want %d", len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("line %d = %.40q, want %.40q", i, got[i], want[i])
				}
			}
		})
	}
}
