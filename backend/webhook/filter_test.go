package webhook

import "testing"

func TestRepoMatches(t *testing.T) {
	t.Parallel()
	tests := []struct {
		filter, repo string
		want         bool
	}{
		{"", "any/thing", true},
		{"acme/api", "acme/api", true},
		{"acme/api", "Acme/API", true},
		{"acme/*", "acme/web", true},
		{"acme/*", "other/web", false},
		{"*/api-?", "x/api-1", true},
		{"acme/*", "acme/a/b", false},
		{"[bad", "acme/api", false},
	}
	for _, tt := range tests {
		if got := RepoMatches(tt.filter, tt.repo); got != tt.want {
			t.Errorf("RepoMatches(%q, %q) = %v", tt.filter, tt.repo, got)
		}
	}
}

func TestEventFilter(t *testing.T) {
	t.Parallel()
	type check struct {
		event, action string
		want          bool
	}
	tests := []struct {
		spec   string
		err    bool
		checks []check
	}{
		{"", false, []check{
			{"pull_request", "opened", true}, {"pull_request", "synchronize", true}, {"pull_request", "reopened", true},
			{"pull_request", "closed", false}, {"pull_request", "labeled", false}, {"push", "", false},
		}},
		{"pull_request", false, []check{{"pull_request", "closed", true}, {"pull_request", "labeled", true}, {"issues", "opened", false}}},
		{"pull_request:opened,labeled;push", false, []check{
			{"pull_request", "labeled", true}, {"pull_request", "closed", false}, {"push", "", true},
		}},
		{" pull_request : opened , closed ", false, []check{{"pull_request", "closed", true}}},
		{"pull_request:opened;pull_request", false, []check{{"pull_request", "edited", true}}},
		{"pull_request;pull_request:opened", false, []check{{"pull_request", "edited", true}}},
		{"push:created", false, []check{{"push", "", false}}},
		{"Pull Request", true, nil},
		{"pull_request:", true, nil},
		{"pull_request:opened,", true, nil},
		{";push", true, nil},
		{"pull-request", true, nil},
	}
	for _, tt := range tests {
		f, err := ParseEventFilter(tt.spec)
		if (err != nil) != tt.err {
			t.Errorf("ParseEventFilter(%q) err = %v, want error %v", tt.spec, err, tt.err)
			continue
		}
		for _, c := range tt.checks {
			if got := f.Allows(c.event, c.action); got != c.want {
				t.Errorf("%q allows %s/%s = %v, want %v", tt.spec, c.event, c.action, got, c.want)
			}
		}
	}
}
