package agent

// Parser reads one run's output line by line while it streams. Its memory must stay bounded
// however many lines a CLI prints (keep aggregates and the last few relevant lines, not the
// output), and a line that is not the CLI's JSON is never an error.
type Parser interface {
	// Line consumes one output line. stream is "stdout" or "stderr".
	Line(seq int64, stream, text string)
	// Finish returns the outcome given the process exit code (-1 when killed by a signal).
	Finish(exitCode int) Outcome
}

// RawLine is a stored output line handed to Transcript.
type RawLine struct {
	Seq    int64
	Stream string
	Text   string
}
