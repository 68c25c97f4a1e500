package planning

import (
	"bytes"
	"errors"
	"testing"
)

// TestWithStatusByteForByte checks that a status move changes exactly the status line: every
// case spells out the whole expected file.
func TestWithStatusByteForByte(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{
			name: "replaces the value and drops a trailing comment with it",
			in:   "---\nphase: 01-x\nstatus: planned # set by hand\nwave: 1\n---\n\n<objective>\nKeep  spacing\t\n</objective>\n",
			want: "---\nphase: 01-x\nstatus: in_progress\nwave: 1\n---\n\n<objective>\nKeep  spacing\t\n</objective>\n",
		},
		{
			name: "adds the key as the last front matter line",
			in:   "---\nphase: 1\nfiles_modified:\n  - a.go\n---\nbody\n",
			want: "---\nphase: 1\nfiles_modified:\n  - a.go\nstatus: in_progress\n---\nbody\n",
		},
		{
			name: "adds a front matter to a file without one",
			in:   "# Plan\n\nbody",
			want: "---\nstatus: in_progress\n---\n# Plan\n\nbody",
		},
		{
			name: "keeps CRLF line endings",
			in:   "---\r\nplan: 2\r\nstatus: \"done\"\r\n---\r\nbody\r\n",
			want: "---\r\nplan: 2\r\nstatus: in_progress\r\n---\r\nbody\r\n",
		},
		{
			name: "adds with CRLF when the block uses it",
			in:   "---\r\nplan: 2\r\n---\r\n",
			want: "---\r\nplan: 2\r\nstatus: in_progress\r\n---\r\n",
		},
		{
			name: "keeps a byte order mark in front",
			in:   "\uFEFF---\nstatus: planned\n---\n",
			want: "\uFEFF---\nstatus: in_progress\n---\n",
		},
		{
			name: "replaces a block value with its indented lines",
			in:   "---\nstatus: >\n  planned\n  later\nwave: 2\n---\n",
			want: "---\nstatus: in_progress\nwave: 2\n---\n",
		},
		{
			name: "leaves nested status keys alone",
			in:   "---\nmust_haves:\n  status: green\n---\n",
			want: "---\nmust_haves:\n  status: green\nstatus: in_progress\n---\n",
		},
		{
			name: "an empty front matter",
			in:   "---\n---\nbody\n",
			want: "---\nstatus: in_progress\n---\nbody\n",
		},
		{
			name: "closing with ... and no newline at the end",
			in:   "---\nstatus: done\n...",
			want: "---\nstatus: in_progress\n...",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := withStatus([]byte(tt.in), "in_progress")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, []byte(tt.want)) {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestWithStatusRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, status string
		want             error
	}{
		{"a status with a space", "---\n---\n", "in progress", ErrBadStatus},
		{"an uppercase status", "---\n---\n", "Done", ErrBadStatus},
		{"an empty status", "---\n---\n", "", ErrBadStatus},
		{"malformed YAML", "---\nplan: [1\n---\n", "done", ErrMalformed},
		{"an unclosed front matter", "---\nplan: 1\n", "done", ErrMalformed},
		{"a duplicated status key", "---\nstatus: a\nstatus: b\n---\n", "done", ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := withStatus([]byte(tt.in), tt.status); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}
