package webhook

import (
	"net/http"
	"strings"
	"unicode/utf8"
)

// Redacted replaces header values that must never be stored or shown.
const Redacted = "[redacted]"

// sensitiveHeaderWords: a header whose lowercase name contains one of these is redacted. Broad on
// purpose: signatures, the listener key, bearer tokens and cookies, and any vendor header that
// calls itself a secret or token.
var sensitiveHeaderWords = []string{"signature", "authorization", "api-key", "apikey", "secret", "token", "cookie", "password"}

// redactHeaders flattens headers for storage (multiple values joined with ", ") with every
// sensitive value replaced by Redacted.
func redactHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, vs := range h {
		key := http.CanonicalHeaderKey(k)
		if isSensitiveHeader(key) {
			out[key] = Redacted
			continue
		}
		out[key] = strings.Join(vs, ", ")
	}
	return out
}

func isSensitiveHeader(name string) bool {
	n := strings.ToLower(name)
	for _, w := range sensitiveHeaderWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// capPayload keeps at most PayloadCap bytes of a body, cut back to a UTF-8 boundary so the stored
// text never ends in half a character.
func capPayload(body []byte) (string, bool) {
	if len(body) <= PayloadCap {
		return string(body), false
	}
	cut := PayloadCap
	for cut > 0 && cut > PayloadCap-utf8.UTFMax && !utf8.RuneStart(body[cut]) {
		cut--
	}
	return string(body[:cut]), true
}
