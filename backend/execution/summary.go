package execution

import "unicode/utf8"

// SummaryBytes is how much of the prompt and of the message a summary carries. Lists, the
// dashboard and status events carry summaries, so their size does not grow with the prompt: a
// public webhook can make a prompt megabytes long, and ten such runs once made a five-row list
// weigh 141 MB. Only the detail (Get) carries the whole text.
const SummaryBytes = 1024

// Summary returns the execution with its prompt and message cut to SummaryBytes (at a UTF-8
// boundary), their full sizes in PromptBytes and MessageBytes, and the Truncated flags set.
func (e Execution) Summary() Execution {
	// A row read from the store knows the full sizes; an execution built in memory has them all.
	e.PromptBytes = max(e.PromptBytes, int64(len(e.Prompt)))
	e.MessageBytes = max(e.MessageBytes, int64(len(e.Message)))
	var cut bool
	e.Prompt, cut = summaryText(e.Prompt, e.PromptBytes)
	e.PromptTruncated = e.PromptTruncated || cut
	e.Message, cut = summaryText(e.Message, e.MessageBytes)
	e.MessageTruncated = e.MessageTruncated || cut
	return e
}

// summaryText cuts s to at most SummaryBytes without splitting a UTF-8 sequence, and says
// whether it holds less than the full size of the text it came from.
func summaryText(s string, full int64) (string, bool) {
	if len(s) > SummaryBytes {
		n := SummaryBytes
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n]
	}
	return s, int64(len(s)) < full
}
