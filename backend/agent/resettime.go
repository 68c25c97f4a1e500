package agent

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The CLIs say when a limit resets in their own words; these turn them into RFC 3339 UTC.
// "Local" times are read in the location of now(), which is time.Local in production: the CLI
// runs on this machine and formats in its zone.

var (
	// claude: "You've hit your session limit · resets 3pm (Europe/Paris)", "resets 3:30pm",
	// "resets Dec 5, 3pm", "resets Dec 5, 2027, 3pm".
	claudeResetRe = regexp.MustCompile(`(?i)resets (?:([A-Z][a-z]{2}) (\d{1,2}), (?:(\d{4}), )?)?(\d{1,2})(?::(\d{2}))?\s*([ap]m)(?:\s*\(([^)]+)\))?`)
	// codex: "try again at 11:29 PM." or "try again at Nov 25th, 2026 11:35 PM."
	codexResetRe = regexp.MustCompile(`try again at (?:([A-Z][a-z]{2}) (\d{1,2})(?:st|nd|rd|th), (\d{4}) )?(\d{1,2}):(\d{2}) ([AP]M)`)
	// opencode: "It will reset in 2 hours 5 minutes", "reset in 1 day", "less than a minute".
	resetInRe = regexp.MustCompile(`(?i)reset in ((?:\d+ (?:days?|hours?|minutes?)\s*)+|less than a minute)`)
	durPartRe = regexp.MustCompile(`(\d+) (day|hour|minute)`)
	// gemini: "Please retry in 38.5s", "Suggested retry after 60s."
	retryInRe = regexp.MustCompile(`(?i)(?:retry in|retry after) ([0-9.]+)\s*(ms|s)\b`)
)

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// resetFromEpoch converts epoch seconds (claude resetsAt, anthropic-ratelimit-unified-reset).
func resetFromEpoch(sec float64) string {
	if sec <= 0 || math.IsNaN(sec) || math.IsInf(sec, 0) {
		return ""
	}
	return rfc3339(time.Unix(int64(sec), 0))
}

func parseMonth(s string) (time.Month, bool) {
	t, err := time.Parse("Jan", s)
	if err != nil {
		return 0, false
	}
	return t.Month(), true
}

func clock12(hour, minute int, ampm string) (int, int, bool) {
	if hour < 1 || hour > 12 || minute > 59 {
		return 0, 0, false
	}
	hour %= 12
	if strings.EqualFold(ampm, "pm") {
		hour += 12
	}
	return hour, minute, true
}

// nextAt resolves a wall-clock time without a date to its next occurrence after now.
func nextAt(now time.Time, loc *time.Location, hour, minute int) time.Time {
	n := now.In(loc)
	t := time.Date(n.Year(), n.Month(), n.Day(), hour, minute, 0, 0, loc)
	if t.Before(n) {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

// resetClaude reads claude's "resets <time>" wording.
func resetClaude(text string, now time.Time) string {
	m := claudeResetRe.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	loc := now.Location()
	if m[7] != "" {
		if l, err := time.LoadLocation(strings.TrimSpace(m[7])); err == nil {
			loc = l
		}
	}
	h, _ := strconv.Atoi(m[4])
	mi, _ := strconv.Atoi(m[5])
	hour, minute, ok := clock12(h, mi, m[6])
	if !ok {
		return ""
	}
	if m[1] == "" {
		return rfc3339(nextAt(now, loc, hour, minute))
	}
	month, ok := parseMonth(m[1])
	if !ok {
		return ""
	}
	day, _ := strconv.Atoi(m[2])
	year := now.In(loc).Year()
	if m[3] != "" {
		year, _ = strconv.Atoi(m[3])
	}
	t := time.Date(year, month, day, hour, minute, 0, 0, loc)
	// claude omits the year within the current one; "Jan 2" seen in December is next year.
	if m[3] == "" && t.Before(now.Add(-24*time.Hour)) {
		t = t.AddDate(1, 0, 0)
	}
	return rfc3339(t)
}

// resetCodex reads codex's "try again at <time>" wording (chrono "%-I:%M %p", or
// "%b %-d<suffix>, %Y %-I:%M %p" when the reset is on another day).
func resetCodex(text string, now time.Time) string {
	m := codexResetRe.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	loc := now.Location()
	h, _ := strconv.Atoi(m[4])
	mi, _ := strconv.Atoi(m[5])
	hour, minute, ok := clock12(h, mi, m[6])
	if !ok {
		return ""
	}
	if m[1] == "" {
		return rfc3339(nextAt(now, loc, hour, minute))
	}
	month, ok := parseMonth(m[1])
	if !ok {
		return ""
	}
	day, _ := strconv.Atoi(m[2])
	year, _ := strconv.Atoi(m[3])
	return rfc3339(time.Date(year, month, day, hour, minute, 0, 0, loc))
}

// resetIn reads relative wordings: opencode's "reset in 2 hours 5 minutes" and gemini's
// "retry in 38.5s" / "retry after 60s".
func resetIn(text string, now time.Time) string {
	if m := resetInRe.FindStringSubmatch(text); m != nil {
		if strings.EqualFold(m[1], "less than a minute") {
			return rfc3339(now.Add(time.Minute))
		}
		var d time.Duration
		for _, p := range durPartRe.FindAllStringSubmatch(m[1], -1) {
			n, _ := strconv.Atoi(p[1])
			unit := map[string]time.Duration{"day": 24 * time.Hour, "hour": time.Hour, "minute": time.Minute}[p[2]]
			d += time.Duration(n) * unit
		}
		return rfc3339(now.Add(d))
	}
	if m := retryInRe.FindStringSubmatch(text); m != nil {
		v, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			return ""
		}
		if strings.EqualFold(m[2], "ms") {
			v /= 1000
		}
		return rfc3339(now.Add(time.Duration(math.Ceil(v)) * time.Second))
	}
	return ""
}

// resetFromHeaders reads the response headers opencode copies into its APIError.
func resetFromHeaders(h map[string]string, now time.Time) string {
	for k, v := range h {
		if strings.EqualFold(k, "anthropic-ratelimit-unified-reset") {
			if sec, err := strconv.ParseFloat(v, 64); err == nil {
				return resetFromEpoch(sec)
			}
		}
	}
	for k, v := range h {
		if !strings.EqualFold(k, "retry-after") {
			continue
		}
		if sec, err := strconv.ParseFloat(v, 64); err == nil {
			return rfc3339(now.Add(time.Duration(math.Ceil(sec)) * time.Second))
		}
		if t, err := time.Parse(time.RFC1123, v); err == nil {
			return rfc3339(t)
		}
	}
	return ""
}
