package trigger

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/schedule"
	"github.com/agented/agented/backend/validation"
)

// Limits and defaults of trigger fields.
const (
	DefaultTimeout = 600
	MinTimeout     = 60
	MaxTimeout     = 3600
	DefaultGrace   = 10
	MaxGrace       = 300
)

var (
	eventsRe = regexp.MustCompile(`^[a-z_]+(:[a-z_]+(,[a-z_]+)*)?(;[a-z_]+(:[a-z_]+(,[a-z_]+)*)?)*$`)
)

// normalize trims text fields and fills defaults, so create and update store the same shapes.
func normalize(t *Trigger) {
	normalizeGuards(t)
	for _, f := range []*string{&t.Name, &t.Description, &t.SkillCommand, &t.BackendType, &t.Model, &t.AllowedTools,
		&t.PermissionProfile, &t.TriggerSource, &t.MatchFieldPath, &t.MatchFieldValue, &t.TextFieldPath,
		&t.GitHubRepoFilter, &t.GitHubEvents, &t.ScheduleType, &t.ScheduleTime, &t.ScheduleTimezone, &t.ScheduleCron,
		&t.ScheduleAt, &t.MissedRunPolicy, &t.ConcurrencyPolicy} {
		*f = strings.TrimSpace(*f)
	}
	if t.BackendType == "" {
		t.BackendType = agent.Claude
	}
	if t.PermissionProfile == "" {
		t.PermissionProfile = agent.ProfileReadOnly
	}
	if t.TriggerSource == "" {
		t.TriggerSource = SourceManual
	}
	if t.TextFieldPath == "" {
		t.TextFieldPath = "text"
	}
	if t.TimeoutSeconds == 0 {
		t.TimeoutSeconds = DefaultTimeout
	}
	if t.GraceSeconds == 0 {
		t.GraceSeconds = DefaultGrace
	}
	if t.ConcurrencyPolicy == "" {
		t.ConcurrencyPolicy = PolicyQueue
	}
	if t.TriggerSource == SourceGitHub && t.GitHubEvents == "" {
		t.GitHubEvents = "pull_request:opened,synchronize,reopened"
	}
	normalizeRoute(t)
	normalizeGitHub(t)
	normalizeProjects(t)
	// "Local" is what earlier versions stored for the machine's zone.
	if t.TriggerSource == SourceScheduled && (t.ScheduleTimezone == "" || t.ScheduleTimezone == "Local") {
		t.ScheduleTimezone = schedule.LocalZone()
	}
	if t.MissedRunPolicy == "" {
		t.MissedRunPolicy = schedule.MissedSkip
	}
}

// Validate checks a normalized trigger. The same rules apply on create and update.
func Validate(t Trigger) error {
	errs := validation.New("trigger")
	// Sizes first, and alone: the other rules (regular expressions, time zone lookup) should
	// never spend time on a value that is refused anyway.
	if checkCaps(t, errs); errs.Err() != nil {
		return errs
	}
	if t.Name == "" {
		errs.Add("name", "is required")
	}
	if strings.TrimSpace(t.PromptTemplate) == "" {
		errs.Add("promptTemplate", "is required")
	}
	if !slices.Contains(agent.Backends, t.BackendType) {
		errs.Add("backendType", "must be one of "+strings.Join(agent.Backends, ", "))
	}
	if !slices.Contains([]string{agent.ProfileReadOnly, agent.ProfileEdits, agent.ProfileFullAuto}, t.PermissionProfile) {
		errs.Add("permissionProfile", "must be read-only, edits or full-auto")
	}
	if strings.ContainsAny(t.Model, " \t\r\n") {
		errs.Add("model", "must be a model name without spaces")
	}
	if strings.ContainsAny(t.AllowedTools, "\r\n") {
		errs.Add("allowedTools", "must be a single line of tool names")
	}
	if strings.ContainsAny(t.SkillCommand, "\r\n") {
		errs.Add("skillCommand", "must be a single line")
	}
	validateGuards(t, errs)
	if t.MaxTurns < 0 || t.MaxTurns > 1000 {
		errs.Add("maxTurns", "must be between 0 (no limit) and 1000")
	}
	if t.TimeoutSeconds < MinTimeout || t.TimeoutSeconds > MaxTimeout {
		errs.Add("timeoutSeconds", fmt.Sprintf("must be between %d and %d", MinTimeout, MaxTimeout))
	}
	if t.GraceSeconds < 1 || t.GraceSeconds > MaxGrace {
		errs.Add("sigtermGraceSeconds", fmt.Sprintf("must be between 1 and %d", MaxGrace))
	}
	if !slices.Contains(Policies, t.ConcurrencyPolicy) {
		errs.Add("concurrencyPolicy", "must be queue, skip, parallel or replace")
	}
	if t.MissedRunPolicy != schedule.MissedSkip && t.MissedRunPolicy != schedule.MissedRunOnce {
		errs.Add("missedRunPolicy", "must be skip or run-once")
	}
	validateRoute(t, errs)
	validateGitHub(t, errs)
	validateProjects(t, errs)
	switch t.TriggerSource {
	case SourceManual:
	case SourceWebhook:
		if (t.MatchFieldPath == "") != (t.MatchFieldValue == "") {
			field := "matchFieldValue"
			if t.MatchFieldPath == "" {
				field = "matchFieldPath"
			}
			errs.Add(field, "match field path and value must be set together")
		}
	case SourceGitHub:
		if t.GitHubRepoFilter != "" {
			if _, err := path.Match(t.GitHubRepoFilter, "owner/repo"); err != nil || !strings.Contains(t.GitHubRepoFilter, "/") {
				errs.Add("githubRepoFilter", "must be owner/repo, globs allowed (e.g. my-org/*)")
			}
		}
		if !eventsRe.MatchString(t.GitHubEvents) {
			errs.Add("githubEvents", "must look like pull_request:opened,synchronize;push")
		}
	case SourceScheduled:
		validateSchedule(t, errs)
	default:
		errs.Add("triggerSource", "must be manual, scheduled, webhook or github")
	}
	return errs.Err()
}

// ScheduleSpec returns the trigger's schedule fields.
func (t Trigger) ScheduleSpec() schedule.Spec {
	return schedule.Spec{Type: t.ScheduleType, Time: t.ScheduleTime, Day: t.ScheduleDay, Timezone: t.ScheduleTimezone,
		Cron: t.ScheduleCron, At: t.ScheduleAt}
}

func validateSchedule(t Trigger, errs *validation.Errors) {
	if _, err := schedule.Parse(t.ScheduleSpec()); err != nil {
		var fe *schedule.FieldError
		if errors.As(err, &fe) {
			errs.Add(fe.Field, fe.Msg)
		} else {
			errs.Add("scheduleType", err.Error())
		}
	}
}

// checkScheduleAt refuses a once trigger whose moment has passed, unless the moment is the one
// already stored: a once trigger that has fired can still be renamed or disabled.
func checkScheduleAt(t Trigger, stored string, now time.Time) error {
	if t.TriggerSource != SourceScheduled || t.ScheduleType != schedule.TypeOnce || t.ScheduleAt == stored {
		return nil
	}
	at, err := time.Parse(time.RFC3339, t.ScheduleAt)
	if err != nil || at.After(now) {
		return nil // a parse error was reported by Validate
	}
	errs := validation.New("trigger")
	errs.Add("scheduleAt", "is in the past; pick a moment after "+now.In(at.Location()).Format("2006-01-02 15:04"))
	return errs
}
