package schedule

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// weekdays are in the trigger's order: 0 is Monday.
var weekdays = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// Describe says in one sentence when the schedule fires, e.g. "Every Monday at 09:00,
// Europe/Berlin". The editor shows it next to the next fire times.
func (s *Schedule) Describe() string {
	zone := s.loc.String()
	sp := s.spec
	switch sp.Type {
	case TypeOnce:
		at := s.at.In(s.loc)
		return fmt.Sprintf("Once on %s %d %s %d at %s, %s", at.Weekday(), at.Day(), at.Month(), at.Year(), at.Format("15:04"), zone)
	case TypeDaily:
		return fmt.Sprintf("Every day at %s, %s", sp.Time, zone)
	case TypeWeekly:
		return fmt.Sprintf("Every %s at %s, %s", weekdays[sp.Day], sp.Time, zone)
	case TypeMonthly:
		return fmt.Sprintf("On the %s of every month at %s, %s", ordinal(sp.Day), sp.Time, zone)
	}
	return describeCron(strings.Fields(sp.Cron)) + ", " + zone
}

// describeCron words the common shapes of an expression and quotes the others.
func describeCron(f []string) string {
	quoted := fmt.Sprintf("Cron %q", strings.Join(f, " "))
	if len(f) != 5 {
		return quoted
	}
	min, hour, dom, mon, dow := f[0], f[1], f[2], f[3], f[4]
	if dom != "*" || mon != "*" {
		return quoted
	}
	m, minErr := strconv.Atoi(min)
	h, hourErr := strconv.Atoi(hour)
	switch {
	case min == "*" && hour == "*" && dow == "*":
		return "Every minute"
	case strings.HasPrefix(min, "*/") && hour == "*" && dow == "*":
		return "Every " + strings.TrimPrefix(min, "*/") + " minutes"
	case minErr == nil && hour == "*" && dow == "*":
		return fmt.Sprintf("Every hour at minute %d", m)
	case minErr == nil && hourErr == nil:
		at := fmt.Sprintf("%02d:%02d", h, m)
		switch dow {
		case "*":
			return "Every day at " + at
		case "1-5", "MON-FRI", "mon-fri":
			return "Every weekday at " + at
		}
		if d, err := strconv.Atoi(dow); err == nil && d >= 0 && d <= 7 {
			return fmt.Sprintf("Every %s at %s", weekdays[(d+6)%7], at)
		}
	}
	return quoted
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

// Preview is what the editor shows for a schedule before it is saved.
type Preview struct {
	Sentence      string   `json:"sentence"`
	NextFireTimes []string `json:"nextFireTimes"` // RFC 3339, in the schedule's zone
	Timezone      string   `json:"timezone"`      // the zone used (the machine's when none was given)
	// Errors maps trigger field names to messages; Sentence and NextFireTimes are empty then.
	Errors map[string]string `json:"errors"`
}

// PreviewCount is how many fire times a preview and a trigger's detail list.
const PreviewCount = 5

// PreviewOf parses spec and describes it with its next PreviewCount fire times after now.
// A bad field is reported in Errors rather than as an error, so the editor can show it inline.
func PreviewOf(spec Spec, now time.Time) Preview {
	p := Preview{NextFireTimes: []string{}, Errors: map[string]string{}}
	sched, err := Parse(spec)
	if err != nil {
		if fe, ok := err.(*FieldError); ok {
			p.Errors[fe.Field] = fe.Msg
		} else {
			p.Errors["scheduleType"] = err.Error()
		}
		return p
	}
	p.Sentence, p.Timezone = sched.Describe(), sched.Location().String()
	p.NextFireTimes = Format(sched.NextN(now, PreviewCount))
	return p
}

// Format renders fire times as RFC 3339 strings.
func Format(ts []time.Time) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Format(time.RFC3339)
	}
	return out
}
