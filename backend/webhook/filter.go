package webhook

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// DefaultGitHubEvents is the event filter of a GitHub trigger that has none: review a pull request
// when it is opened, gets new commits or is reopened.
const DefaultGitHubEvents = "pull_request:opened,synchronize,reopened"

// RepoMatches applies a trigger's repository filter to "owner/repo". The filter is a
// comma-separated list of path.Match globs ("my-org/*", "*/api-?", "acme/api, acme/web"), compared case-insensitively because GitHub names are; an empty
// filter matches every repository and a malformed one matches none.
func RepoMatches(filter, fullName string) bool {
	filter = strings.TrimSpace(filter)
	if filter == "" {
		return true
	}
	for _, f := range strings.Split(filter, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if ok, err := path.Match(strings.ToLower(f), strings.ToLower(fullName)); err == nil && ok {
			return true
		}
	}
	return false
}

// EventFilter says which GitHub events (and, per event, which actions) start a trigger. A nil
// action list means every action of that event.
type EventFilter map[string][]string

// ParseEventFilter reads a trigger's event filter. Grammar (spaces around names are ignored):
//
//	filter  = entry *( ";" entry )
//	entry   = event [ ":" action *( "," action ) ]
//	event   = name      ; X-GitHub-Event, e.g. pull_request, push, issue_comment
//	action  = name      ; payload "action", e.g. opened, synchronize, labeled
//	name    = 1*( "a"-"z" / "_" )
//
// "pull_request" alone means every pull_request action; "push" (which has no action) needs the
// bare form. An empty filter is DefaultGitHubEvents. An event named twice merges its actions.
func ParseEventFilter(spec string) (EventFilter, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		spec = DefaultGitHubEvents
	}
	f := EventFilter{}
	for entry := range strings.SplitSeq(spec, ";") {
		event, actions, hasActions := strings.Cut(entry, ":")
		event = strings.TrimSpace(event)
		if !validName(event) {
			return nil, fmt.Errorf("event filter %q: %q is not an event name (lowercase letters and _)", spec, event)
		}
		if !hasActions {
			f[event] = nil
			continue
		}
		if cur, seen := f[event]; seen && cur == nil {
			continue // already "every action"
		}
		list := f[event]
		for a := range strings.SplitSeq(actions, ",") {
			a = strings.TrimSpace(a)
			if !validName(a) {
				return nil, fmt.Errorf("event filter %q: %q is not an action name (lowercase letters and _)", spec, a)
			}
			if !slices.Contains(list, a) {
				list = append(list, a)
			}
		}
		f[event] = list
	}
	return f, nil
}

// Allows reports whether an event with this action passes the filter.
func (f EventFilter) Allows(event, action string) bool {
	actions, ok := f[event]
	if !ok {
		return false
	}
	return actions == nil || slices.Contains(actions, action)
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != '_' {
			return false
		}
	}
	return true
}
