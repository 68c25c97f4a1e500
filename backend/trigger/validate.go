package trigger

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/agented/agented/backend/agent"
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
	hhmmRe   = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)
	eventsRe = regexp.MustCompile(`^[a-z_]+(:[a-z_]+(,[a-z_]+)*)?(;[a-z_]+(:[a-z_]+(,[a-z_]+)*)?)*$`)
)

// normalize trims text fields and fills defaults, so create and update store the same shapes.
func normalize(t *Trigger) {
	for _, f := range []*string{&t.Name, &t.Description, &t.SkillCommand, &t.BackendType, &t.Model, &t.AllowedTools,
		&t.PermissionProfile, &t.TriggerSource, &t.MatchFieldPath, &t.MatchFieldValue, &t.TextFieldPath,
		&t.GitHubRepoFilter, &t.GitHubEvents, &t.ScheduleType, &t.ScheduleTime, &t.ScheduleTimezone, &t.ScheduleCron,
		&t.ConcurrencyPolicy} {
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
	if t.TriggerSource == SourceScheduled && t.ScheduleTimezone == "" && t.ScheduleType != "cron" {
		t.ScheduleTimezone = time.Local.String()
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
	if t.MaxTurns < 0 || t.MaxTurns > 1000 {
		errs.Add("maxTurns", "must be between 0 (no limit) and 1000")
	}
	if t.TimeoutSeconds < MinTimeout || t.TimeoutSeconds > MaxTimeout {
		errs.Add("timeoutSeconds", fmt.Sprintf("must be between %d and %d", MinTimeout, MaxTimeout))
	}
	if t.GraceSeconds < 1 || t.GraceSeconds > MaxGrace {
		errs.Add("sigtermGraceSeconds", fmt.Sprintf("must be between 1 and %d", MaxGrace))
	}
	if !slices.Contains([]string{PolicyQueue, PolicySkip, PolicyParallel}, t.ConcurrencyPolicy) {
		errs.Add("concurrencyPolicy", "must be queue, skip or parallel")
	}
	validateRoute(t, errs)
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

func validateSchedule(t Trigger, errs *validation.Errors) {
	switch t.ScheduleType {
	case "cron":
		if len(strings.Fields(t.ScheduleCron)) != 5 {
			errs.Add("scheduleCron", "must have 5 fields: minute hour day-of-month month day-of-week")
		}
		return
	case "daily", "weekly", "monthly":
	default:
		errs.Add("scheduleType", "must be daily, weekly, monthly or cron")
		return
	}
	if !hhmmRe.MatchString(t.ScheduleTime) {
		errs.Add("scheduleTime", "must be HH:MM (24-hour)")
	}
	if t.ScheduleType == "weekly" && (t.ScheduleDay < 0 || t.ScheduleDay > 6) {
		errs.Add("scheduleDay", "must be 0 (Monday) to 6 (Sunday)")
	}
	if t.ScheduleType == "monthly" && (t.ScheduleDay < 1 || t.ScheduleDay > 28) {
		errs.Add("scheduleDay", "must be 1 to 28")
	}
	if _, err := time.LoadLocation(t.ScheduleTimezone); err != nil || t.ScheduleTimezone == "" {
		errs.Add("scheduleTimezone", "must be an IANA time zone such as Europe/Berlin")
	}
}
