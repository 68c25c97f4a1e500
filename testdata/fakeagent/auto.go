package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Mode auto (the default) lets each run pick its behaviour from a marker in the prompt, so one
// installed fake serves a whole UI session whose runs must behave differently (a trigger's prompt
// template or a run's message carries the marker; the app's environment stays the same):
//
//	[fake:MODE]            any mode listed in main.go but auto, e.g. [fake:hang], [fake:auth]
//	[fake:lines:N:RATE]    N lines at RATE lines/s inside a successful session (see below)
//	[fake:lines:N]         N lines, FAKEAGENT_RATE or as fast as possible
//	[fake:flood:BYTES]     flood with BYTES bytes
//	[fake:ratelimit:SECS]  rate limit resetting in SECS seconds
//
// The first marker counts; without one the run is a success. Arguments left out fall back to the
// FAKEAGENT_* variables. In auto mode, lines are framed by a real session (the CLI's first events
// before them, the success transcript with usage after them), because a UI that watches them
// arrive also wants a run that ends like a real one; FAKEAGENT_MODE=lines prints the bare lines.

// Arguments may be anything up to the next colon, so a typo is reported, not taken for no marker.
var markerRe = regexp.MustCompile(`\[fake:([a-z0-9]+)((?::[^\]:\s]*)*)\]`)

// modeArgs are the numeric knobs of the modes that take any.
type modeArgs struct {
	lines   int     // lines: how many
	rate    float64 // lines: per second, 0 = as fast as possible
	bytes   int     // flood: how much
	resetIn int     // ratelimit: seconds until the limit resets
	framed  bool    // lines: wrap them in a successful session (auto mode)
}

// envArgs reads the knobs from the environment, as the explicit modes always did.
func envArgs() modeArgs {
	return modeArgs{
		lines:   envInt("FAKEAGENT_LINES", 1000),
		rate:    envFloat("FAKEAGENT_RATE"),
		bytes:   envInt("FAKEAGENT_BYTES", 100<<20),
		resetIn: envInt("FAKEAGENT_RESET_IN", 3600),
	}
}

// fromPrompt picks the mode and its knobs from the first [fake:...] marker in prompt.
func fromPrompt(prompt string) (string, modeArgs, error) {
	args := envArgs()
	args.framed = true
	m := markerRe.FindStringSubmatch(prompt)
	if m == nil {
		return "success", args, nil
	}
	mode := m[1]
	var nums []string
	if m[2] != "" {
		nums = strings.Split(m[2][1:], ":")
	}
	// Which knob each position sets, per mode; a mode without knobs takes no arguments.
	type knob struct {
		name string
		set  func(string) error
	}
	integer := func(p *int) func(string) error {
		return func(s string) error {
			n, err := strconv.Atoi(s)
			if err == nil && n < 0 {
				err = fmt.Errorf("negative")
			}
			*p = n
			return err
		}
	}
	var knobs []knob
	switch mode {
	case "lines":
		knobs = []knob{{"count", integer(&args.lines)}, {"rate", func(s string) error {
			f, err := strconv.ParseFloat(s, 64)
			if err == nil && f < 0 {
				err = fmt.Errorf("negative")
			}
			args.rate = f
			return err
		}}}
	case "flood":
		knobs = []knob{{"bytes", integer(&args.bytes)}}
	case "ratelimit":
		knobs = []knob{{"seconds", integer(&args.resetIn)}}
	case "auto":
		return "", args, fmt.Errorf("marker %s: auto is not a mode a prompt can pick", m[0])
	}
	if len(nums) > len(knobs) {
		return "", args, fmt.Errorf("marker %s: %s takes at most %d argument(s)", m[0], mode, len(knobs))
	}
	for i, s := range nums {
		if s == "" {
			continue // [fake:lines::50] keeps the count from the environment
		}
		if err := knobs[i].set(s); err != nil {
			return "", args, fmt.Errorf("marker %s: bad %s %q", m[0], knobs[i].name, s)
		}
	}
	return mode, args, nil
}

// userPrompt returns what the CLI was asked, for the marker; "" when it reads its prompt elsewhere.
// A prompt read from stdin counts as well.
func (c *claude) userPrompt() string { return first(c.p.positional) + stdinText }

func (c *codex) userPrompt() string {
	if p := first(c.p.positional); p != "" && p != "-" {
		return p
	}
	return stdinText
}

func (g *gemini) userPrompt() string { return g.prompt }

// opencode appends what it read on stdin to the message.
func (o *opencode) userPrompt() string {
	parts := append([]string{}, o.p.positional...)
	if c := o.p.get("--command"); c != "" {
		parts = append(parts, c)
	}
	parts = []string{strings.Join(parts, " ")}
	if parts[0] == "" {
		parts = nil
	}
	if stdinText != "" {
		parts = append(parts, stdinText)
	}
	return strings.Join(parts, "\n")
}

func first(list []string) string {
	if len(list) == 0 {
		return ""
	}
	return list[0]
}
