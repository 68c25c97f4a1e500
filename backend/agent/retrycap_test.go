package agent

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestRetryCapEnv(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, backend, cliDir string
		env                   []string
		want                  []string
	}{
		{"claude", Claude, "/d", nil, []string{"CLAUDE_CODE_MAX_RETRIES=1"}},
		{"gemini", Gemini, "/d", nil, []string{"GEMINI_CLI_SYSTEM_DEFAULTS_PATH=" + filepath.Join("/d", GeminiDefaultsFile)}},
		{"gemini without a cli dir", Gemini, "", nil, nil},
		{"gemini keeps the user's defaults file", Gemini, "/d", []string{"GEMINI_CLI_SYSTEM_DEFAULTS_PATH=/etc/mine.json"}, nil},
		{"codex caps through argv", Codex, "/d", nil, nil},
		{"opencode has no cap", OpenCode, "/d", nil, nil},
		{"unknown backend", "nope", "/d", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := RetryCapEnv(tt.backend, tt.cliDir, tt.env); !slices.Equal(got, tt.want) {
				t.Fatalf("RetryCapEnv = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWriteRetryCapFiles(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "cli")
	if err := WriteRetryCapFiles(dir); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, GeminiDefaultsFile))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		General struct {
			MaxAttempts int `json:"maxAttempts"`
		} `json:"general"`
	}
	if err := json.Unmarshal(b, &got); err != nil || got.General.MaxAttempts != geminiMaxAttempts {
		t.Fatalf("gemini defaults %s (%v), want maxAttempts %d", b, err, geminiMaxAttempts)
	}
	// A file where the directory should be: a clear error, not a panic.
	blocked := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocked, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteRetryCapFiles(filepath.Join(blocked, "cli")); err == nil {
		t.Fatal("want an error when the directory cannot be made")
	}
}

func TestRetryCapArgs(t *testing.T) {
	t.Parallel()
	custom := `model_provider = "fake"
[model_providers.fake]
name = "fake"
base_url = "http://127.0.0.1:1/v1"
`
	tests := []struct {
		name, config string
		resume       bool
		want         []string // the -c values inserted, in order
	}{
		{"custom provider", custom, false, []string{"model_providers.fake.request_max_retries=1", "model_providers.fake.stream_max_retries=1"}},
		{"resume", custom, true, []string{"model_providers.fake.request_max_retries=1", "model_providers.fake.stream_max_retries=1"}},
		{"already capped lower", custom + "request_max_retries = 0\nstream_max_retries = 1\n", false, nil},
		{"one already capped", custom + "stream_max_retries = 0\n", false, []string{"model_providers.fake.request_max_retries=1"}},
		{"raised caps are lowered", custom + "stream_max_retries = 9\n", false, []string{"model_providers.fake.request_max_retries=1", "model_providers.fake.stream_max_retries=1"}},
		{"built-in openai cannot be overridden", "model = \"gpt-5\"\n", false, nil},
		{"provider selected but not defined", "model_provider = \"oss\"\n", false, nil},
		{"no config file", "", false, nil},
		{"broken toml", "model_provider = [\n", false, nil},
		{"id that is not a bare key", "model_provider = \"a.b\"\n[model_providers.\"a.b\"]\nname = \"x\"\n", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			home := t.TempDir()
			if tt.config != "" {
				if err := os.WriteFile(filepath.Join(home, "config.toml"), []byte(tt.config), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			cmd, err := BuildCommand(Spec{Backend: Codex, Prompt: "hello", Profile: ProfileReadOnly, ResumeSession: map[bool]string{true: "sess-1"}[tt.resume]})
			if err != nil {
				t.Fatal(err)
			}
			before := slices.Clone(cmd.Argv)
			note := RetryCapArgs(&cmd, Codex, []string{"HOME=/nowhere", "CODEX_HOME=" + home})
			var got []string
			for i := 0; i+1 < len(cmd.Argv); i++ {
				if cmd.Argv[i] == "-c" && !slices.Contains(before, cmd.Argv[i+1]) {
					got = append(got, cmd.Argv[i+1])
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("inserted %q, want %q (argv %q)", got, tt.want, cmd.Argv)
			}
			if (note != "") != (len(tt.want) > 0) {
				t.Fatalf("note %q with %d args", note, len(tt.want))
			}
			if cmd.Argv[1] != "exec" || cmd.Argv[cmd.PromptArg] != "hello" {
				t.Fatalf("argv %q: prompt index %d no longer points at the prompt", cmd.Argv, cmd.PromptArg)
			}
		})
	}
	// Other backends' argv are left alone.
	cmd := Command{Argv: []string{Claude, "-p", "x"}, PromptArg: 2}
	if RetryCapArgs(&cmd, Claude, nil) != "" || len(cmd.Argv) != 3 {
		t.Fatalf("claude argv changed: %q", cmd.Argv)
	}
}
