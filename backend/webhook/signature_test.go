package webhook

import (
	"strings"
	"testing"
)

func TestSignatureStatus(t *testing.T) {
	t.Parallel()
	secret, body := []byte("topsecret"), []byte(`{"a":1}`)
	good := Sign(secret, body)
	tests := []struct{ name, header, want string }{
		{"valid", good, SigValid},
		{"valid upper hex", "sha256=" + strings.ToUpper(strings.TrimPrefix(good, "sha256=")), SigValid},
		{"missing", "", SigMissing},
		{"blank", "   ", SigMissing},
		{"wrong secret", Sign([]byte("other"), body), SigInvalid},
		{"other body", Sign(secret, []byte(`{"a":2}`)), SigInvalid},
		{"no prefix", strings.TrimPrefix(good, "sha256="), SigInvalid},
		{"sha1 prefix", "sha1=" + strings.TrimPrefix(good, "sha256="), SigInvalid},
		{"short", good[:len(good)-2], SigInvalid},
		{"non-hex", "sha256=" + strings.Repeat("zz", 32), SigInvalid},
		{"odd length", good + "0", SigInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := SignatureStatus(secret, body, tt.header); got != tt.want {
				t.Fatalf("status = %s, want %s", got, tt.want)
			}
			if Verify(secret, body, tt.header) != (tt.want == SigValid) {
				t.Fatal("Verify disagrees with SignatureStatus")
			}
		})
	}
}
