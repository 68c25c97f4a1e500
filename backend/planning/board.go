package planning

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// maxRoadmapBytes bounds one ROADMAP or STATE read; real ones are tens of kilobytes.
const maxRoadmapBytes = 4 << 20

// Parse reads the .planning directory at root into a board. Only a root that cannot be read at
// all is an error: a file that cannot be read or parsed is listed in Board.Errors (its plan still
// gets a card, marked by the error) and everything else is still parsed.
func Parse(root string) (Board, error) {
	board := Board{Milestones: []Milestone{}, Errors: []FileError{}}
	st, err := os.Stat(root)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && !st.IsDir()) {
		return board, ErrNoPlanning
	}
	if err != nil {
		return board, fmt.Errorf("read .planning: %w", err)
	}
	sources, err := discover(root)
	if err != nil {
		return board, fmt.Errorf("read .planning: %w", err)
	}
	for _, s := range sources {
		board.Milestones = append(board.Milestones, buildMilestone(root, s, &board.Errors))
	}
	sortMilestones(board.Milestones)
	return board, nil
}

// buildMilestone joins a ROADMAP's phases with the phase folders: a phase named in the ROADMAP
// without a folder has no plans yet, a folder the ROADMAP does not name is still shown (named
// after its slug), and the plans a checklist names without a PLAN file are shown as backlog.
func buildMilestone(root string, s source, errs *[]FileError) Milestone {
	ms := Milestone{Version: s.version, Phases: []Phase{}}
	var rm roadmap
	if s.roadmap != "" {
		src, err := readCapped(filepath.Join(root, filepath.FromSlash(s.roadmap)), maxRoadmapBytes)
		if err != nil {
			*errs = append(*errs, FileError{File: s.roadmap, Message: err.Error()})
		}
		rm = parseRoadmap(string(src))
		ms.Title = rm.title
		if ms.Version == "" {
			ms.Version = rm.version
		}
	}
	byNumber := map[string]*Phase{}
	order := []string{}
	phaseOf := func(n string) *Phase {
		if p, ok := byNumber[n]; ok {
			return p
		}
		p := &Phase{Number: n, Documents: []Document{}, Plans: []Plan{}, SuccessCriteria: []string{}}
		byNumber[n] = p
		order = append(order, n)
		return p
	}
	for _, rp := range rm.phases {
		p := phaseOf(rp.number)
		p.Name, p.Goal, p.Dependencies, p.VerificationLevel = rp.name, rp.goal, rp.dependencies, rp.verification
		p.SuccessCriteria = append(p.SuccessCriteria, rp.criteria...)
	}
	for _, f := range readPhaseDirs(root, s.phaseDirs, errs) {
		p := phaseOf(f.number)
		if p.Name == "" {
			p.Name = slugName(f.slug)
		}
		p.Documents = append(p.Documents, f.docs...)
		p.Plans = append(p.Plans, f.plans...)
	}
	for _, rp := range rm.phases {
		addChecklist(byNumber[rp.number], rp.items, s.roadmap)
	}
	sort.SliceStable(order, func(i, j int) bool { return phaseLess(order[i], order[j]) })
	for _, n := range order {
		p := byNumber[n]
		for i := range p.Plans {
			if p.Plans[i].Title == "" {
				p.Plans[i].Title = fmt.Sprintf("Plan %s-%02d", p.Number, p.Plans[i].Plan)
			}
		}
		p.Status = phaseStatus(p.Plans, rm.done[n])
		ms.Phases = append(ms.Phases, *p)
	}
	return ms
}

// addChecklist gives untitled plans the checklist's title and adds the checklist's plans that
// have no PLAN file yet.
func addChecklist(p *Phase, items []checklistItem, roadmapPath string) {
	for _, it := range items {
		found := false
		for i := range p.Plans {
			if p.Plans[i].Plan == it.plan {
				found = true
				if p.Plans[i].Title == "" {
					p.Plans[i].Title = it.title
				}
			}
		}
		if found {
			continue
		}
		status := StatusBacklog
		if it.done {
			status = StatusDone
		}
		p.Plans = append(p.Plans, Plan{
			ID: fmt.Sprintf("%s#%s-%02d", roadmapPath, p.Number, it.plan), Phase: p.Number, Plan: it.plan,
			Title: it.title, Status: status, DependsOn: []string{}, FilesModified: []string{},
		})
	}
	sort.SliceStable(p.Plans, func(i, j int) bool { return p.Plans[i].Plan < p.Plans[j].Plan })
}

// phaseStatus: done when every plan is done (or, with no plans, when the ROADMAP ticks it), in
// progress once any plan has moved past planned, else pending.
func phaseStatus(plans []Plan, ticked bool) string {
	if len(plans) == 0 {
		if ticked {
			return PhaseDone
		}
		return PhasePending
	}
	done, moved := 0, false
	for _, p := range plans {
		switch p.Status {
		case StatusDone:
			done++
			moved = true
		case StatusBacklog, StatusPlanned:
		default:
			moved = true
		}
	}
	switch {
	case done == len(plans):
		return PhaseDone
	case moved:
		return PhaseInProgress
	}
	return PhasePending
}

// slugName turns a folder slug into a name: "api-auth" is "Api auth".
func slugName(slug string) string {
	s := strings.ReplaceAll(slug, "-", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
