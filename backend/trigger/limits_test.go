package trigger

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFieldCaps stores every text field at its cap and one character over it, through the
// service and real SQLite, on create and on update.
func TestFieldCaps(t *testing.T) {
	t.Parallel()
	webhook := func(tr *Trigger) { tr.TriggerSource = SourceWebhook; tr.MatchFieldPath = "a"; tr.MatchFieldValue = "b" }
	github := func(tr *Trigger) { tr.TriggerSource = SourceGitHub }
	cron := func(tr *Trigger) { tr.TriggerSource = SourceScheduled; tr.ScheduleType = "cron" }
	daily := func(tr *Trigger) { tr.TriggerSource = SourceScheduled; tr.ScheduleType = "daily" }
	tests := []struct {
		field string
		max   int
		setup func(*Trigger)
		// set puts a value of exactly n characters into the field.
		set func(tr *Trigger, n int)
		// atCapMsg is the field's message at the cap, "" when a value that long is valid.
		atCapMsg string
	}{
		{"name", MaxNameLen, nil, func(tr *Trigger, n int) { tr.Name = strings.Repeat("n", n) }, ""},
		{"description", MaxDescriptionLen, nil, func(tr *Trigger, n int) { tr.Description = strings.Repeat("d", n) }, ""},
		{"promptTemplate", MaxTemplateLen, nil, func(tr *Trigger, n int) { tr.PromptTemplate = strings.Repeat("p", n) }, ""},
		{"skillCommand", MaxSkillCommandLen, nil, func(tr *Trigger, n int) { tr.SkillCommand = "/" + strings.Repeat("s", n-1) }, ""},
		{"model", MaxModelLen, nil, func(tr *Trigger, n int) { tr.Model = strings.Repeat("m", n) }, ""},
		{"allowedTools", MaxAllowedToolsLen, nil, func(tr *Trigger, n int) { tr.AllowedTools = strings.Repeat("t", n) }, ""},
		{"matchFieldPath", MaxFieldPathLen, webhook, func(tr *Trigger, n int) { tr.MatchFieldPath = strings.Repeat("k", n) }, ""},
		{"matchFieldValue", MaxMatchValueLen, webhook, func(tr *Trigger, n int) { tr.MatchFieldValue = strings.Repeat("v", n) }, ""},
		{"textFieldPath", MaxFieldPathLen, webhook, func(tr *Trigger, n int) { tr.TextFieldPath = strings.Repeat("x", n) }, ""},
		{"detectionKeyword", MaxDetectionKeywordLen, nil, func(tr *Trigger, n int) { tr.DetectionKeyword = strings.Repeat("w", n) }, ""},
		{"githubRepoFilter", MaxRepoFilterLen, github, func(tr *Trigger, n int) { tr.GitHubRepoFilter = "o/" + strings.Repeat("r", n-2) }, ""},
		// "push" then ";push" repeated: 4 + 5k characters, 1024 at k = 204.
		{"githubEvents", MaxGitHubEventsLen, github, func(tr *Trigger, n int) {
			tr.GitHubEvents = "push" + strings.Repeat(";push", (n-4)/5) + strings.Repeat("h", (n-4)%5)
		}, ""},
		// Five fields, the last a list padded to the cap: "00 0 * * " is 9 characters, "1,1,...,1" the rest.
		{"scheduleCron", MaxScheduleCronLen, cron, func(tr *Trigger, n int) {
			m := n - 9
			tr.ScheduleCron = "00 0 * * 1" + strings.Repeat(",1", (m-1)/2) + strings.Repeat("1", (m-1)%2)
		}, ""},
		{"scheduleTime", MaxScheduleTimeLen, daily, func(tr *Trigger, n int) { tr.ScheduleTime = "09:00" + strings.Repeat("0", n-5) }, ""},
		{"scheduleTimezone", MaxScheduleTimezoneLen, daily, func(tr *Trigger, n int) { tr.ScheduleTimezone = strings.Repeat("z", n) },
			"must be an IANA time zone such as Europe/Berlin (" + strings.Repeat("z", MaxScheduleTimezoneLen) + " is unknown)"},
		{"scheduleAt", MaxScheduleAtLen, func(tr *Trigger) { tr.TriggerSource = SourceScheduled; tr.ScheduleType = "once" },
			func(tr *Trigger, n int) { tr.ScheduleAt = strings.Repeat("2", n) },
			"must be a date and time in RFC 3339, e.g. 2026-12-24T09:00:00+01:00"},
		{"missedRunPolicy", MaxEnumLen, nil, func(tr *Trigger, n int) { tr.MissedRunPolicy = strings.Repeat("m", n) }, "must be skip or run-once"},
		{"backendType", MaxEnumLen, nil, func(tr *Trigger, n int) { tr.BackendType = strings.Repeat("b", n) }, "must be one of claude, codex, gemini, opencode"},
		{"permissionProfile", MaxEnumLen, nil, func(tr *Trigger, n int) { tr.PermissionProfile = strings.Repeat("p", n) }, "must be read-only, edits or full-auto"},
		{"triggerSource", MaxEnumLen, nil, func(tr *Trigger, n int) { tr.TriggerSource = strings.Repeat("s", n) }, "must be manual, scheduled, webhook or github"},
		{"scheduleType", MaxEnumLen, func(tr *Trigger) { tr.TriggerSource = SourceScheduled }, func(tr *Trigger, n int) { tr.ScheduleType = strings.Repeat("s", n) },
			"must be daily, weekly, monthly, cron or once"},
		{"concurrencyPolicy", MaxEnumLen, nil, func(tr *Trigger, n int) { tr.ConcurrencyPolicy = strings.Repeat("c", n) }, "must be queue, skip, parallel or replace"},
	}
	s, _ := newTestService(t)
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			t.Parallel()
			build := func(n int) Trigger {
				tr := valid("caps "+tt.field, "claude")
				if tt.setup != nil {
					tt.setup(&tr)
				}
				tt.set(&tr, n)
				return tr
			}
			atCap := build(tt.max)
			if got := len([]rune(fieldValue(atCap, tt.field))); got != tt.max {
				t.Fatalf("test value has %d characters, want %d", got, tt.max)
			}
			created, err := s.Create(ctx, atCap)
			switch {
			case tt.atCapMsg == "" && err != nil:
				t.Fatalf("at the cap: %v", err)
			case tt.atCapMsg != "" && fieldErr(t, err)[tt.field] != tt.atCapMsg:
				t.Fatalf("at the cap: %v, want %q", err, tt.atCapMsg)
			}
			want := fmt.Sprintf("must be at most %d characters", tt.max)
			if _, err := s.Create(ctx, build(tt.max+1)); fieldErr(t, err)[tt.field] != want {
				t.Fatalf("one over on create: %v, want %s: %s", err, tt.field, want)
			}
			if tt.atCapMsg != "" {
				return
			}
			if got := fieldValue(created, tt.field); got != fieldValue(atCap, tt.field) {
				t.Fatalf("stored %d characters, want %d", len(got), tt.max)
			}
			over := build(tt.max + 1)
			over.ID = created.ID
			if _, err := s.Update(ctx, over); fieldErr(t, err)[tt.field] != want {
				t.Fatalf("one over on update: %v", err)
			}
			if again, _ := s.Get(ctx, created.ID); fieldValue(again, tt.field) != fieldValue(atCap, tt.field) {
				t.Fatal("a refused update changed the stored trigger")
			}
		})
	}
}

