package agent

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestBuildCommandProfiles(t *testing.T) {
	t.Parallel()
	dirs := []string{"/w/main", "/w/lib", "/w/docs"}
	tests := []struct {
		name    string
		spec    Spec
		argv    []string
		env     []string
		warning string // substring of the only warning; "" = no warning
	}{
		{
			name: "claude read-only default tools",
			spec: Spec{Backend: Claude, Prompt: "review", Dirs: dirs},
			argv: []string{"claude", "-p", "--verbose", "--output-format", "stream-json", "--permission-mode", "dontAsk", "--allowedTools", "Read,Glob,Grep", "--add-dir", "/w/lib", "--add-dir", "/w/docs", "--", "review"},
		},
		{
			name: "claude edits with model, turns and own tools",
			spec: Spec{Backend: Claude, Prompt: "fix", Model: "sonnet", MaxTurns: 5, AllowedTools: "Read,Bash(git *)", Profile: ProfileEdits, Dirs: dirs[:1]},
			argv: []string{"claude", "-p", "--verbose", "--output-format", "stream-json", "--permission-mode", "acceptEdits", "--allowedTools", "Read,Bash(git *)", "--model", "sonnet", "--max-turns", "5", "--", "fix"},
		},
		{
			name: "claude edits default tools",
			spec: Spec{Backend: Claude, Prompt: "fix", Profile: ProfileEdits},
			argv: []string{"claude", "-p", "--verbose", "--output-format", "stream-json", "--permission-mode", "acceptEdits", "--allowedTools", "Read,Glob,Grep", "--", "fix"},
		},
		{
			name: "claude full-auto",
			spec: Spec{Backend: Claude, Prompt: "go", Profile: ProfileFullAuto, Dirs: dirs[:2]},
			argv: []string{"claude", "-p", "--verbose", "--output-format", "stream-json", "--dangerously-skip-permissions", "--add-dir", "/w/lib", "--", "go"},
		},
		{
			name:    "claude full-auto as root",
			spec:    Spec{Backend: Claude, Prompt: "go", Profile: ProfileFullAuto, IsRoot: true},
			argv:    []string{"claude", "-p", "--verbose", "--output-format", "stream-json", "--dangerously-skip-permissions", "--", "go"},
			env:     []string{"IS_SANDBOX=1"},
			warning: "IS_SANDBOX=1",
		},
		{
			name: "claude read-only as root needs nothing",
			spec: Spec{Backend: Claude, Prompt: "go", IsRoot: true},
			argv: []string{"claude", "-p", "--verbose", "--output-format", "stream-json", "--permission-mode", "dontAsk", "--allowedTools", "Read,Glob,Grep", "--", "go"},
		},
		{
			name: "codex read-only",
			spec: Spec{Backend: Codex, Prompt: "review", Dirs: dirs},
			argv: []string{"codex", "exec", "--json", "--skip-git-repo-check", "--sandbox", "read-only", "-c", "approval_policy=never", "-C", "/w/main", "--add-dir", "/w/lib", "--add-dir", "/w/docs", "--", "review"},
		},
		{
			name: "codex edits with model",
			spec: Spec{Backend: Codex, Prompt: "fix", Model: "gpt-5", Profile: ProfileEdits, Dirs: dirs[:1]},
			argv: []string{"codex", "exec", "--json", "--skip-git-repo-check", "--sandbox", "workspace-write", "-c", "approval_policy=never", "-m", "gpt-5", "-C", "/w/main", "--", "fix"},
		},
		{
			name: "codex full-auto as root",
			spec: Spec{Backend: Codex, Prompt: "go", Profile: ProfileFullAuto, IsRoot: true},
			argv: []string{"codex", "exec", "--json", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox", "--", "go"},
		},
		{
			name: "gemini read-only",
			spec: Spec{Backend: Gemini, Prompt: "review", Dirs: dirs},
			argv: []string{"gemini", "--prompt=review", "--output-format", "stream-json", "--skip-trust", "--approval-mode", "default", "--include-directories", "/w/lib,/w/docs"},
		},
		{
			name: "gemini edits with model",
			spec: Spec{Backend: Gemini, Prompt: "fix", Model: "gemini-2.5-pro", Profile: ProfileEdits, Dirs: dirs[:1]},
			argv: []string{"gemini", "--prompt=fix", "--output-format", "stream-json", "--skip-trust", "--approval-mode", "auto_edit", "-m", "gemini-2.5-pro"},
		},
		{
			name: "gemini full-auto",
			spec: Spec{Backend: Gemini, Prompt: "go", Profile: ProfileFullAuto},
			argv: []string{"gemini", "--prompt=go", "--output-format", "stream-json", "--skip-trust", "--approval-mode", "yolo"},
		},
		{
			name: "opencode read-only",
			spec: Spec{Backend: OpenCode, Prompt: "review", Dirs: dirs},
			argv: []string{"opencode", "run", "--format", "json", "--agent", "plan", "--dir", "/w/main", "--", "review"},
			env:  []string{`OPENCODE_PERMISSION={"bash":"deny","edit":"deny","external_directory":{"*":"deny","/w/lib/*":"allow","/w/docs/*":"allow"}}`},
		},
		{
			name: "opencode edits with model",
			spec: Spec{Backend: OpenCode, Prompt: "fix", Model: "anthropic/claude-sonnet-4-5", Profile: ProfileEdits, Dirs: dirs[:1]},
			argv: []string{"opencode", "run", "--format", "json", "--auto", "-m", "anthropic/claude-sonnet-4-5", "--dir", "/w/main", "--", "fix"},
			env:  []string{`OPENCODE_PERMISSION={"bash":"deny","external_directory":{"*":"deny"}}`},
		},
		{
			name: "opencode full-auto",
			spec: Spec{Backend: OpenCode, Prompt: "go", Profile: ProfileFullAuto},
			argv: []string{"opencode", "run", "--format", "json", "--auto", "--", "go"},
		},
		{
			name:    "max turns ignored outside claude",
			spec:    Spec{Backend: Codex, Prompt: "go", MaxTurns: 3},
			argv:    []string{"codex", "exec", "--json", "--skip-git-repo-check", "--sandbox", "read-only", "-c", "approval_policy=never", "--", "go"},
			warning: "max turns",
		},
		{
			name:    "allowed tools ignored outside claude",
			spec:    Spec{Backend: Gemini, Prompt: "go", AllowedTools: "Read"},
			argv:    []string{"gemini", "--prompt=go", "--output-format", "stream-json", "--skip-trust", "--approval-mode", "default"},
			warning: "allowed tools",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmd, err := BuildCommand(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(cmd.Argv, tt.argv) {
				t.Errorf("argv\n got %q\nwant %q", cmd.Argv, tt.argv)
			}
			if !slices.Equal(cmd.Env, tt.env) {
				t.Errorf("env got %q, want %q", cmd.Env, tt.env)
			}
			wantDir := ""
			if len(tt.spec.Dirs) > 0 {
				wantDir = tt.spec.Dirs[0]
			}
			if cmd.Dir != wantDir {
				t.Errorf("dir %q, want %q", cmd.Dir, wantDir)
			}
			switch {
			case tt.warning == "" && len(cmd.Warnings) > 0:
				t.Errorf("unexpected warnings %q", cmd.Warnings)
			case tt.warning != "" && (len(cmd.Warnings) != 1 || !strings.Contains(cmd.Warnings[0], tt.warning)):
				t.Errorf("warnings %q, want one containing %q", cmd.Warnings, tt.warning)
			}
		})
	}
}

// A prompt that looks like a flag or a subcommand must reach the CLI as the prompt.
func TestBuildCommandDashPrompt(t *testing.T) {
	t.Parallel()
	prompts := []string{"-x review", "--help", "- item one\n- item two", "review", "help", "--"}
	for _, backend := range Backends {
		for _, p := range prompts {
			t.Run(backend+" "+p, func(t *testing.T) {
				t.Parallel()
				cmd, err := BuildCommand(Spec{Backend: backend, Prompt: p, Dirs: []string{"/w", "/x"}})
				if err != nil {
					t.Fatal(err)
				}
				if backend == Gemini {
					if cmd.Argv[1] != "--prompt="+p {
						t.Errorf("gemini prompt arg %q", cmd.Argv[1])
					}
					return
				}
				n := len(cmd.Argv)
				if cmd.Argv[n-2] != "--" || cmd.Argv[n-1] != p {
					t.Errorf("prompt not after --: %q", cmd.Argv)
				}
				if slices.Index(cmd.Argv, "--") != n-2 {
					t.Errorf("a -- before the end: %q", cmd.Argv)
				}
			})
		}
	}
}

func TestBuildCommandErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		spec Spec
		err  error
		msg  string
	}{
		{"unknown backend", Spec{Backend: "aider", Prompt: "x"}, ErrUnknownBackend, `"aider"`},
		{"empty backend", Spec{Prompt: "x"}, ErrUnknownBackend, "claude, codex"},
		{"empty prompt", Spec{Backend: Claude, Prompt: "  \n"}, ErrEmptyPrompt, "empty prompt"},
		{"bad profile", Spec{Backend: Claude, Prompt: "x", Profile: "yolo"}, ErrUnknownProfile, `"yolo"`},
		{"nul in prompt", Spec{Backend: Claude, Prompt: "a\x00b"}, ErrInvalidSpec, "NUL"},
		{"codex dash prompt", Spec{Backend: Codex, Prompt: "-"}, ErrInvalidSpec, "stdin"},
		{"model looks like flag", Spec{Backend: Claude, Prompt: "x", Model: "--bogus"}, ErrInvalidSpec, "model"},
		{"tools look like flag", Spec{Backend: Claude, Prompt: "x", AllowedTools: "-Read"}, ErrInvalidSpec, "allowed tools"},
		{"newline in model", Spec{Backend: Codex, Prompt: "x", Model: "a\nb"}, ErrInvalidSpec, "control"},
		{"opencode model without provider", Spec{Backend: OpenCode, Prompt: "x", Model: "claude-sonnet-4-5"}, ErrInvalidSpec, "provider/model"},
		{"negative turns", Spec{Backend: Claude, Prompt: "x", MaxTurns: -1}, ErrInvalidSpec, "max turns"},
		{"relative dir", Spec{Backend: Claude, Prompt: "x", Dirs: []string{"repo"}}, ErrInvalidSpec, "absolute"},
		{"gemini comma dir", Spec{Backend: Gemini, Prompt: "x", Dirs: []string{"/a", "/b,c"}}, ErrInvalidSpec, "comma"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := BuildCommand(tt.spec)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err %v, want %v", err, tt.err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err %q lacks %q", err, tt.msg)
			}
		})
	}
}

