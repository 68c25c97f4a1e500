package execution

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func collect(t *testing.T, input string) []string {
	t.Helper()
	ch := make(chan rawLine, 1<<16)
	if err := readLines(strings.NewReader(input), StreamStdout, ch); err != nil {
		t.Fatal(err)
	}
	close(ch)
	var out []string
	for l := range ch {
		out = append(out, l.text)
	}
	return out
}

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
		{"empty lines kept", "\n\nx\n", []string{"", "", "x"}},
		{"invalid utf8 replaced", "ok \xff\xfe end\n", []string{"ok \uFFFD end"}},
		{"ansi kept", "\x1b[31mred\x1b[0m\n", []string{"\x1b[31mred\x1b[0m"}},
		{"nothing", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := collect(t, tt.input)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReadLinesSplitsHugeLinesOnRuneBoundaries(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("é", maxLineBytes) // 2 bytes per rune: 2 MiB
	got := collect(t, huge+"\nafter\n")
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
