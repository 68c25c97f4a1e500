package planning

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeLargeTree writes a .planning tree of phases×plans PLAN files shaped like real ones (front
// matter with must_haves, an objective, a task list), a SUMMARY for every other plan, two
// documents per phase and a ROADMAP naming every phase and plan.
func writeLargeTree(tb testing.TB, root string, phases, plans int) {
	tb.Helper()
	var rm strings.Builder
	rm.WriteString("# Roadmap: Large\n\n**Milestone:** v3.0 Scale\n\n## Phase Details\n\n")
	for ph := 1; ph <= phases; ph++ {
		fmt.Fprintf(&rm, "### Phase %d: Area %d\n**Goal**: Goal of area %d\n**Depends on**: Phase %d\n**Success Criteria**:\n  1. It works\n  2. It is fast\n\nPlans:\n", ph, ph, ph, ph-1)
		dir := filepath.Join(root, "phases", fmt.Sprintf("%02d-area-%d", ph, ph))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			tb.Fatal(err)
		}
		for _, doc := range []string{"CONTEXT", "RESEARCH"} {
			write(tb, filepath.Join(dir, fmt.Sprintf("%02d-%s.md", ph, doc)), "# "+doc+"\n\n"+strings.Repeat("Some findings. ", 200))
		}
		for p := 1; p <= plans; p++ {
			fmt.Fprintf(&rm, "- [ ] %02d-%02d: Plan %d of area %d\n", ph, p, p, ph)
			write(tb, filepath.Join(dir, fmt.Sprintf("%02d-%02d-PLAN.md", ph, p)), fmt.Sprintf(`---
phase: %02d-area-%d
plan: %02d
type: execute
wave: %d
depends_on: ["%02d-%02d"]
files_modified:
  - internal/area%d/service.go
  - internal/area%d/service_test.go
  - internal/area%d/store.go
autonomous: true
must_haves:
  truths:
    - "The service answers"
    - "Errors are wrapped"
  artifacts:
    - path: internal/area%d/service.go
      provides: the service
      min_lines: 80
  key_links:
    - from: service.go
      to: store.go
      via: Store interface
---

<objective>
Plan %d of area %d: build the service and its store.

Purpose: the next phase needs it.
Output: three files and their tests.
</objective>

<tasks>
%s</tasks>
`, ph, ph, p, (p+1)/2, ph, p-1, ph, ph, ph, ph, p, ph, strings.Repeat("<task type=\"auto\">\n  <name>Do a step</name>\n  <action>Write the code and the test.</action>\n</task>\n", 6)))
			if p%2 == 0 {
				write(tb, filepath.Join(dir, fmt.Sprintf("%02d-%02d-SUMMARY.md", ph, p)), "---\nplan: 1\n---\nDone.\n")
			}
		}
	}
	write(tb, filepath.Join(root, "ROADMAP.md"), rm.String())
	write(tb, filepath.Join(root, "STATE.md"), "## Current Position\nPhase: 3 of 50\nProgress: 5%\n")
}

func write(tb testing.TB, path, body string) {
	tb.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkParse500Plans parses a 50-phase, 500-plan tree from disk (page cache warm), which is
// what every board load and every live refresh costs. The target is at most 200 ms per parse.
func BenchmarkParse500Plans(b *testing.B) {
	root := filepath.Join(b.TempDir(), ".planning")
	writeLargeTree(b, root, 50, 10)
	board, err := Parse(root)
	if err != nil || len(board.Errors) != 0 {
		b.Fatalf("parse: %v %+v", err, board.Errors)
	}
	n := 0
	for _, ph := range board.Milestones[0].Phases {
		n += len(ph.Plans)
	}
	if n != 500 {
		b.Fatalf("plans = %d, want 500", n)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Parse(root); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/parse")
}
