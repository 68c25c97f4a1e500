package apikey

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/internal/testutil"
)

func TestCreateAuthenticateRevoke(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	d := testutil.OpenDB(t)
	s := New(d, nil, func() time.Time { return now })
	ctx := context.Background()

	if s.Configured(ctx) {
		t.Fatal("Configured with no key")
	}
	k, err := s.Create(ctx, Input{Name: " ci ", Scope: ScopeRun})
	if err != nil {
		t.Fatal(err)
	}
	if k.Name != "ci" || !strings.HasPrefix(k.Key, secretPrefix) || len(k.Key) < 40 {
		t.Fatalf("created %+v", k)
	}
	var stored int
	if err := d.Reader.QueryRow(`SELECT COUNT(*) FROM api_keys WHERE hash = ?`, []byte(k.Key)).Scan(&stored); err != nil || stored != 0 {
		t.Fatalf("the secret itself is stored (%d, %v)", stored, err)
	}
	p, err := s.Authenticate(ctx, k.Key)
	if err != nil || p.Name != "ci" || p.Scope != ScopeRun {
		t.Fatalf("Authenticate = %+v, %v", p, err)
	}
	lastUsed := func() string {
		got, err := s.Get(ctx, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.LastUsedAt
	}
	first := lastUsed()
	if first == "" {
		t.Fatal("lastUsedAt not set by first use")
	}
	now = now.Add(30 * time.Second)
	_, _ = s.Authenticate(ctx, k.Key)
	if got := lastUsed(); got != first {
		t.Fatalf("lastUsedAt rewritten after 30 s (%s → %s): at most once a minute", first, got)
	}
	now = now.Add(31 * time.Second)
	_, _ = s.Authenticate(ctx, k.Key)
	if got := lastUsed(); got == first {
		t.Fatal("lastUsedAt not updated after a minute")
	}

	if _, err := s.Authenticate(ctx, k.Key+"x"); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("wrong key: %v", err)
	}
	if err := s.Revoke(ctx, k.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, k.Key); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("revoked key: %v, want ErrUnknownKey", err)
	}
	if err := s.Revoke(ctx, k.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("revoke twice: %v, want ErrNotFound", err)
	}
}

func TestScopeAllows(t *testing.T) {
	t.Parallel()
	tests := []struct {
		have, need Scope
		want       bool
	}{
		{ScopeRead, ScopeRead, true}, {ScopeRead, ScopeRun, false}, {ScopeRead, ScopeAdmin, false},
		{ScopeRun, ScopeRead, true}, {ScopeRun, ScopeRun, true}, {ScopeRun, ScopeAdmin, false},
		{ScopeAdmin, ScopeAdmin, true}, {"", ScopeRead, false}, {ScopeAdmin, "bogus", false},
	}
	for _, tt := range tests {
		if got := tt.have.Allows(tt.need); got != tt.want {
			t.Errorf("%q.Allows(%q) = %v, want %v", tt.have, tt.need, got, tt.want)
		}
	}
}
