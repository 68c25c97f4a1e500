package execution

import (
	"bytes"
	"slices"
	"strings"
)

// redactedMark replaces a secret wherever it would be shown or stored.
const redactedMark = "[REDACTED]"

// minSecretLen: shorter values would redact ordinary words.
const minSecretLen = 4

// redactor finds a run's secret values in its output. Every read is checked against every
// secret, so each secret is looked for by its rarest byte (IndexByte is vectorised and rarely
// stops on it) rather than its first, which for a key like "sk-..." stops at every "s".
type redactor struct {
	secrets []needle
	spans   []string // values holding a newline: they can only be redacted in whole texts
}

type needle struct {
	value []byte
	at    int  // offset of the probe byte in value
	probe byte // the byte of value least likely in ordinary output
}

func newRedactor(secrets []string) *redactor {
	r := &redactor{}
	// Longest first, so a secret containing another is replaced whole, not around the shorter.
	secrets = slices.Clone(secrets)
	slices.SortFunc(secrets, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	secrets = slices.Compact(secrets)
	for _, s := range secrets {
		if len(s) < minSecretLen {
			continue
		}
		if strings.Contains(s, "\n") { // cannot occur within a line
			r.spans = append(r.spans, s)
			continue
		}
		n := needle{value: []byte(s)}
		for i := range len(s) {
			if byteCommonness(s[i]) < byteCommonness(n.probe) || i == 0 {
				n.at, n.probe = i, s[i]
			}
		}
		r.secrets = append(r.secrets, n)
	}
	return r
}

// byteCommonness ranks how often a byte shows up in CLI output (JSON, English, code): a rough
// order is enough to pick a good probe.
func byteCommonness(c byte) int {
	switch {
	case c == ' ' || c == '"' || c == 'e' || c == 't' || c == 'a' || c == 'o' || c == 'i' || c == 'n' || c == 's':
		return 6
	case c >= 'a' && c <= 'z':
		return 5
	case c == ':' || c == ',' || c == '.' || c == '_' || c == '-' || c == '/' || c == '{' || c == '}':
		return 4
	case c >= '0' && c <= '9':
		return 3
	case c >= 'A' && c <= 'Z':
		return 2
	}
	return 1
}

// in reports whether any secret occurs in data.
func (r *redactor) in(data []byte) bool {
	for i := range r.secrets {
		if r.secrets[i].index(data) >= 0 {
			return true
		}
	}
	return false
}

func (n *needle) index(data []byte) int {
	for from := n.at; from < len(data); {
		i := bytes.IndexByte(data[from:], n.probe)
		if i < 0 {
			return -1
		}
		start := from + i - n.at
		if start+len(n.value) <= len(data) && bytes.Equal(data[start:start+len(n.value)], n.value) {
			return start
		}
		from += i + 1
	}
	return -1
}

// bytes returns data with every secret replaced; data itself is not modified.
func (r *redactor) bytes(data []byte) []byte {
	for _, n := range r.secrets {
		data = bytes.ReplaceAll(data, n.value, []byte(redactedMark))
	}
	return data
}

// text is bytes for a string (argv, evidence, Agented's own lines).
func (r *redactor) text(s string) string {
	for _, n := range r.secrets {
		s = strings.ReplaceAll(s, string(n.value), redactedMark)
	}
	for _, v := range r.spans {
		s = strings.ReplaceAll(s, v, redactedMark)
	}
	return s
}
