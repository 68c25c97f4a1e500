package trigger

import (
	"fmt"
	"unicode/utf8"

	"github.com/agented/agented/backend/validation"
)

// Size caps of the text a trigger holds, in characters. Every enabled webhook trigger's match
// path and value are read and compared on every delivery, and every field is stored, listed and
// copied into each run's snapshot, so a field without a cap lets one oversized definition slow
// down or bloat everything else. The caps are generous for any real use. The editor mirrors them
// (frontend/src/constants/triggers.ts) as maxlength attributes.
const (
	MaxNameLen             = 200
	MaxDescriptionLen      = 4096
	MaxTemplateLen         = 100_000
	MaxSkillCommandLen     = 256
	MaxModelLen            = 200
	MaxAllowedToolsLen     = 2000
	MaxFieldPathLen        = 256 // matchFieldPath, textFieldPath: dotted JSON paths
	MaxMatchValueLen       = 4096
	MaxDetectionKeywordLen = 256
	MaxRepoFilterLen       = 256 // GitHub allows 39 + 1 + 100 characters for owner/repo
	MaxGitHubEventsLen     = 1024
	MaxScheduleCronLen     = 256
	MaxScheduleTimezoneLen = 64 // the longest IANA name is about 30 characters
	MaxScheduleTimeLen     = 5  // HH:MM
	MaxScheduleAtLen       = 64 // RFC 3339 with fractions and offset is about 35
	MaxEnumLen             = 32 // backendType, permissionProfile, triggerSource, scheduleType, concurrencyPolicy, missedRunPolicy
	MaxPathLen             = 1024
	MaxPaths               = 32
	// MaxSampleLen caps each value of a preview's sample; MaxPreviewLen caps the rendered text,
	// since a template repeating {message} multiplies the sample's size.
	MaxSampleLen  = MaxTemplateLen
	MaxPreviewLen = 1 << 20
)

// tooLong reports whether s has more than n characters. The byte length is checked first: it is
// an upper bound of the character count, so a short string costs nothing to count.
func tooLong(s string, n int) bool {
	return len(s) > n && utf8.RuneCountInString(s) > n
}

// capMessage is the field message of a value over its cap.
func capMessage(n int) string { return fmt.Sprintf("must be at most %d characters", n) }

// checkCaps adds a field error for every text field over its cap. It runs before the other
// rules, whose messages ("must be one of...") would hide that the value is simply too long.
func checkCaps(t Trigger, errs *validation.Errors) {
	fields := []struct {
		name  string
		value string
		max   int
	}{
		{"name", t.Name, MaxNameLen},
		{"description", t.Description, MaxDescriptionLen},
		{"promptTemplate", t.PromptTemplate, MaxTemplateLen},
		{"skillCommand", t.SkillCommand, MaxSkillCommandLen},
		{"backendType", t.BackendType, MaxEnumLen},
		{"model", t.Model, MaxModelLen},
		{"allowedTools", t.AllowedTools, MaxAllowedToolsLen},
		{"permissionProfile", t.PermissionProfile, MaxEnumLen},
		{"triggerSource", t.TriggerSource, MaxEnumLen},
		{"matchFieldPath", t.MatchFieldPath, MaxFieldPathLen},
		{"matchFieldValue", t.MatchFieldValue, MaxMatchValueLen},
		{"textFieldPath", t.TextFieldPath, MaxFieldPathLen},
		{"detectionKeyword", t.DetectionKeyword, MaxDetectionKeywordLen},
		{"githubRepoFilter", t.GitHubRepoFilter, MaxRepoFilterLen},
		{"githubEvents", t.GitHubEvents, MaxGitHubEventsLen},
		{"scheduleType", t.ScheduleType, MaxEnumLen},
		{"scheduleTime", t.ScheduleTime, MaxScheduleTimeLen},
		{"scheduleTimezone", t.ScheduleTimezone, MaxScheduleTimezoneLen},
		{"scheduleCron", t.ScheduleCron, MaxScheduleCronLen},
		{"scheduleAt", t.ScheduleAt, MaxScheduleAtLen},
		{"missedRunPolicy", t.MissedRunPolicy, MaxEnumLen},
		{"concurrencyPolicy", t.ConcurrencyPolicy, MaxEnumLen},
	}
	for _, f := range fields {
		if tooLong(f.value, f.max) {
			errs.Add(f.name, capMessage(f.max))
		}
	}
	if len(t.Paths) > MaxPaths {
		errs.Add("paths", fmt.Sprintf("must hold at most %d directories", MaxPaths))
	}
	for _, p := range t.Paths {
		if tooLong(p.Path, MaxPathLen) {
			errs.Add("paths", fmt.Sprintf("each directory must be at most %d characters", MaxPathLen))
		}
	}
}

// checkSample caps a preview's inputs: the template and skill command like a trigger's, each
// sample value at MaxSampleLen.
func checkSample(template, skillCommand string, s Sample) error {
	errs := validation.New("preview")
	for _, f := range []struct {
		name  string
		value string
		max   int
	}{
		{"template", template, MaxTemplateLen},
		{"skillCommand", skillCommand, MaxSkillCommandLen},
		{"message", s.Message, MaxSampleLen},
		{"paths", s.Paths, MaxSampleLen},
		{"prUrl", s.PRURL, MaxSampleLen},
		{"prNumber", s.PRNumber, MaxSampleLen},
		{"prTitle", s.PRTitle, MaxSampleLen},
		{"prAuthor", s.PRAuthor, MaxSampleLen},
		{"repoUrl", s.RepoURL, MaxSampleLen},
		{"repoFullName", s.RepoFullName, MaxSampleLen},
	} {
		if tooLong(f.value, f.max) {
			errs.Add(f.name, capMessage(f.max))
		}
	}
	return errs.Err()
}