// fieldValue reads a text field by its JSON name.
func fieldValue(t Trigger, field string) string {
	return map[string]string{
		"name": t.Name, "description": t.Description, "promptTemplate": t.PromptTemplate, "skillCommand": t.SkillCommand,
		"model": t.Model, "allowedTools": t.AllowedTools, "matchFieldPath": t.MatchFieldPath, "matchFieldValue": t.MatchFieldValue,
		"textFieldPath": t.TextFieldPath, "detectionKeyword": t.DetectionKeyword, "githubRepoFilter": t.GitHubRepoFilter,
		"githubEvents": t.GitHubEvents, "scheduleCron": t.ScheduleCron, "scheduleTime": t.ScheduleTime,
		"scheduleTimezone": t.ScheduleTimezone, "backendType": t.BackendType, "permissionProfile": t.PermissionProfile,
		"triggerSource": t.TriggerSource, "scheduleType": t.ScheduleType, "concurrencyPolicy": t.ConcurrencyPolicy,
		"scheduleAt": t.ScheduleAt, "missedRunPolicy": t.MissedRunPolicy,
	}[field]
}

// TestCapsCountCharacters: a cap is in characters, so a name of 200 multi-byte letters is fine.
func TestCapsCountCharacters(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	tr := valid(strings.Repeat("é", MaxNameLen), "claude")
	if _, err := s.Create(context.Background(), tr); err != nil {
		t.Fatal(err)
	}
	tr.Name = strings.Repeat("é", MaxNameLen+1)
	if _, err := s.Create(context.Background(), tr); fieldErr(t, err)["name"] == "" {
		t.Fatalf("201 letters accepted: %v", err)
	}
}

