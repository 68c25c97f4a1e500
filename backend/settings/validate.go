package settings

import (
	"fmt"
	"sort"
	"strings"
)

// FieldErrors maps a JSON field name to what is wrong with it. It is returned as the error of
// Update so the UI can show each message next to its field.
type FieldErrors map[string]string

func (f FieldErrors) Error() string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+f[k])
	}
	return "invalid settings: " + strings.Join(parts, "; ")
}

// Validate checks every field and returns nil when all are valid.
func Validate(s Settings) FieldErrors {
	errs := FieldErrors{}
	between := func(field string, v, lo, hi int) {
		if v < lo || v > hi {
			errs[field] = fmt.Sprintf("must be between %d and %d", lo, hi)
		}
	}
	between("maxConcurrentRuns", s.MaxConcurrentRuns, 1, 64)
	between("retentionDays", s.RetentionDays, 1, 3650)
	between("outputCapMiB", s.OutputCapMiB, 1, 4096)
	switch s.Theme {
	case ThemeSystem, ThemeDark, ThemeLight:
	default:
		errs["theme"] = "must be system, dark or light"
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// repair replaces each invalid field with its default.
func repair(s Settings, errs FieldErrors) Settings {
	d := Defaults()
	for field := range errs {
		switch field {
		case "maxConcurrentRuns":
			s.MaxConcurrentRuns = d.MaxConcurrentRuns
		case "retentionDays":
			s.RetentionDays = d.RetentionDays
		case "outputCapMiB":
			s.OutputCapMiB = d.OutputCapMiB
		case "theme":
			s.Theme = d.Theme
		}
	}
	return s
}
