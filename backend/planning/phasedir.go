package planning

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

var (
	phaseDirName = regexp.MustCompile(`^(\d+(?:\.\d+)?)-(.+)$`)
	planFile     = regexp.MustCompile(`(?i)^(\d+(?:\.\d+)?)-(\d+)-PLAN\.md$`)
	summaryFile  = regexp.MustCompile(`(?i)^(\d+(?:\.\d+)?)-(\d+)-SUMMARY\.md$`)
	// The NN- or NN-MM- prefix of a phase document's name ("01-02-PLAN.md" is a "plan").
	docPrefix = regexp.MustCompile(`^(?:\d+(?:\.\d+)?-)?(?:\d+-)?`)
)

// maxPlanBytes bounds what is read of one PLAN file: front matter and objective sit at its top,
// and a runaway file must not stall the board.
const maxPlanBytes = 1 << 20

// phaseFolder is what one NN-slug folder holds.
type phaseFolder struct {
	number string
	slug   string
	docs   []Document
	plans  []Plan
}

// readPhaseDirs lists the NN-slug folders under each of dirs (relative to root). A missing
// folder is no error: a milestone may not have planned any phase yet.
func readPhaseDirs(root string, dirs []string, errs *[]FileError) []phaseFolder {
	var out []phaseFolder
	for _, dir := range dirs {
		entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(dir)))
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				*errs = append(*errs, FileError{File: dir, Message: err.Error()})
			}
			continue
		}
		for _, e := range entries {
			m := phaseDirName.FindStringSubmatch(e.Name())
			if m == nil || !isDir(filepath.Join(root, filepath.FromSlash(dir), e.Name())) {
				continue
			}
			out = append(out, readPhaseFolder(root, path.Join(dir, e.Name()), normalizeNumber(m[1]), m[2], errs))
		}
	}
	return out
}

// readPhaseFolder reads the plans and lists the documents of one phase folder. A SUMMARY marks
// its plan as having been carried out.
func readPhaseFolder(root, rel, number, slug string, errs *[]FileError) phaseFolder {
	f := phaseFolder{number: number, slug: slug, docs: []Document{}, plans: []Plan{}}
	entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		*errs = append(*errs, FileError{File: rel, Message: err.Error()})
		return f
	}
	summaries := map[string]bool{}
	for _, e := range entries {
		if m := summaryFile.FindStringSubmatch(e.Name()); m != nil {
			summaries[planKey(m[1], m[2])] = true
		}
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.EqualFold(path.Ext(name), ".md") || strings.HasPrefix(name, ".") {
			continue
		}
		f.docs = append(f.docs, Document{Name: name, Kind: docKind(name), Path: path.Join(rel, name)})
		m := planFile.FindStringSubmatch(name)
		if m == nil {
			continue
		}
		p, err := readPlan(root, path.Join(rel, name), number, m[2])
		if err != nil {
			*errs = append(*errs, FileError{File: p.ID, Message: err.Error()})
		}
		p.HasSummary = summaries[planKey(m[1], m[2])]
		p.Status = planStatus(p.Status, p.HasSummary)
		f.plans = append(f.plans, p)
	}
	sort.SliceStable(f.plans, func(i, j int) bool { return f.plans[i].Plan < f.plans[j].Plan })
	return f
}

func planKey(phase, plan string) string {
	n, _ := number(plan)
	return normalizeNumber(phase) + "-" + fmt.Sprint(n)
}

// docKind names a document by what follows its number prefix: "01-RESEARCH.md" is "research".
func docKind(name string) string {
	base := strings.TrimSuffix(name, path.Ext(name))
	return strings.ToLower(docPrefix.ReplaceAllString(base, ""))
}

// readPlan reads one PLAN file. On a front matter error it still returns a card (numbered from
// the file name, its objective from the body) along with the error, so the board can show the
// card with the reason instead of dropping it.
func readPlan(root, rel, phase, planNum string) (Plan, error) {
	n, _ := number(planNum)
	p := Plan{ID: rel, Phase: phase, Plan: n, DependsOn: []string{}, FilesModified: []string{}}
	src, err := readCapped(filepath.Join(root, filepath.FromSlash(rel)), maxPlanBytes)
	if err != nil {
		return p, err
	}
	b, ferr := locate(src)
	body := src
	if ferr == nil {
		body = src[b.bodyStart:]
	}
	p.Objective = objective(body)
	m, merr := parseMeta(src, b)
	if ferr == nil && merr == nil {
		if v, ok := number(m.Plan); ok {
			p.Plan = v
		}
		if v, ok := number(m.Wave); ok {
			p.Wave = v
		}
		p.DependsOn = texts(m.DependsOn)
		p.FilesModified = texts(m.FilesModified)
		p.Status = text(m.Status)
		p.Title = strings.TrimSpace(m.Title)
	}
	if p.Title == "" {
		p.Title = firstLine(p.Objective)
	}
	if p.Title == "" {
		p.Title = firstHeading(body)
	}
	return p, errors.Join(ferr, merr)
}

func readCapped(p string, limit int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := bytes.Buffer{}
	_, err = buf.ReadFrom(io.LimitReader(f, limit))
	return buf.Bytes(), err
}

// objective is the text inside <objective>…</objective>, trimmed.
func objective(body []byte) string {
	start := bytes.Index(body, []byte("<objective>"))
	if start < 0 {
		return ""
	}
	rest := body[start+len("<objective>"):]
	end := bytes.Index(rest, []byte("</objective>"))
	if end < 0 {
		end = len(rest)
	}
	return strings.TrimSpace(string(rest[:end]))
}

// firstLine is the first non-empty line of s without Markdown markers, cut to 200 characters.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "#>*-"))
		if l != "" {
			return truncate(l, 200)
		}
	}
	return ""
}

func firstHeading(body []byte) string {
	for _, l := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(l, "# ") {
			return truncate(strings.TrimSpace(l[2:]), 200)
		}
	}
	return ""
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// planStatus is the status the board shows. A status written in the file wins (it is what a
// person or the board last set); without one, a SUMMARY means done and a PLAN alone is planned.
func planStatus(written string, hasSummary bool) string {
	if s := normalizeStatus(written); s != "" {
		return s
	}
	if hasSummary {
		return StatusDone
	}
	return StatusPlanned
}

// normalizeStatus maps the words planning tools write to the board's columns; any other word
// is kept (lowercase, '_' for spaces and '-') and gets a column of its own.
func normalizeStatus(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer(" ", "_", "-", "_").Replace(s)
	switch s {
	case "todo", "backlog", "idea":
		return StatusBacklog
	case "pending", "planned", "ready", "not_started", "open":
		return StatusPlanned
	case "in_progress", "inprogress", "active", "executing", "started", "wip", "doing", "running":
		return StatusInProgress
	case "in_review", "review", "reviewing", "verifying", "verification":
		return StatusInReview
	case "done", "complete", "completed", "finished", "shipped", "closed":
		return StatusDone
	}
	return s
}
