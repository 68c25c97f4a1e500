package apikey

import (
	"context"
	"testing"

	"github.com/agented/agented/backend/internal/testutil"
)

// BenchmarkAuthenticate is what a named key costs each request: one indexed SQLite read (no
// cache, so a revocation is seen at once) and, at most once a minute, a lastUsedAt write.
func BenchmarkAuthenticate(b *testing.B) {
	s := New(testutil.OpenDB(b), nil, nil)
	ctx := context.Background()
	for i := range 50 { // a realistic number of other keys in the table
		if _, err := s.Create(ctx, Input{Name: "other-" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Scope: ScopeRead}); err != nil {
			b.Fatal(err)
		}
	}
	k, err := s.Create(ctx, Input{Name: "bench", Scope: ScopeRun})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Authenticate(ctx, k.Key); err != nil {
			b.Fatal(err)
		}
	}
}
