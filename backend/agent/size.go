package agent

import (
	"fmt"
	"strings"
)

// FormatBytes renders a size for people: "512 B", "200 KiB", "9.0 MiB".
func FormatBytes(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%d KiB", n>>10)
	default:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
}

// PromptPlaceholder stands in for the prompt in a recorded argv: the prompt is stored once, on
// its own, and a multi-megabyte argument must not be stored (and listed) a second time.
func PromptPlaceholder(prompt string) string {
	return "<prompt: " + FormatBytes(int64(len(prompt))) + ">"
}

// RecordedArgv is argv as it is stored and shown: the prompt argument (entry promptArg, -1 for
// none) has the prompt replaced by PromptPlaceholder. The argv is not modified.
func RecordedArgv(argv []string, promptArg int, prompt string) []string {
	out := append([]string(nil), argv...)
	if promptArg >= 0 && promptArg < len(out) && prompt != "" {
		out[promptArg] = strings.Replace(out[promptArg], prompt, PromptPlaceholder(prompt), 1)
	}
	return out
}
