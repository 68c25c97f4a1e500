package terminal

import (
	"bytes"
	"strings"
	"testing"
)

func TestRingKeepsTheLastBytes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		max       int
		writes    []string
		want      string
		wantStart uint64
	}{
		{"empty", 8, nil, "", 0},
		{"under the bound", 8, []string{"ab", "cd"}, "abcd", 0},
		{"exactly full", 4, []string{"ab", "cd"}, "abcd", 0},
		{"wraps, no line break: starts at the cut", 4, []string{"abc", "def"}, "cdef", 2},
		{"wraps across many writes", 5, []string{"a", "b", "c", "d", "e", "f", "g"}, "cdefg", 2},
		{"one write larger than the bound", 4, []string{"x", "0123456789"}, "6789", 7},
		{"wrapped: starts after the first line break", 8, []string{"line1\nline2\nl3"}, "l3", 12},
		{"wrapped: never starts inside a character", 5, []string{"aé日本"}, "本", 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newRing(tt.max)
			total := 0
			for _, w := range tt.writes {
				r.Write([]byte(w))
				total += len(w)
			}
			got, start := r.Bytes()
			if string(got) != tt.want || start != tt.wantStart {
				t.Fatalf("Bytes() = %q at %d, want %q at %d", got, start, tt.want, tt.wantStart)
			}
			if r.Total() != uint64(total) || len(r.buf) > tt.max {
				t.Fatalf("total %d, kept %d bytes (max %d)", r.Total(), len(r.buf), tt.max)
			}
		})
	}
}

func TestRingMemoryStaysBounded(t *testing.T) {
	t.Parallel()
	r := newRing(1 << 10)
	line := []byte(strings.Repeat("x", 99) + "\n")
	for range 100_000 {
		r.Write(line)
	}
	if cap(r.buf) > 2<<10 {
		t.Fatalf("ring holds %d bytes of capacity for a 1 KiB bound", cap(r.buf))
	}
	got, start := r.Bytes()
	if !bytes.HasSuffix(got, line) || start+uint64(len(got)) != r.Total() {
		t.Fatalf("tail wrong: %d bytes from %d of %d", len(got), start, r.Total())
	}
}

func TestCompleteUTF8(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"a日", 4},
		{"a\xe6\x97", 1},    // 日 without its last byte
		{"a\xe6", 1},        // only its first byte
		{"\xf0\x9f\x8e", 0}, // 🎉 without its last byte
		{"\xf0\x9f\x8e\x89", 4},
		{"a\xc3", 1},         // é cut
		{"a\xff", 2},         // not UTF-8 at all: passed on
		{"a\x97\x97\x97", 4}, // stray continuation bytes: passed on
	}
	for _, tt := range tests {
		if got := completeUTF8([]byte(tt.in)); got != tt.want {
			t.Errorf("completeUTF8(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
