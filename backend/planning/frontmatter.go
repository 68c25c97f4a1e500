package planning

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// utf8BOM is skipped before looking for an opening `---`: some editors on Windows write one.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// block is where a leading YAML front matter sits in a file. All offsets are byte offsets into
// the file; yaml is src[yamlStart:yamlEnd], and the closing delimiter line starts at yamlEnd.
type block struct {
	present   bool
	yamlStart int
	yamlEnd   int
	bodyStart int // first byte after the closing delimiter line
}

// locate finds the front matter: a first line of exactly `---` and a later line of `---` (or
// YAML's `...`). An opening line with no closing one is an error, since the whole file would
// otherwise be taken for YAML or for body, both wrong.
func locate(src []byte) (block, error) {
	start := 0
	if bytes.HasPrefix(src, utf8BOM) {
		start = len(utf8BOM)
	}
	first, next := line(src, start)
	if !isDelimiter(first, false) {
		return block{bodyStart: 0}, nil
	}
	for pos := next; pos < len(src); {
		l, after := line(src, pos)
		if isDelimiter(l, true) {
			return block{present: true, yamlStart: next, yamlEnd: pos, bodyStart: after}, nil
		}
		pos = after
	}
	return block{}, fmt.Errorf("%w: the opening --- has no closing ---", ErrMalformed)
}

// line returns the line starting at pos without its line ending, and the offset after it.
func line(src []byte, pos int) ([]byte, int) {
	i := bytes.IndexByte(src[pos:], '\n')
	if i < 0 {
		return src[pos:], len(src)
	}
	return src[pos : pos+i], pos + i + 1
}

func isDelimiter(l []byte, closing bool) bool {
	l = bytes.TrimRight(l, " \t\r")
	return string(l) == "---" || (closing && string(l) == "...")
}

// meta is a PLAN file's front matter. Values are read loosely (a plan number may be written 1,
// "01" or "01-02"), so each field is decoded as whatever YAML holds and converted afterwards.
type meta struct {
	Phase         any    `yaml:"phase"`
	Plan          any    `yaml:"plan"`
	Title         string `yaml:"title"`
	Type          any    `yaml:"type"`
	Wave          any    `yaml:"wave"`
	DependsOn     any    `yaml:"depends_on"`
	FilesModified any    `yaml:"files_modified"`
	Autonomous    any    `yaml:"autonomous"`
	MustHaves     any    `yaml:"must_haves"`
	Status        any    `yaml:"status"`
}

// parseMeta decodes front matter. An empty block is no error; a YAML error is reported with the
// line numbers of the file, not of the block, so the message points at the right line.
func parseMeta(src []byte, b block) (meta, error) {
	var m meta
	if !b.present {
		return m, nil
	}
	raw := src[b.yamlStart:b.yamlEnd]
	if len(bytes.TrimSpace(raw)) == 0 {
		return m, nil
	}
	if err := yaml.Unmarshal(raw, &m); err != nil {
		offset := bytes.Count(src[:b.yamlStart], []byte{'\n'})
		return meta{}, fmt.Errorf("%w: %s", ErrMalformed, shiftLines(err.Error(), offset))
	}
	return m, nil
}

// shiftLines turns yaml.v3's "line N" into the file's line number.
func shiftLines(msg string, offset int) string {
	var out strings.Builder
	for {
		i := strings.Index(msg, "line ")
		if i < 0 {
			out.WriteString(msg)
			return out.String()
		}
		j := i + len("line ")
		k := j
		for k < len(msg) && msg[k] >= '0' && msg[k] <= '9' {
			k++
		}
		out.WriteString(msg[:j])
		if n, err := strconv.Atoi(msg[j:k]); err == nil {
			out.WriteString(strconv.Itoa(n + offset))
		} else {
			out.WriteString(msg[j:k])
		}
		msg = msg[k:]
	}
}

// text renders a scalar front matter value as a string ("" for nil, lists and maps).
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(x)
	case int, int64, uint64, float64, bool:
		return fmt.Sprint(x)
	default:
		return ""
	}
}

// number reads an integer written as 3, "03" or "01-03" (the last number counts).
func number(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case float64:
		return int(x), x == float64(int(x))
	case string:
		s := strings.TrimSpace(x)
		if i := strings.LastIndexAny(s, "-."); i >= 0 && strings.Count(s, "-") > 0 {
			s = s[i+1:]
		}
		n, err := strconv.Atoi(s)
		return n, err == nil
	}
	return 0, false
}

// texts reads a list of scalars, or a single scalar as a list of one.
func texts(v any) []string {
	out := []string{}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if s := text(e); s != "" {
				out = append(out, s)
			}
		}
	default:
		if s := text(x); s != "" {
			out = append(out, s)
		}
	}
	return out
}