// TestPathCaps: a linked directory's path and the number of directories are capped.
func TestPathCaps(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	ctx := context.Background()
	tr, err := s.Create(ctx, valid("paths", "claude"))
	if err != nil {
		t.Fatal(err)
	}
	// A directory whose path is exactly MaxPathLen characters, nested to respect NAME_MAX.
	deep := t.TempDir()
	for len(deep) < MaxPathLen {
		rem := MaxPathLen - len(deep)
		seg := rem - 1 // "/" + seg ends exactly at the cap
		if seg > 200 {
			seg = min(200, rem-3) // leave at least 2 for the next "/d"
		}
		deep = filepath.Join(deep, strings.Repeat("d", seg))
	}
	if err := os.MkdirAll(deep, 0o700); err != nil {
		t.Fatal(err)
	}
	if len(deep) != MaxPathLen {
		t.Fatalf("deep path has %d characters", len(deep))
	}
	if _, err := s.AddPath(ctx, tr.ID, deep); err != nil {
		t.Fatalf("path at the cap: %v", err)
	}
	over := deep + "/x"
	if _, err := s.AddPath(ctx, tr.ID, over[:MaxPathLen+1]); !errors.Is(err, ErrBadPath) ||
		!strings.Contains(err.Error(), fmt.Sprintf("must be at most %d characters", MaxPathLen)) {
		t.Fatalf("path one over: %v", err)
	}

	base := t.TempDir()
	for i := 1; i < MaxPaths; i++ { // the deep one is the first
		dir := filepath.Join(base, fmt.Sprint(i))
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if tr, err = s.AddPath(ctx, tr.ID, dir); err != nil {
			t.Fatalf("path %d: %v", i, err)
		}
	}
	extra := filepath.Join(base, "extra")
	_ = os.Mkdir(extra, 0o700)
	if _, err := s.AddPath(ctx, tr.ID, extra); !errors.Is(err, ErrBadPath) || !strings.Contains(err.Error(), fmt.Sprintf("at most %d directories", MaxPaths)) {
		t.Fatalf("path %d: %v", MaxPaths+1, err)
	}

	// An update lists the paths to reorder them; a list longer than the cap is refused before
	// any statement runs for it.
	tr.Paths = append(tr.Paths, LinkedPath{ID: 999999, Path: "/nowhere"})
	if _, err := s.Update(ctx, tr); fieldErr(t, err)["paths"] != fmt.Sprintf("must hold at most %d directories", MaxPaths) {
		t.Fatalf("update with %d paths: %v", len(tr.Paths), err)
	}
}

// TestPreviewCaps: the preview refuses inputs over the caps, and a template that would render
// past MaxPreviewLen by repeating a large sample.
func TestPreviewCaps(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	big := strings.Repeat("m", MaxSampleLen)
	tests := []struct {
		name, template, skill string
		sample                Sample
		field                 string // "" = accepted
	}{
		{"template at cap", strings.Repeat("t", MaxTemplateLen), "", Sample{}, ""},
		{"template over", strings.Repeat("t", MaxTemplateLen+1), "", Sample{}, "template"},
		{"skill at cap", "x", "/" + strings.Repeat("s", MaxSkillCommandLen-1), Sample{}, ""},
		{"skill over", "x", "/" + strings.Repeat("s", MaxSkillCommandLen), Sample{}, "skillCommand"},
		{"message at cap", "{message}", "", Sample{Message: big}, ""},
		{"message over", "{message}", "", Sample{Message: big + "m"}, "message"},
		{"pr title over", "{pr_title}", "", Sample{PRTitle: big + "m"}, "prTitle"},
		// 11 copies of a 100,000-character message pass 1 MiB.
		{"amplified", strings.Repeat("{message}", 11), "", Sample{Message: big}, "template"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := s.Preview("", tt.template, tt.skill, tt.sample)
			if tt.field == "" {
				if err != nil || p.Rendered == "" {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if msg := fieldErr(t, err)[tt.field]; msg == "" {
				t.Fatalf("err = %v, want a message on %s", err, tt.field)
			}
		})
	}
}

func TestRenderedLen(t *testing.T) {
	t.Parallel()
	v := Values{"message": "hello", "paths": "/a, /b"}
	for _, tmpl := range []string{"", "plain", "{message}", "x {message} {message} {paths} {unknown} {pr_url} y"} {
		for _, skill := range []string{"", "/s"} {
			out, _ := Render(tmpl, skill, v)
			if got := RenderedLen(tmpl, skill, v); got != len(out) {
				t.Fatalf("RenderedLen(%q, %q) = %d, Render gave %d", tmpl, skill, got, len(out))
			}
		}
	}
}
