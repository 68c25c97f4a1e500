package planning

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// statusWord is what SetStatus accepts: a value YAML reads as a plain string, so it is written
// unquoted and the line stays as a person would write it.
var statusWord = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`)

// statusKey is a top-level `status:` key (not one nested under another key).
var statusKey = regexp.MustCompile(`^status[ \t]*:`)

// withStatus returns src with its front matter's status set to status and every other byte
// unchanged: only the status line (and the indented lines of a multi-line value under it) is
// replaced. A file without the key gets it as the front matter's last line; a file without
// front matter gets a front matter holding only the key. The result is checked to read back as
// that status, so a file this cannot edit cleanly is left alone with an error.
func withStatus(src []byte, status string) ([]byte, error) {
	if !statusWord.MatchString(status) {
		return nil, ErrBadStatus
	}
	b, err := locate(src)
	if err != nil {
		return nil, err
	}
	if _, err := parseMeta(src, b); err != nil {
		return nil, err
	}
	var out []byte
	if !b.present {
		eol := "\n"
		if bytes.Contains(src, []byte("\r\n")) {
			eol = "\r\n"
		}
		head := 0
		if bytes.HasPrefix(src, utf8BOM) {
			head = len(utf8BOM)
		}
		out = concat(src[:head], []byte("---"+eol+"status: "+status+eol+"---"+eol), src[head:])
	} else {
		out = replaceStatus(src, b, status)
	}
	nb, err := locate(out)
	if err != nil {
		return nil, fmt.Errorf("status edit broke the front matter: %w", err)
	}
	m, err := parseMeta(out, nb)
	if err != nil || text(m.Status) != status {
		return nil, fmt.Errorf("%w: status could not be set without changing other keys", ErrMalformed)
	}
	return out, nil
}

// replaceStatus rewrites or appends the status line inside a present front matter.
func replaceStatus(src []byte, b block, status string) []byte {
	for pos := b.yamlStart; pos < b.yamlEnd; {
		l, next := line(src, pos)
		if !statusKey.Match(l) {
			pos = next
			continue
		}
		// A block value (`status: |` or a value continued on indented lines) ends at the first
		// line that is not indented.
		end := next
		for end < b.yamlEnd {
			cont, after := line(src, end)
			trimmed := bytes.TrimRight(cont, "\r")
			if len(trimmed) == 0 || (trimmed[0] != ' ' && trimmed[0] != '\t') {
				break
			}
			end = after
		}
		eol := lineEnding(l, next > pos+len(l))
		return concat(src[:pos], []byte("status: "+status+eol), src[end:])
	}
	// No key: add it as the last line of the block, with the line ending the block uses.
	eol := "\n"
	if b.yamlEnd >= 2 && src[b.yamlEnd-2] == '\r' {
		eol = "\r\n"
	}
	insert := []byte("status: " + status + eol)
	if b.yamlEnd > b.yamlStart && src[b.yamlEnd-1] != '\n' {
		insert = append([]byte(eol), insert...)
	}
	return concat(src[:b.yamlEnd], insert, src[b.yamlEnd:])
}

func lineEnding(l []byte, hadNewline bool) string {
	switch {
	case !hadNewline:
		return ""
	case bytes.HasSuffix(l, []byte("\r")):
		return "\r\n"
	default:
		return "\n"
	}
}

func concat(parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]byte, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// writeAtomic replaces path's content through a temporary file in the same directory and a
// rename, so a reader (the watcher, an editor, the CLI) never sees half a file. The file keeps
// its permission bits; a symlink keeps pointing at its target, which is what gets replaced.
func writeAtomic(path string, data []byte) error {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	info, err := os.Stat(real)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(real), "."+filepath.Base(real)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), real)
}
