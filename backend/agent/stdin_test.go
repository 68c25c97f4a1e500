package agent

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// The prompt is an argument up to PromptArgMax bytes and goes on stdin past it, with no trace of
// it left in argv (Linux refuses an argument over 128 KiB, which once failed such runs as
// "cli_not_found").
func TestBuildCommandPromptPlacement(t *testing.T) {
	t.Parallel()
	small := strings.Repeat("s", PromptArgMax)     // the longest prompt that is still an argument
	large := strings.Repeat("L", PromptArgMax+1)   // the shortest one that goes on stdin
	huge := strings.Repeat("H", 300<<10) + " MARK" // well past the kernel's 128 KiB per argument
	tests := []struct {
		name     string
		spec     Spec
		argvTail []string // the last entries of argv
		stdin    bool
	}{
		{"claude small", Spec{Backend: Claude, Prompt: small}, []string{"Read,Glob,Grep", "--", small}, false},
		{"claude large", Spec{Backend: Claude, Prompt: large}, []string{"--allowedTools", "Read,Glob,Grep"}, true},
		{"claude huge with dirs", Spec{Backend: Claude, Prompt: huge, Dirs: []string{"/w", "/x"}}, []string{"--add-dir", "/x"}, true},
		{"codex small", Spec{Backend: Codex, Prompt: small}, []string{"approval_policy=never", "--", small}, false},
		{"codex large", Spec{Backend: Codex, Prompt: large, Dirs: []string{"/w"}}, []string{"-C", "/w", "-"}, true},
		{"gemini small", Spec{Backend: Gemini, Prompt: small}, []string{"--approval-mode", "default"}, false},
		{"gemini large", Spec{Backend: Gemini, Prompt: large}, []string{"--approval-mode", "default"}, true},
		{"opencode small", Spec{Backend: OpenCode, Prompt: small, Dirs: []string{"/w"}}, []string{"/w", "--", small}, false},
		{"opencode large", Spec{Backend: OpenCode, Prompt: huge, Dirs: []string{"/w"}}, []string{"--dir", "/w"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmd, err := BuildCommand(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			n := len(cmd.Argv)
			if n < len(tt.argvTail) || !slices.Equal(cmd.Argv[n-len(tt.argvTail):], tt.argvTail) {
				t.Errorf("argv ends %q, want %q", tail(cmd.Argv, len(tt.argvTail)), tt.argvTail)
			}
			for i, a := range cmd.Argv {
				if len(a) > PromptArgMax+len("--prompt=") {
					t.Errorf("argv[%d] is %d bytes, over the argument limit", i, len(a))
				}
			}
			switch {
			case tt.stdin:
				if cmd.Stdin != tt.spec.Prompt || cmd.PromptArg != -1 {
					t.Errorf("stdin %d bytes, prompt arg %d; want the prompt on stdin and no prompt arg", len(cmd.Stdin), cmd.PromptArg)
				}
				if slices.Contains(cmd.Argv, "--") || slices.ContainsFunc(cmd.Argv, func(a string) bool { return strings.HasPrefix(a, "--prompt") }) {
					t.Errorf("argv still has a prompt argument: %q", tail(cmd.Argv, 3))
				}
			case tt.spec.Backend == Gemini:
				if cmd.Stdin != "" || cmd.PromptArg != 1 || cmd.Argv[1] != "--prompt="+tt.spec.Prompt {
					t.Errorf("gemini: stdin %d bytes, prompt arg %d", len(cmd.Stdin), cmd.PromptArg)
				}
			default:
				if cmd.Stdin != "" || cmd.PromptArg != n-1 || cmd.Argv[cmd.PromptArg] != tt.spec.Prompt {
					t.Errorf("stdin %d bytes, prompt arg %d of %d; want the prompt as the last argument", len(cmd.Stdin), cmd.PromptArg, n)
				}
			}
		})
	}
}

func tail(s []string, n int) []string {
	if n > len(s) {
		return s
	}
	out := make([]string, n)
	for i, a := range s[len(s)-n:] {
		out[i] = clipArg(a)
	}
	return out
}

func clipArg(a string) string {
	if len(a) > 40 {
		return a[:40] + "…"
	}
	return a
}

// Gemini drops stdin past 8 MiB, so a longer prompt is refused with a reason, not cut silently.
func TestBuildCommandGeminiPromptTooLong(t *testing.T) {
	t.Parallel()
	_, err := BuildCommand(Spec{Backend: Gemini, Prompt: strings.Repeat("g", GeminiStdinMax+1)})
	if !errors.Is(err, ErrPromptTooLong) || !strings.Contains(err.Error(), "8.0 MiB") {
		t.Fatalf("err %v, want ErrPromptTooLong naming the 8 MiB limit", err)
	}
	if _, err := BuildCommand(Spec{Backend: Claude, Prompt: strings.Repeat("c", GeminiStdinMax+1)}); err != nil {
		t.Fatalf("claude has no such limit: %v", err)
	}
}

func TestRecordedArgv(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("p", 200<<10)
	tests := []struct {
		name      string
		argv      []string
		promptArg int
		prompt    string
		want      []string
	}{
		{"after --", []string{"claude", "-p", "--", "hi"}, 3, "hi", []string{"claude", "-p", "--", "<prompt: 2 B>"}},
		{"gemini flag", []string{"gemini", "--prompt=" + big}, 1, big, []string{"gemini", "--prompt=<prompt: 200 KiB>"}},
		{"on stdin", []string{"codex", "exec", "-"}, -1, big, []string{"codex", "exec", "-"}},
		{"out of range", []string{"x"}, 4, "y", []string{"x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := slices.Clone(tt.argv)
			got := RecordedArgv(tt.argv, tt.promptArg, tt.prompt)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", tail(got, len(got)), tt.want)
			}
			if !slices.Equal(tt.argv, in) {
				t.Error("argv was modified")
			}
		})
	}
}

func TestFormatBytes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n    int64
		want string
	}{{0, "0 B"}, {1023, "1023 B"}, {1024, "1 KiB"}, {200 << 10, "200 KiB"}, {9 << 20, "9.0 MiB"}, {9<<20 + 700<<10, "9.7 MiB"}}
	for _, tt := range tests {
		if got := FormatBytes(tt.n); got != tt.want {
			t.Errorf("FormatBytes(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
