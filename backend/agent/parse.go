package agent

import "time"

// NewParser returns the output parser of a backend. An unknown backend gets a parser that only
// reads exit codes and stderr, so a caller never has to handle nil.
func NewParser(backend string) Parser {
	return newParser(backend, time.Now)
}

// newParser takes the clock; "local" reset times are read in now()'s location.
func newParser(backend string, now func() time.Time) Parser {
	switch backend {
	case Claude:
		return newClaudeParser(now)
	case Codex:
		return newCodexParser(now)
	case Gemini:
		return newGeminiParser(now)
	case OpenCode:
		return newOpenCodeParser(now)
	}
	return &plainParser{base{now: now}}
}

// plainParser knows no JSON: every line is raw.
type plainParser struct{ base }

func (p *plainParser) Line(_ int64, stream, text string) { p.raw(stream, text) }

func (p *plainParser) Finish(exitCode int) Outcome { return p.finish(exitCode) }
