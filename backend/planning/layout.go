package planning

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// source is one milestone as found on disk: its ROADMAP (relative to .planning; "" when the flat
// layout has phase folders but no ROADMAP) and the folders holding its NN-slug phase folders.
type source struct {
	version   string // from the folder name in the per-milestone layout
	roadmap   string
	phaseDirs []string
}

// archivedRoadmap is the `milestones/v1.0-ROADMAP.md` form of the per-milestone layout, whose
// phases sit in `milestones/v1.0-phases/`.
var archivedRoadmap = regexp.MustCompile(`^(.+)-ROADMAP\.md$`)

// discover finds the milestones under root (.planning) in both layouts. A top-level ROADMAP.md
// that is a symlink to a milestone's ROADMAP adds the top-level phases/ folder to that milestone
// instead of making a second copy of it.
func discover(root string) ([]source, error) {
	var out []source
	byReal := map[string]int{}
	add := func(s source) {
		real := ""
		if s.roadmap != "" {
			if r, err := filepath.EvalSymlinks(filepath.Join(root, s.roadmap)); err == nil {
				real = r
			}
		}
		if i, ok := byReal[real]; ok && real != "" {
			out[i].phaseDirs = append(out[i].phaseDirs, s.phaseDirs...)
			return
		}
		if real != "" {
			byReal[real] = len(out)
		}
		out = append(out, s)
	}

	entries, err := os.ReadDir(filepath.Join(root, "milestones"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for _, e := range entries {
		name := e.Name()
		dir := "milestones/" + name
		if isDir(filepath.Join(root, dir)) {
			if isFile(filepath.Join(root, dir, "ROADMAP.md")) {
				add(source{version: name, roadmap: dir + "/ROADMAP.md", phaseDirs: []string{dir + "/phases"}})
			}
			continue
		}
		if m := archivedRoadmap.FindStringSubmatch(name); m != nil {
			add(source{version: m[1], roadmap: dir, phaseDirs: []string{"milestones/" + m[1] + "-phases"}})
		}
	}

	top := source{phaseDirs: []string{"phases"}}
	if isFile(filepath.Join(root, "ROADMAP.md")) {
		top.roadmap = "ROADMAP.md"
	}
	if top.roadmap != "" || isDir(filepath.Join(root, "phases")) {
		add(top)
	}
	return out, nil
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// sortMilestones orders milestones by version, oldest first, comparing the numbers in it as
// numbers (v0.10 after v0.9); a milestone without a version comes last.
func sortMilestones(ms []Milestone) {
	sort.SliceStable(ms, func(i, j int) bool {
		a, b := ms[i].Version, ms[j].Version
		if (a == "") != (b == "") {
			return b == ""
		}
		return versionLess(a, b)
	})
}

func versionLess(a, b string) bool {
	pa, pb := versionParts(a), versionParts(b)
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if pa[i] != pb[i] {
			return pa[i] < pb[i]
		}
	}
	if len(pa) != len(pb) {
		return len(pa) < len(pb)
	}
	return a < b
}

var digits = regexp.MustCompile(`\d+`)

func versionParts(v string) []int {
	var out []int
	for _, d := range digits.FindAllString(v, -1) {
		n, _ := strconv.Atoi(d)
		out = append(out, n)
	}
	return out
}

// phaseLess orders phase numbers numerically: 2 < 2.1 < 2.10 < 3.
func phaseLess(a, b string) bool {
	aw, af, _ := strings.Cut(a, ".")
	bw, bf, _ := strings.Cut(b, ".")
	ai, _ := strconv.Atoi(aw)
	bi, _ := strconv.Atoi(bw)
	if ai != bi {
		return ai < bi
	}
	an, _ := strconv.Atoi("0" + af)
	bn, _ := strconv.Atoi("0" + bf)
	return an < bn
}
