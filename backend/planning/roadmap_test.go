package planning

import (
	"reflect"
	"testing"
)

func TestParseRoadmap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, title, version string
		phases                    []string // number|name|goal|dependencies|verification
		items                     int
	}{
		{
			name:    "GRD level-2 headings with colon inside the bold",
			src:     "# Agented v0.3.1\n\n## Phase 1: Setup\n**Goal:** Install\n**Dependencies:** none\n**Verification Level:** full\n## Phase 2: Ship\n**Goal:** Release\n",
			title:   "Agented v0.3.1",
			version: "v0.3.1",
			phases:  []string{"1|Setup|Install|none|full", "2|Ship|Release||"},
		},
		{
			name:    "GSD level-3 headings with the colon after the bold, version from the Milestone line",
			src:     "# Roadmap: Shop\n\n**Milestone:** v2.0 Payments\n\n## Phase Details\n\n### Phase 01: Cart\n**Goal**: Add to cart\n**Depends on**: Nothing\n\nPlans:\n- [x] 01-01: Model\n- [ ] 01-02 — UI\n- [ ] TBD\n",
			title:   "Shop",
			version: "v2.0",
			phases:  []string{"1|Cart|Add to cart|Nothing|"},
			items:   2,
		},
		{
			name:   "a level-2 heading ends a level-3 phase; a level-4 one does not",
			src:    "# R\n### Phase 1 — A\n#### Notes\n**Goal:** kept\n## Appendix\n**Goal:** not a phase goal\n",
			title:  "R",
			phases: []string{"1|A|kept||"},
		},
		{
			name:   "phases only listed in the checklist, decimal numbers, trailing hashes",
			src:    "# Plan\n- [x] **Phase 1: Alpha** - first\n- [ ] Phase 2.1: Hotfix\n## Phase 3: Gamma ##\n",
			title:  "Plan",
			phases: []string{"1|Alpha|||", "2.1|Hotfix|||", "3|Gamma|||"},
		},
		{
			name:    "version anywhere when the title and Milestone line have none; CRLF",
			src:     "# Roadmap\r\n\r\nShips as v1.4.2 in May.\r\n## Phase 1: One\r\n**Goal:** g\r\n",
			title:   "Roadmap",
			version: "v1.4.2",
			phases:  []string{"1|One|g||"},
		},
		{name: "empty file", src: "", phases: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := parseRoadmap(tt.src)
			var got []string
			items := 0
			for _, p := range r.phases {
				got = append(got, p.number+"|"+p.name+"|"+p.goal+"|"+p.dependencies+"|"+p.verification)
				items += len(p.items)
			}
			if r.title != tt.title || r.version != tt.version || !reflect.DeepEqual(got, tt.phases) || items != tt.items {
				t.Errorf("got title %q version %q phases %q items %d", r.title, r.version, got, items)
			}
		})
	}
	done := parseRoadmap("- [x] **Phase 1: A**\n- [ ] **Phase 2: B**\n").done
	if !done["1"] || done["2"] {
		t.Errorf("ticked phases = %v, want only 1", done)
	}
}

func TestParseState(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src string
		percent   int
		summary   string
		position  []Field
	}{
		{
			name:     "GSD plain keys and a bar with a percentage",
			src:      "# State\n## Current Position\n\nPhase: 2 of 4 (API)\nStatus: In progress\nProgress: [███░░] 30%\n## Next\nSomething: 90%\n",
			percent:  30,
			summary:  "[███░░] 30%",
			position: []Field{{"Phase", "2 of 4 (API)"}, {"Status", "In progress"}, {"Progress", "[███░░] 30%"}},
		},
		{
			name:     "GRD bold keys, progress as a phase count",
			src:      "## Current Position\n**Active Phase:** COMPLETE\n**Status:** done\n\nOverall: 6/6 phases complete\n",
			percent:  100,
			summary:  "6/6 phases complete",
			position: []Field{{"Active Phase", "COMPLETE"}, {"Status", "done"}, {"Overall", "6/6 phases complete"}},
		},
		{
			name:     "no position section: the whole file, no progress",
			src:      "# State\nStatus: planning\n",
			percent:  -1,
			position: []Field{{"Status", "planning"}},
		},
		{
			name:     "a percentage over 100 is not progress",
			src:      "## Current Position\nLoad: 250%\n",
			percent:  -1,
			position: []Field{{"Load", "250%"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := parseState(tt.src)
			if !st.Present || st.Percent != tt.percent || st.Summary != tt.summary || !reflect.DeepEqual(st.Position, tt.position) {
				t.Errorf("got %+v", st)
			}
		})
	}
}
