package planning

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseFlatLayout(t *testing.T) {
	t.Parallel()
	b, err := Parse("testdata/flat/.planning")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Milestones) != 1 {
		t.Fatalf("milestones = %d, want 1", len(b.Milestones))
	}
	m := b.Milestones[0]
	if m.Version != "v1.1" || m.Title != "Taskline" {
		t.Errorf("milestone = %q %q, want v1.1 Taskline", m.Version, m.Title)
	}
	var numbers []string
	for _, ph := range m.Phases {
		numbers = append(numbers, ph.Number+" "+ph.Name+" "+ph.Status)
	}
	want := []string{
		"1 Foundation in_progress", "2 API authentication pending", "2.1 Token hotfix in_progress",
		"3 Observability pending", "4 Billing pending",
	}
	if !reflect.DeepEqual(numbers, want) {
		t.Errorf("phases = %q\nwant %q", numbers, want)
	}
	p1 := findPhase(t, m, "1")
	if p1.Goal != "A running server with a migrated database and typed config." || p1.Dependencies != "Nothing (first phase)" ||
		p1.VerificationLevel != "sanity" || len(p1.SuccessCriteria) != 3 {
		t.Errorf("phase 1 details = %+v", p1)
	}
	kinds := []string{}
	for _, d := range p1.Documents {
		kinds = append(kinds, d.Kind)
	}
	if !reflect.DeepEqual(kinds, []string{"plan", "summary", "plan", "context", "research", "verification"}) {
		t.Errorf("phase 1 document kinds = %q", kinds)
	}

	tests := []struct {
		id, title, status string
		wave              int
		dependsOn, files  []string
		summary           bool
	}{
		{"phases/01-foundation/01-01-PLAN.md", "Database schema and migrations", StatusDone, 1, []string{}, []string{"db/schema.sql", "db/migrate.go"}, true},
		{"phases/01-foundation/01-02-PLAN.md", "Typed config loader with errors that name the key.", StatusInProgress, 2, []string{"01-01"}, []string{"config/config.go", "config/config_test.go"}, false},
		// Malformed front matter: still a card, from the file name and the objective.
		{"phases/02-api-auth/02-01-PLAN.md", "Token model: create, hash, revoke.", StatusPlanned, 0, []string{}, []string{}, false},
		// No front matter, CRLF line endings.
		{"phases/02-api-auth/02-02-PLAN.md", "Session cookies for the web UI.", StatusPlanned, 0, []string{}, []string{}, false},
		// Only named by the ROADMAP checklist.
		{"ROADMAP.md#2-03", "Rate limits per token", StatusBacklog, 0, []string{}, []string{}, false},
		// A title key, a single file as a scalar, "Review" normalised.
		{"phases/02.1-token-hotfix/02.1-01-PLAN.md", "Rotate leaked tokens", StatusInReview, 1, []string{}, []string{"api/rotate.go"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			p := findPlan(t, b, tt.id)
			if p.Title != tt.title || p.Status != tt.status || p.Wave != tt.wave || p.HasSummary != tt.summary ||
				!reflect.DeepEqual(p.DependsOn, tt.dependsOn) || !reflect.DeepEqual(p.FilesModified, tt.files) {
				t.Errorf("got %+v", p)
			}
		})
	}
	if len(b.Errors) != 1 || b.Errors[0].File != "phases/02-api-auth/02-01-PLAN.md" ||
		!strings.Contains(b.Errors[0].Message, "line ") || !strings.Contains(b.Errors[0].Message, "not valid YAML") {
		t.Errorf("errors = %+v, want the malformed PLAN with a line number", b.Errors)
	}
}

func TestParseMilestoneLayout(t *testing.T) {
	t.Parallel()
	b, err := Parse("testdata/milestones/.planning")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Errors) != 0 {
		t.Errorf("errors = %+v", b.Errors)
	}
	// The top-level ROADMAP.md is a symlink to v0.2.0's: two milestones, not three.
	var got []string
	for _, m := range b.Milestones {
		got = append(got, m.Version+" "+m.Title)
	}
	if !reflect.DeepEqual(got, []string{"v0.1.0 Agented v0.1.0 — Production Hardening", "v0.2.0 v0.2.0 Desktop"}) {
		t.Fatalf("milestones = %q", got)
	}
	v1 := b.Milestones[0]
	if p := findPhase(t, v1, "1"); p.Status != PhaseDone || p.VerificationLevel != "proxy" || len(p.SuccessCriteria) != 1 {
		t.Errorf("v0.1.0 phase 1 = %+v", p)
	}
	v2 := b.Milestones[1]
	shell := findPhase(t, v2, "1")
	if shell.Status != PhaseInProgress || len(shell.Plans) != 2 {
		t.Errorf("v0.2.0 phase 1 = %+v", shell)
	}
	// Phase 2's folder sits in the top-level phases/, which belongs to the symlinked milestone.
	projects := findPhase(t, v2, "2")
	if len(projects.Plans) != 2 || projects.Plans[0].ID != "phases/02-projects/02-01-PLAN.md" ||
		projects.Plans[0].Title != "Project CRUD with field errors" || projects.Plans[1].Status != StatusDone ||
		projects.Plans[1].ID != "milestones/v0.2.0/ROADMAP.md#2-02" {
		t.Errorf("v0.2.0 phase 2 plans = %+v", projects.Plans)
	}
	if len(projects.Documents) != 2 || projects.Documents[1].Path != "phases/02-projects/02-RESEARCH.md" {
		t.Errorf("v0.2.0 phase 2 documents = %+v", projects.Documents)
	}
}

