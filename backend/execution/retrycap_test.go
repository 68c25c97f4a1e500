package execution

// The CLIs' own retry loops, capped by the engine (agent.RetryCapEnv, agent.RetryCapArgs): each
// real CLI runs with its own defaults (no retry setting of ours in its environment or config)
// against a fake model API that answers every request with a 429, and the fake counts how many
// requests the CLI made before it gave the run back.

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/internal/fakeapi"
)

// uncappedCLIs point each CLI at the fake as contractCLIs do, minus every retry setting.
var uncappedCLIs = []contractCLI{
	{backend: agent.Claude, model: "sonnet",
		env: func(t *testing.T, api *fakeapi.Server, home string) []string {
			return []string{"ANTHROPIC_BASE_URL=" + api.URL(), "ANTHROPIC_API_KEY=" + fakeKey,
				"CLAUDE_CONFIG_DIR=" + mkdir(t, home, "claude"), "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1", "DISABLE_AUTOUPDATER=1"}
		}},
	{backend: agent.Codex, model: "gpt-5",
		env: func(t *testing.T, api *fakeapi.Server, home string) []string {
			dir := codexHome(t)
			writeFile(t, filepath.Join(dir, "config.toml"), fmt.Sprintf(`model_provider = "fake"

[model_providers.fake]
name = "fake"
base_url = %q
env_key = "OPENAI_API_KEY"
wire_api = "responses"
supports_websockets = false
`, api.URL()+"/v1"))
			return []string{"CODEX_HOME=" + dir, "OPENAI_API_KEY=" + fakeKey}
		}},
	{backend: agent.Gemini, model: "gemini-2.5-pro",
		env: func(t *testing.T, api *fakeapi.Server, home string) []string {
			dir := mkdir(t, home, "gemini")
			writeFile(t, filepath.Join(dir, ".gemini", "settings.json"), `{"security":{"auth":{"selectedType":"gemini-api-key"}}}`)
			return []string{"GEMINI_CLI_HOME=" + dir, "GEMINI_API_KEY=" + fakeKey, "GOOGLE_GEMINI_BASE_URL=" + api.URL()}
		}},
	contractCLIs[3], // opencode: nothing of ours caps it, in the contract runs either
}

func TestRealCLIRetryCap(t *testing.T) {
	t.Parallel()
	bin := realCLIs(t)
	// Model requests (the ones offering tools; side requests such as session titles are apart) a
	// rate-limited run may make: the first and the one retry the caps leave. opencode has no cap:
	// the first and its 5 retries (constants in its binary).
	maxRequests := map[string]int{agent.Claude: 2, agent.Codex: 2, agent.Gemini: 2, agent.OpenCode: 6}
	for _, cli := range uncappedCLIs {
		// One CLI at a time: four heavy CLIs starting together on a small machine can take
		// longer than a run's deadline before their first request.
		t.Run(cli.backend, func(t *testing.T) {
			r := runReal(t, bin, cli, contractScenario{name: "ratelimit-uncapped", mode: fakeapi.ModeRateLimit, profile: agent.ProfileReadOnly})
			r.checkArgvAccepted()
			r.checkFailure(agent.FailureRateLimited)
			n, side := 0, 0
			for _, q := range r.api.Requests() {
				switch {
				case q.Reply != "rate_limit":
				case len(q.Tools) > 0:
					n++
				default:
					side++
				}
			}
			t.Logf("%s: %d model requests (and %d side requests) answered 429, gave the run back after %s", cli.backend, n, side, r.took.Round(10e6))
			if n > maxRequests[cli.backend] {
				r.fail("%s made %d requests on a 429, want at most %d", cli.backend, n, maxRequests[cli.backend])
			}
			if cli.backend == agent.Codex && !slices.Contains(r.ex.Argv, "model_providers.fake.stream_max_retries=1") {
				r.fail("codex argv %q lacks the stream retry cap", r.ex.Argv)
			}
		})
	}
}
