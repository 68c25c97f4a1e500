package agent

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Each CLI retries a failed model request on its own before it gives up: claude 10 times with
// backoff (minutes), codex 5 stream reconnects, gemini up to 10 attempts, opencode 5 retries.
// While it does, Agented's router cannot move the run to another account. These caps leave one
// retry, enough to ride out a blip, so a rate limit reaches the router within seconds. Measured
// against the fake model API: docs/schedules.md.
const (
	claudeMaxRetries  = 1 // CLAUDE_CODE_MAX_RETRIES
	codexMaxRetries   = 1 // model_providers.<id>.request_max_retries and stream_max_retries
	geminiMaxAttempts = 2 // general.maxAttempts: the first try and one retry
)

// GeminiDefaultsFile is the settings file RetryCapEnv points gemini at, inside the engine's CLI
// directory (see WriteRetryCapFiles).
const GeminiDefaultsFile = "gemini-system-defaults.json"

// RetryCapEnv returns the variables that cap a backend's own retry loop. cliDir is where
// WriteRetryCapFiles wrote gemini's settings file ("" leaves gemini uncapped). gemini reads
// general.maxAttempts only from a settings file; GEMINI_CLI_SYSTEM_DEFAULTS_PATH names the
// lowest-precedence one, so a maxAttempts in the user's or the account's own settings.json still
// wins. A GEMINI_CLI_SYSTEM_DEFAULTS_PATH already in env is the user's and is kept. opencode has
// no cap (its 5 retries are constants in the binary); codex's is in RetryCapArgs.
func RetryCapEnv(backend, cliDir string, env []string) []string {
	switch backend {
	case Claude:
		return []string{"CLAUDE_CODE_MAX_RETRIES=" + strconv.Itoa(claudeMaxRetries)}
	case Gemini:
		if cliDir == "" || lookupEnv(env, "GEMINI_CLI_SYSTEM_DEFAULTS_PATH") != "" {
			return nil
		}
		return []string{"GEMINI_CLI_SYSTEM_DEFAULTS_PATH=" + filepath.Join(cliDir, GeminiDefaultsFile)}
	}
	return nil
}

// WriteRetryCapFiles writes the settings files RetryCapEnv points at into dir.
func WriteRetryCapFiles(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create cli dir: %w", err)
	}
	b, err := json.Marshal(map[string]any{"general": map[string]any{"maxAttempts": geminiMaxAttempts}})
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, GeminiDefaultsFile), b, 0o600); err != nil {
		return fmt.Errorf("write gemini defaults: %w", err)
	}
	return nil
}

// RetryCapArgs inserts codex's caps into cmd's argv. codex keeps them per model provider and
// refuses to override a built-in provider (openai, oss…: "Built-in providers cannot be
// overridden"), so only a custom provider defined in the config.toml of the run's CODEX_HOME
// (else ~/.codex) can be capped; the default openai provider keeps codex's own 4 request
// retries and 5 stream reconnects. A cap the config already sets at or below ours is left alone.
// It returns what it did, for the run's log ("" when nothing).
func RetryCapArgs(cmd *Command, backend string, env []string) string {
	if backend != Codex || len(cmd.Argv) < 2 || cmd.Argv[1] != "exec" {
		return ""
	}
	id, p, ok := codexCustomProvider(env)
	if !ok {
		return ""
	}
	var args []string
	for _, key := range []string{"request_max_retries", "stream_max_retries"} {
		if v, set := p[key].(int64); set && v <= codexMaxRetries {
			continue
		}
		args = append(args, "-c", fmt.Sprintf("model_providers.%s.%s=%d", id, key, codexMaxRetries))
	}
	if len(args) == 0 {
		return ""
	}
	cmd.Argv = insertAfter(cmd.Argv, 1, args...)
	if cmd.PromptArg > 1 {
		cmd.PromptArg += len(args)
	}
	return fmt.Sprintf("codex retries capped at %d for provider %q", codexMaxRetries, id)
}

// codexCustomProvider reads the config.toml codex will read and returns the selected provider
// when that config defines it (a custom provider).
func codexCustomProvider(env []string) (string, map[string]any, bool) {
	home := lookupEnv(env, "CODEX_HOME")
	if home == "" {
		h := lookupEnv(env, "HOME")
		if h == "" {
			return "", nil, false
		}
		home = filepath.Join(h, ".codex")
	}
	var cfg struct {
		ModelProvider  string                    `toml:"model_provider"`
		ModelProviders map[string]map[string]any `toml:"model_providers"`
	}
	if _, err := toml.DecodeFile(filepath.Join(home, "config.toml"), &cfg); err != nil {
		return "", nil, false
	}
	p, ok := cfg.ModelProviders[cfg.ModelProvider]
	if !ok || !codexProviderID(cfg.ModelProvider) {
		return "", nil, false
	}
	return cfg.ModelProvider, p, true
}

// codexProviderID says whether id can be written as a bare TOML key in a -c path.
func codexProviderID(id string) bool {
	return id != "" && strings.IndexFunc(id, func(r rune) bool {
		return !(r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) < 0
}

// lookupEnv returns the last value of key in a KEY=VALUE list (later entries win in a child).
func lookupEnv(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val
		}
	}
	return v
}
