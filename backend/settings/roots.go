package settings

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/agented/agented/backend/validation"
)

// keyAllowedRoots holds the allowed roots as a JSON array of absolute directories.
const keyAllowedRoots = "allowed_roots"

// Limits of the allowed-roots setting.
const (
	MaxAllowedRoots = 32
	MaxRootLen      = 1024
)

// AllowedRoots returns the directories a trigger's linked directories must be inside (each root
// itself included). An empty list means any directory the system rules allow. The roots live
// beside Settings rather than in it so Settings stays a plain comparable value.
func (s *Service) AllowedRoots() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]string{}, s.roots...)
}

// SetAllowedRoots validates, cleans and stores the allowed roots; an empty list lifts the limit.
// Directories already linked outside the new roots stay linked, but their runs fail at start
// with a message naming the roots.
func (s *Service) SetAllowedRoots(ctx context.Context, roots []string) ([]string, error) {
	clean, errs := ValidateRoots(roots)
	if errs != nil {
		return s.AllowedRoots(), errs
	}
	if err := s.db.Tx(ctx, func(tx *sql.Tx) error { return putJSON(ctx, tx, keyAllowedRoots, clean) }); err != nil {
		return s.AllowedRoots(), fmt.Errorf("save allowed roots: %w", err)
	}
	s.mu.Lock()
	s.roots = clean
	s.mu.Unlock()
	s.log.InfoContext(ctx, "allowed roots updated", "roots", clean)
	return append([]string{}, clean...), nil
}

// ValidateRoots trims and cleans each root, drops empty and repeated ones, and reports the
// first problem under the field "allowedRoots".
func ValidateRoots(roots []string) ([]string, *validation.Errors) {
	errs := validation.New("settings")
	out := []string{}
	seen := map[string]bool{}
	for _, r := range roots {
		r = strings.TrimSpace(r)
		switch {
		case r == "":
			continue
		case len(r) > MaxRootLen && utf8.RuneCountInString(r) > MaxRootLen:
			errs.Add("allowedRoots", fmt.Sprintf("each directory must be at most %d characters", MaxRootLen))
			continue
		case !filepath.IsAbs(r):
			errs.Add("allowedRoots", fmt.Sprintf("%q is not an absolute directory", r))
			continue
		}
		r = filepath.Clean(r)
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	if len(out) > MaxAllowedRoots {
		errs.Add("allowedRoots", fmt.Sprintf("must hold at most %d directories", MaxAllowedRoots))
	}
	if len(errs.Fields) > 0 {
		return nil, errs
	}
	return out, nil
}

// loadRoots reads the stored roots; a hand-edited invalid value is ignored with a warning, like
// any other setting, rather than breaking start-up.
func (s *Service) loadRoots(ctx context.Context) error {
	var stored []string
	if _, err := s.getJSON(ctx, keyAllowedRoots, &stored); err != nil {
		return err
	}
	clean, errs := ValidateRoots(stored)
	if errs != nil {
		s.log.Warn("stored allowed roots invalid, ignoring them", "errors", errs.Error())
		clean = []string{}
	}
	s.roots = clean
	return nil
}
