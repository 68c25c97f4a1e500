package planning

import (
	"regexp"
	"strconv"
	"strings"
)

var (
	// `**Active Phase:** 3`, `- **Status**: executing`, `Phase: 2 of 4 (API)`.
	stateBold  = regexp.MustCompile(`^[ \t]*(?:[-*][ \t]+)?\*\*([^*]+?)\*\*[ \t]*:?[ \t]*(.*)$`)
	statePlain = regexp.MustCompile(`^[ \t]*(?:[-*][ \t]+)?([A-Z][A-Za-z ]{0,30}):[ \t]+(.+)$`)
	percentRe  = regexp.MustCompile(`(\d{1,3})(?:\.\d+)?[ \t]*%`)
	// "Overall: 6/6 phases complete", "3 of 8 plans complete".
	fractionRe = regexp.MustCompile(`(\d+)[ \t]*(?:/|of)[ \t]*(\d+)[ \t]+(?:phases|plans)`)
)

// parseState reads STATE.md's "Current Position" section (the whole file when it has none) and
// its progress: a percentage, or else a "6/6 phases complete" line.
func parseState(src string) State {
	st := State{Present: true, Position: []Field{}, Percent: -1}
	section := positionSection(strings.ReplaceAll(src, "\r\n", "\n"))
	for _, l := range strings.Split(section, "\n") {
		m := stateBold.FindStringSubmatch(l)
		if m == nil {
			m = statePlain.FindStringSubmatch(l)
		}
		if m == nil {
			continue
		}
		key := strings.TrimSuffix(strings.TrimSpace(m[1]), ":")
		val := strings.TrimSpace(m[2])
		if val == "" {
			continue
		}
		st.Position = append(st.Position, Field{Key: key, Value: val})
		lower := strings.ToLower(key)
		if st.Summary == "" && (lower == "progress" || lower == "overall") {
			st.Summary = val
		}
	}
	for _, text := range []string{section, src} {
		if m := percentRe.FindStringSubmatch(text); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil && n <= 100 {
				st.Percent = n
				break
			}
		}
		if m := fractionRe.FindStringSubmatch(text); m != nil {
			done, _ := strconv.Atoi(m[1])
			total, _ := strconv.Atoi(m[2])
			if total > 0 && done <= total {
				st.Percent = done * 100 / total
				if st.Summary == "" {
					st.Summary = strings.TrimSpace(m[0]) + " complete"
				}
				break
			}
		}
	}
	return st
}

// positionSection is the text under the "Current Position" heading up to the next heading of
// the same or a higher level, or the whole file when there is no such heading.
func positionSection(src string) string {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		m := heading.FindStringSubmatch(l)
		if m == nil || !strings.Contains(strings.ToLower(l), "current position") {
			continue
		}
		level := len(m[1])
		end := len(lines)
		for j := i + 1; j < len(lines); j++ {
			if h := heading.FindStringSubmatch(lines[j]); h != nil && len(h[1]) <= level {
				end = j
				break
			}
		}
		return strings.Join(lines[i+1:end], "\n")
	}
	return src
}