func TestParseBadTrees(t *testing.T) {
	t.Parallel()
	if _, err := Parse(filepath.Join(t.TempDir(), ".planning")); !errors.Is(err, ErrNoPlanning) {
		t.Errorf("missing .planning: err = %v, want ErrNoPlanning", err)
	}
	file := filepath.Join(t.TempDir(), ".planning")
	if err := os.WriteFile(file, []byte("not a folder"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(file); !errors.Is(err, ErrNoPlanning) {
		t.Errorf(".planning is a file: err = %v, want ErrNoPlanning", err)
	}

	root := filepath.Join(t.TempDir(), ".planning")
	dir := filepath.Join(root, "phases", "01-x")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"01-01-PLAN.md": "---\nplan: 1\nstatus: done\n\nno closing line\n",
		"01-03-PLAN.md": "---\nplan: [1\n---\n",
		"notes.txt":     "ignored",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("gone.md", filepath.Join(dir, "01-02-PLAN.md")); err != nil {
		t.Fatal(err)
	}
	b, err := Parse(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Milestones) != 1 || len(b.Milestones[0].Phases) != 1 || len(b.Milestones[0].Phases[0].Plans) != 3 {
		t.Fatalf("board = %+v, want one phase with three cards", b)
	}
	msgs := map[string]string{}
	for _, e := range b.Errors {
		msgs[e.File] = e.Message
	}
	want := map[string]string{
		"phases/01-x/01-01-PLAN.md": "no closing ---",
		"phases/01-x/01-02-PLAN.md": "no such file",
		"phases/01-x/01-03-PLAN.md": "not valid YAML",
	}
	for file, part := range want {
		if !strings.Contains(msgs[file], part) {
			t.Errorf("error for %s = %q, want it to mention %q", file, msgs[file], part)
		}
	}
	// The unclosed front matter is not trusted: its status line is not read.
	if p := findPlan(t, b, "phases/01-x/01-01-PLAN.md"); p.Status != StatusPlanned || p.Title != "Plan 1-01" {
		t.Errorf("unclosed plan = %+v", p)
	}
}

func TestNormalizeStatus(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"": "", "TODO": StatusBacklog, "pending": StatusPlanned, "In Progress": StatusInProgress,
		"in-progress": StatusInProgress, "executing": StatusInProgress, "Review": StatusInReview,
		"completed": StatusDone, "Done": StatusDone, "blocked": "blocked", "On Hold": "on_hold",
	}
	for in, want := range tests {
		if got := normalizeStatus(in); got != want {
			t.Errorf("normalizeStatus(%q) = %q, want %q", in, got, want)
		}
	}
	if got := planStatus("", true); got != StatusDone {
		t.Errorf("summary without status = %q, want done", got)
	}
	if got := planStatus("in_progress", true); got != StatusInProgress {
		t.Errorf("written status with summary = %q, want the written one", got)
	}
}

func TestVersionAndPhaseOrder(t *testing.T) {
	t.Parallel()
	ms := []Milestone{{Version: ""}, {Version: "v0.10.0"}, {Version: "v0.9.1"}, {Version: "v1.0"}, {Version: "v0.9"}}
	sortMilestones(ms)
	var got []string
	for _, m := range ms {
		got = append(got, m.Version)
	}
	if !reflect.DeepEqual(got, []string{"v0.9", "v0.9.1", "v0.10.0", "v1.0", ""}) {
		t.Errorf("order = %q", got)
	}
	if !phaseLess("2", "2.1") || !phaseLess("2.1", "2.10") || !phaseLess("2.10", "3") || phaseLess("10", "9") {
		t.Error("phaseLess does not order numerically")
	}
}
