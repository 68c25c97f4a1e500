package planning

import (
	"regexp"
	"strings"
)

// roadmap is what a ROADMAP.md says about its milestone.
type roadmap struct {
	title   string
	version string
	phases  []roadmapPhase
	// done holds the phases the file's phase checklist ticks (`- [x] **Phase 2: …**`).
	done map[string]bool
}

type roadmapPhase struct {
	number, name, goal, dependencies, verification string
	criteria                                       []string
	items                                          []checklistItem
}

// checklistItem is a `- [x] 01-02: title` line of a phase's plan list.
type checklistItem struct {
	plan  int
	title string
	done  bool
}

var (
	// `## Phase 2: Name`, `### Phase 2.1 — Name`; the name may be followed by closing #s.
	phaseHeading = regexp.MustCompile(`^(#{2,3})[ \t]+Phase[ \t]+(\d+(?:\.\d+)?)[ \t]*[:.—–-]?[ \t]*(.*?)[ \t#]*$`)
	heading      = regexp.MustCompile(`^(#{1,6})[ \t]`)
	// `**Goal:** text`, `**Goal**: text`, `- **Depends on**: Phase 1`.
	boldKey   = regexp.MustCompile(`^[ \t]*(?:[-*][ \t]+)?\*\*([^*]+?)\*\*[ \t]*:?[ \t]*(.*)$`)
	listItem  = regexp.MustCompile(`^[ \t]*(?:\d+[.)]|[-*+])[ \t]+(.*)$`)
	checkItem = regexp.MustCompile(`^[ \t]*[-*+][ \t]+\[([ xX])\][ \t]+(.*)$`)
	// A plan reference at the start of a checklist item: `01-02`, `**01-02-PLAN.md**`, `` `2.1-03` ``.
	planRef = regexp.MustCompile("^[*`\\[]*(\\d+(?:\\.\\d+)?)-(\\d+)(?:-PLAN(?:\\.md)?)?[*`\\]]*[ \t]*(?:[:—–-][ \t]*)?(.*)$")
	// A phase in the top-level checklist: `- [x] **Phase 1: Foundation** - text`.
	phaseItem = regexp.MustCompile(`^\**Phase[ \t]+(\d+(?:\.\d+)?)[ \t]*[:.—–-]?[ \t]*([^*]*)`)
	versionRe = regexp.MustCompile(`\bv\d+\.\d+(?:\.\d+)?\b`)
)

// parseRoadmap reads a ROADMAP. It never fails: Markdown has no syntax errors, and whatever it
// does not recognise is simply not on the board.
func parseRoadmap(src string) roadmap {
	r := roadmap{done: map[string]bool{}}
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	var cur *roadmapPhase
	curLevel := 0
	inCriteria := false
	milestoneVersion := ""
	for _, l := range lines {
		if m := phaseHeading.FindStringSubmatch(l); m != nil {
			r.phases = append(r.phases, roadmapPhase{number: normalizeNumber(m[2]), name: cleanName(m[3])})
			cur, curLevel, inCriteria = &r.phases[len(r.phases)-1], len(m[1]), false
			continue
		}
		if m := heading.FindStringSubmatch(l); m != nil {
			if len(m[1]) == 1 && r.title == "" {
				r.title = titleOf(strings.TrimSpace(l[1:]))
			}
			if cur != nil && len(m[1]) <= curLevel {
				cur = nil
			}
			// A "### Success Criteria" sub-heading starts the list like the bold key does.
			inCriteria = cur != nil && strings.HasPrefix(strings.ToLower(strings.TrimLeft(l, "# \t")), "success criteria")
			continue
		}
		if m := checkItem.FindStringSubmatch(l); m != nil {
			done := m[1] != " "
			if p := phaseItem.FindStringSubmatch(m[2]); p != nil && cur == nil {
				n := normalizeNumber(p[1])
				if done {
					r.done[n] = true
				}
				r.addListedPhase(n, cleanName(p[2]))
				continue
			}
			if cur != nil {
				if ref := planRef.FindStringSubmatch(m[2]); ref != nil {
					if n, ok := number(ref[2]); ok {
						cur.items = append(cur.items, checklistItem{plan: n, title: cleanName(ref[3]), done: done})
					}
				}
				continue
			}
		}
		if m := boldKey.FindStringSubmatch(l); m != nil {
			key := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(m[1]), ":"))
			val := strings.TrimSpace(m[2])
			if cur == nil {
				if strings.HasPrefix(key, "milestone") && milestoneVersion == "" {
					milestoneVersion = versionRe.FindString(val)
				}
				continue
			}
			inCriteria = false
			switch {
			case strings.HasPrefix(key, "goal"):
				cur.goal = val
			case strings.HasPrefix(key, "depend"):
				cur.dependencies = val
			case strings.HasPrefix(key, "verification"):
				cur.verification = val
			case strings.HasPrefix(key, "success criteria"):
				inCriteria = true
				if val != "" && !strings.HasPrefix(val, "(") {
					cur.criteria = append(cur.criteria, val)
				}
			}
			continue
		}
		if cur != nil && inCriteria {
			if m := listItem.FindStringSubmatch(l); m != nil {
				cur.criteria = append(cur.criteria, strings.TrimSpace(m[1]))
			} else if strings.TrimSpace(l) != "" && !strings.HasPrefix(l, " ") {
				inCriteria = false
			}
		}
	}
	switch {
	case versionRe.MatchString(r.title):
		r.version = versionRe.FindString(r.title)
	case milestoneVersion != "":
		r.version = milestoneVersion
	default:
		r.version = versionRe.FindString(src)
	}
	return r
}

// addListedPhase records a phase the top checklist names; its details section, if any, fills it
// in later (or has already).
func (r *roadmap) addListedPhase(n, name string) {
	for i := range r.phases {
		if r.phases[i].number == n {
			if r.phases[i].name == "" {
				r.phases[i].name = name
			}
			return
		}
	}
	r.phases = append(r.phases, roadmapPhase{number: n, name: name})
}

// titleOf drops a leading "Roadmap:" from the first heading ("Roadmap: Agented" is titled "Agented").
func titleOf(h string) string {
	lower := strings.ToLower(h)
	if strings.HasPrefix(lower, "roadmap") {
		rest := strings.TrimLeft(h[len("roadmap"):], " \t:—–-")
		if rest != "" {
			return rest
		}
	}
	return h
}

// cleanName strips Markdown emphasis and a trailing " - description" separator's spaces.
func cleanName(s string) string {
	s = strings.TrimSpace(s)
	s = strings.Trim(s, "*_`")
	return strings.TrimSpace(s)
}

// normalizeNumber drops leading zeros: "01" is "1", "02.1" is "2.1".
func normalizeNumber(s string) string {
	whole, frac, hasFrac := strings.Cut(s, ".")
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	if hasFrac {
		return whole + "." + frac
	}
	return whole
}