func TestKeyEnv(t *testing.T) {
	t.Parallel()
	tests := []struct {
		backend string
		want    []KeyVar
	}{
		{Claude, []KeyVar{{"anthropic", "ANTHROPIC_API_KEY"}}},
		{Codex, []KeyVar{{"openai", "CODEX_API_KEY"}, {"openai", "OPENAI_API_KEY"}}},
		{Gemini, []KeyVar{{"google", "GEMINI_API_KEY"}}},
		{OpenCode, []KeyVar{{"anthropic", "ANTHROPIC_API_KEY"}, {"openai", "OPENAI_API_KEY"}, {"google", "GOOGLE_GENERATIVE_AI_API_KEY"}, {"google", "GEMINI_API_KEY"}}},
		{"aider", nil},
	}
	for _, tt := range tests {
		t.Run(tt.backend, func(t *testing.T) {
			t.Parallel()
			if got := KeyEnv(tt.backend); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestResumeArgv(t *testing.T) {
	t.Parallel()
	tests := []struct {
		backend string
		want    []string // a subsequence the argv must hold, in order
		absent  string
	}{
		{Claude, []string{"claude", "-p", "--resume", "sess-1", "--", ResumePrompt}, ""},
		{Codex, []string{"codex", "exec", "resume", "--json", `sandbox_mode="workspace-write"`, "--", "sess-1", ResumePrompt}, "--sandbox"},
		{Gemini, []string{"gemini", "--resume", "sess-1", "--prompt=" + ResumePrompt}, ""},
		{OpenCode, []string{"opencode", "run", "--session", "sess-1", "--", ResumePrompt}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.backend, func(t *testing.T) {
			t.Parallel()
			model := ""
			if tt.backend == OpenCode {
				model = "anthropic/claude-sonnet-4-5"
			}
			cmd, err := BuildCommand(Spec{Backend: tt.backend, Prompt: ResumePrompt, Model: model, Dirs: []string{"/w"},
				Profile: ProfileEdits, ResumeSession: "sess-1"})
			if err != nil {
				t.Fatal(err)
			}
			i := 0
			for _, a := range cmd.Argv {
				if i < len(tt.want) && a == tt.want[i] {
					i++
				}
				if tt.absent != "" && a == tt.absent {
					t.Fatalf("argv %q holds %q", cmd.Argv, tt.absent)
				}
			}
			if i < len(tt.want) {
				t.Fatalf("argv %q lacks %q in order", cmd.Argv, tt.want)
			}
			if cmd.PromptArg < 0 || !strings.Contains(cmd.Argv[cmd.PromptArg], ResumePrompt) {
				t.Fatalf("PromptArg %d of %q does not point at the prompt", cmd.PromptArg, cmd.Argv)
			}
		})
	}
	if _, err := BuildCommand(Spec{Backend: Claude, Prompt: "p", ResumeSession: "-x"}); err == nil {
		t.Fatal("a session id starting with - must be refused")
	}
}
