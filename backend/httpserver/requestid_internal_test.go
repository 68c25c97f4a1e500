package httpserver

import (
	"strings"
	"testing"
)

func FuzzRequestID(f *testing.F) {
	for _, s := range []string{"", "abc", "7b0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3", "a\nb", `x","level":"ERROR`, strings.Repeat("z", 200), "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		id := requestID(in)
		if !validRequestID(id) {
			t.Fatalf("requestID(%q) = %q, not a valid id", in, id)
		}
		if validRequestID(in) != (id == in) {
			t.Fatalf("requestID(%q) = %q: valid ids must be kept, others replaced", in, id)
		}
	})
}
