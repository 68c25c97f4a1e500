package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Headers carrying signatures.
const (
	HeaderGitHubSignature  = "X-Hub-Signature-256"
	HeaderWebhookSignature = "X-Webhook-Signature-256"
)

const signaturePrefix = "sha256="

// Sign returns the signature header value of body: "sha256=" + hex HMAC-SHA256 with secret.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return signaturePrefix + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a "sha256=<hex>" header against body. Anything malformed (no prefix, odd or
// non-hex digits, wrong length) is simply invalid; the comparison itself is constant-time so a
// caller cannot learn the expected MAC byte by byte.
func Verify(secret, body []byte, header string) bool {
	return SignatureStatus(secret, body, header) == SigValid
}

// SignatureStatus is Verify with the reason: SigMissing when the header is empty, SigInvalid when
// it is malformed or wrong, SigValid otherwise.
func SignatureStatus(secret, body []byte, header string) string {
	header = strings.TrimSpace(header)
	if header == "" {
		return SigMissing
	}
	hexPart, ok := strings.CutPrefix(header, signaturePrefix)
	if !ok || len(hexPart) != 2*sha256.Size {
		return SigInvalid
	}
	got, err := hex.DecodeString(hexPart)
	if err != nil {
		return SigInvalid
	}
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	if !hmac.Equal(got, m.Sum(nil)) {
		return SigInvalid
	}
	return SigValid
}
