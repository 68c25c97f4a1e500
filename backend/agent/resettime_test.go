package agent

import (
	"testing"
	"time"
	_ "time/tzdata" // the zone database is embedded so the test never depends on the host's
)

func TestResetTimes(t *testing.T) {
	t.Parallel()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	nowParis := time.Date(2026, 11, 25, 10, 0, 0, 0, paris) // 09:00Z
	tests := []struct {
		name string
		fn   func(string, time.Time) string
		text string
		now  time.Time
		want string
	}{
		{"claude later today", resetClaude, "You've hit your session limit · resets 3pm (Europe/Paris)", testNow, "2026-11-26T14:00:00Z"},
		{"claude zone from text", resetClaude, "You've hit your session limit · resets 11pm (Europe/Paris)", testNow, "2026-11-25T22:00:00Z"},
		{"claude minutes, local zone", resetClaude, "You've hit your weekly limit · resets 9:30pm", testNow, "2026-11-25T21:30:00Z"},
		{"claude date", resetClaude, "You've hit your weekly limit · resets Dec 2, 5am (UTC)", testNow, "2026-12-02T05:00:00Z"},
		{"claude date next year", resetClaude, "You've hit your weekly limit · resets Jan 3, 5pm", testNow, "2027-01-03T17:00:00Z"},
		{"claude date with year", resetClaude, "resets Feb 1, 2028, 12am (UTC)", testNow, "2028-02-01T00:00:00Z"},
		{"claude local zone of clock", resetClaude, "resets 3pm", nowParis, "2026-11-25T14:00:00Z"},
		{"claude unknown zone falls back", resetClaude, "resets 9pm (Mars/Olympus)", testNow, "2026-11-25T21:00:00Z"},
		{"claude no time", resetClaude, "You've hit your usage limit", testNow, ""},
		{"claude bad hour", resetClaude, "resets 13pm", testNow, ""},
		{"codex same day", resetCodex, "or try again at 11:29 PM.", testNow, "2026-11-25T23:29:00Z"},
		{"codex passed time is tomorrow", resetCodex, "or try again at 7:05 AM.", testNow, "2026-11-26T07:05:00Z"},
		{"codex other day", resetCodex, "or try again at Nov 25th, 2026 11:35 PM.", testNow, "2026-11-25T23:35:00Z"},
		{"codex 1st", resetCodex, "try again at Dec 1st, 2026 12:00 AM.", testNow, "2026-12-01T00:00:00Z"},
		{"codex later", resetCodex, "or try again later.", testNow, ""},
		{"opencode hours minutes", resetIn, "Usage limit reached. It will reset in 2 hours 15 minutes. To continue", testNow, "2026-11-25T22:15:00Z"},
		{"opencode day", resetIn, "It will reset in 1 day 3 hours.", testNow, "2026-11-26T23:00:00Z"},
		{"opencode minute", resetIn, "It will reset in 1 minute.", testNow, "2026-11-25T20:01:00Z"},
		{"opencode less than a minute", resetIn, "It will reset in less than a minute.", testNow, "2026-11-25T20:01:00Z"},
		{"gemini retry in", resetIn, "Please retry in 38.5s.", testNow, "2026-11-25T20:00:39Z"},
		{"gemini retry in ms", resetIn, "Please retry in 1500ms.", testNow, "2026-11-25T20:00:02Z"},
		{"gemini suggested", resetIn, "Suggested retry after 3600s.", testNow, "2026-11-25T21:00:00Z"},
		{"nothing", resetIn, "try later", testNow, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.fn(tt.text, tt.now); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestResetFromHeaders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		h    map[string]string
		want string
	}{
		{"unified reset wins", map[string]string{"retry-after": "1", "anthropic-ratelimit-unified-reset": "1795640400"}, "2026-11-25T21:00:00Z"},
		{"retry-after seconds", map[string]string{"Retry-After": "90"}, "2026-11-25T20:01:30Z"},
		{"retry-after date", map[string]string{"retry-after": "Wed, 25 Nov 2026 20:30:00 GMT"}, "2026-11-25T20:30:00Z"},
		{"none", map[string]string{"content-type": "application/json"}, ""},
		{"garbage", map[string]string{"retry-after": "soon"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := resetFromHeaders(tt.h, testNow); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestClassifyText(t *testing.T) {
	t.Parallel()
	tests := []struct{ text, want string }{
		{"You’ve hit your usage limit. Upgrade to Pro", FailureQuota},
		{"You've hit your session limit · resets 3pm", FailureQuota},
		{"[API Error: You have exhausted your daily quota on this model.]", FailureQuota},
		{"429 You exceeded your current quota, please check your plan", FailureQuota},
		{"Not logged in · Please run /login", FailureAuth},
		{"unexpected status 401 Unauthorized: Incorrect API key provided", FailureAuth},
		{"Invalid API key · Fix external API key", FailureAuth},
		{"exceeded retry limit, last status: 429 Too Many Requests", FailureRateLimited},
		{"API Error: 529 Overloaded. This is a server-side issue", FailureRateLimited},
		{"Attempt 1 failed with status 429. Retrying with backoff... RESOURCE_EXHAUSTED", FailureRateLimited},
		{"Reconnecting... 2/5 (stream disconnected before completion)", ""},
		{"error: the file 4290 was not found", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			if got := classifyText(tt.text); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
