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

// redactor finds secret values in a run's output. Every read is checked against every secret
// Agented knows, so each secret is looked for by one of its rarest bytes (IndexByte is vectorised
// and rarely stops on it) rather than its first, which for a key like "sk-..." stops at every
// "s". Secrets share a probe byte where they can: a read is scanned once per distinct probe, not
// once per secret, which keeps the cost flat as webhook secrets and keys add up.
type redactor struct {
	secrets []needle
	probes  []probe  // distinct probe bytes, each with the secrets looked for through it
	spans   []string // values holding a newline: they can only be redacted in whole texts
}

type needle struct {
	value []byte
	at    int // offset of the probe byte in value
}

type probe struct {
	b       byte
	needles []needle
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
		r.secrets = append(r.secrets, n)
		r.addProbe(n)
	}
	return r
}

// addProbe files n under a probe byte: among its rarest bytes, one that is already a probe if
// there is one, else the first.
func (r *redactor) addProbe(n needle) {
	rarest := 1 << 30
	for _, c := range n.value {
		rarest = min(rarest, byteCommonness(c))
	}
	first := -1
	for i, c := range n.value {
		if byteCommonness(c) != rarest {
			continue
		}
		if first < 0 {
			first = i
		}
		for k := range r.probes {
			if r.probes[k].b == c {
				n.at = i
				r.probes[k].needles = append(r.probes[k].needles, n)
				return
			}
		}
	}
	n.at = first
	r.probes = append(r.probes, probe{b: n.value[first], needles: []needle{n}})
}

// byteCommonness ranks how often a byte shows up in CLI output (JSON, English, code): a rough
// order is enough to pick a good probe. The capitals English uses least come first: a random
// 40-character key holds one of Q, Z, X, J or K 96% of the time, so most keys end up sharing
// those few probes, which ordinary output seldom contains.
func byteCommonness(c byte) int {
	switch {
	case c == ' ' || c == '"' || c == 'e' || c == 't' || c == 'a' || c == 'o' || c == 'i' || c == 'n' || c == 's':
		return 8
	case c >= 'a' && c <= 'z':
		return 7
	case c == ':' || c == ',' || c == '.' || c == '_' || c == '-' || c == '/' || c == '{' || c == '}':
		return 6
	case c >= '0' && c <= '9':
		return 5
	case strings.IndexByte("QZXJK", c) >= 0:
		return 2
	case strings.IndexByte("VWYUGBHL", c) >= 0:
		return 3
	case c >= 'A' && c <= 'Z':
		return 4
	}
	return 1
}

// in reports whether any secret occurs in data.
func (r *redactor) in(data []byte) bool {
	for i := range r.probes {
		if r.probes[i].find(data) {
			return true
		}
	}
	return false
}

// find reports whether one of the probe's secrets occurs in data: at each occurrence of the probe
// byte, each secret is compared where it would start if its probe byte were this one.
func (p *probe) find(data []byte) bool {
	for from := 0; from < len(data); {
		i := bytes.IndexByte(data[from:], p.b)
		if i < 0 {
			return false
		}
		at := from + i
		for _, n := range p.needles {
			start := at - n.at
			if start >= 0 && start+len(n.value) <= len(data) && bytes.Equal(data[start:start+len(n.value)], n.value) {
				return true
			}
		}
		from = at + 1
	}
	return false
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
