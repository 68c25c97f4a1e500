package agent

import (
	"fmt"
	"strings"
	"time"
)

// shortLine bounds the lines matched against the not-found and usage-error patterns.
const shortLine = 512

// base holds what every parser keeps: a few aggregates and evidence lines, never the output.
type base struct {
	now     func() time.Time
	usage   Usage
	success *bool

	verdict *Failure // from the CLI's terminal error or a fatal line
	hint    *Failure // from signals that matter only if the run does not succeed (retries...)

	lastStderr string
	lastStdout string // last stdout line that was not the CLI's JSON
	notFound   string
	usageErr   string

	noise    noiseFilter           // stderr lines that explain nothing (banners, warnings)
	exitKind func(int) exitMeaning // backend meanings of exit codes
}

// exitMeaning is what a backend's exit code says on its own.
type exitMeaning struct {
	kind string
	note string
}

func (b *base) setSuccess(v bool) { b.success = &v }

// setVerdict records the failure the CLI reported. A specific kind replaces a generic one;
// otherwise the first stays, taking a reset time from a later report of the same kind.
func (b *base) setVerdict(f Failure) {
	b.verdict = merge(b.verdict, f)
}

// setHint records a softer signal (a retry on 429, a warning); the latest specific one wins.
func (b *base) setHint(f Failure) {
	if b.hint == nil || specific(f.Kind) || !specific(b.hint.Kind) {
		if b.hint != nil && f.ResetAt == "" && b.hint.Kind == f.Kind {
			f.ResetAt = b.hint.ResetAt
		}
		b.hint = &f
	}
}

func merge(cur *Failure, f Failure) *Failure {
	switch {
	case cur == nil, specific(f.Kind) && !specific(cur.Kind):
		return &f
	case cur.Kind == f.Kind && cur.ResetAt == "" && f.ResetAt != "":
		c := *cur
		c.ResetAt = f.ResetAt
		return &c
	}
	return cur
}

// raw records a line that is not the CLI's JSON.
func (b *base) raw(stream, text string) {
	text = strings.TrimSpace(stripANSI(cleanLine(text)))
	if text == "" {
		return
	}
	// The messages looked for are short; skipping long lines keeps a flood cheap to read.
	if len(text) <= shortLine {
		if b.notFound == "" && containsAny(text, "not found", "No such file", "no such file") && notFoundRe.MatchString(text) {
			b.notFound = evidence(text, "")
		}
		if b.usageErr == "" && containsAny(text, "rror", "nknown", "rgument", "trusted", "root/sudo", "opencode run") && usageErrRe.MatchString(text) {
			b.usageErr = evidence(text, "")
		}
	}
	if stream == "stderr" {
		if !b.noise.match(text) {
			b.lastStderr = evidence(text, "")
		}
		return
	}
	b.lastStdout = evidence(text, "")
}

// finish turns what was seen into the outcome. The order goes from the strongest proof (what
// the CLI said about its own failure) to the weakest (an exit code alone).
func (b *base) finish(exitCode int) Outcome {
	out := Outcome{Usage: b.usage, Success: b.success}
	out.Failure = b.failure(exitCode)
	return out
}

func (b *base) failure(exitCode int) *Failure {
	if b.verdict != nil {
		return b.verdict
	}
	if b.success != nil && *b.success {
		return nil
	}
	if exitCode == 127 || (exitCode != 0 && b.notFound != "") {
		ev := b.notFound
		if ev == "" {
			ev = "exit status 127: the command was not found"
		}
		return &Failure{Kind: FailureCLINotFound, Evidence: ev}
	}
	if b.hint != nil {
		return b.hint
	}
	if exitCode == 0 {
		return nil
	}
	if b.usageErr != "" && exitCode > 0 {
		return &Failure{Kind: FailureError, Evidence: b.usageErr}
	}
	if exitCode > 0 && b.exitKind != nil {
		if m := b.exitKind(exitCode); m.kind != "" {
			ev := b.lastStderr
			if ev == "" {
				ev = fmt.Sprintf("exit status %d (%s)", exitCode, m.note)
			}
			return &Failure{Kind: m.kind, Evidence: ev}
		}
	}
	if exitCode < 0 {
		ev := "killed by a signal"
		if b.lastStderr != "" {
			ev += "; last stderr line: " + b.lastStderr
		}
		return &Failure{Kind: FailureCrashed, Evidence: evidence(ev, "")}
	}
	ev := b.lastStderr
	if ev == "" {
		ev = b.lastStdout
	}
	if ev == "" {
		ev = fmt.Sprintf("exit status %d with no output explaining it", exitCode)
	}
	return &Failure{Kind: FailureCrashed, Evidence: ev}
}
