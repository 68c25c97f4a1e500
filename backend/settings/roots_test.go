package settings

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/validation"
)

func TestAllowedRootsPersistAcrossRestart(t *testing.T) {
	t.Parallel()
	d := testutil.OpenDB(t)
	ctx := context.Background()
	s, err := New(ctx, d, &events.Recorder{}, logging.Discard())
	if err != nil {
		t.Fatal(err)
	}
	if got := s.AllowedRoots(); len(got) != 0 {
		t.Fatalf("fresh roots = %v, want none", got)
	}
	got, err := s.SetAllowedRoots(ctx, []string{" /srv/work/ ", "", "/home/me/src", "/srv/work", "/home/me/src/../src"})
	want := []string{"/srv/work", "/home/me/src"}
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("set = %v, %v; want %v", got, err, want)
	}
	again, err := New(ctx, d, &events.Recorder{}, logging.Discard())
	if err != nil || !slices.Equal(again.AllowedRoots(), want) {
		t.Fatalf("after restart %v, %v", again.AllowedRoots(), err)
	}
	if got, err := again.SetAllowedRoots(ctx, nil); err != nil || len(got) != 0 || len(again.AllowedRoots()) != 0 {
		t.Fatalf("clear = %v, %v", got, err)
	}
}

func TestAllowedRootsRejected(t *testing.T) {
	t.Parallel()
	many := make([]string, MaxAllowedRoots+1)
	for i := range many {
		many[i] = fmt.Sprintf("/r%d", i)
	}
	tests := []struct {
		name  string
		roots []string
		want  string
	}{
		{"relative", []string{"/ok", "src/app"}, `"src/app" is not an absolute directory`},
		{"too long", []string{"/" + strings.Repeat("d", MaxRootLen)}, fmt.Sprintf("each directory must be at most %d characters", MaxRootLen)},
		{"too many", many, fmt.Sprintf("must hold at most %d directories", MaxAllowedRoots)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := newTestService(t)
			ctx := context.Background()
			if _, err := s.SetAllowedRoots(ctx, []string{"/kept"}); err != nil {
				t.Fatal(err)
			}
			_, err := s.SetAllowedRoots(ctx, tt.roots)
			var fe *validation.Errors
			if !errors.As(err, &fe) || fe.Fields["allowedRoots"] != tt.want {
				t.Fatalf("err = %v, want allowedRoots: %s", err, tt.want)
			}
			if got := s.AllowedRoots(); !slices.Equal(got, []string{"/kept"}) {
				t.Fatalf("a refused update changed the roots: %v", got)
			}
		})
	}
	// The root at the length cap is fine.
	if clean, errs := ValidateRoots([]string{"/" + strings.Repeat("d", MaxRootLen-1)}); errs != nil || len(clean) != 1 {
		t.Fatalf("root at the cap: %v", errs)
	}
}

func TestHandEditedRootsIgnored(t *testing.T) {
	t.Parallel()
	d := testutil.OpenDB(t)
	if _, err := d.Writer.Exec(`INSERT INTO settings(key, value, updated_at) VALUES(?, ?, '')`, keyAllowedRoots, `["relative"]`); err != nil {
		t.Fatal(err)
	}
	s, err := New(context.Background(), d, &events.Recorder{}, logging.Discard())
	if err != nil || len(s.AllowedRoots()) != 0 {
		t.Fatalf("roots = %v, %v", s.AllowedRoots(), err)
	}
}
