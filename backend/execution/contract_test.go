package execution

// Contract tests: the real agent CLIs (the npm packages, at the versions scripts/install-clis.sh
// pins), run by the real engine with the argv agent.BuildCommand builds, against local fake
// model APIs (backend/internal/fakeapi). They prove that each CLI accepts our argv, talks to the
// base URL we give it, and that our parser reads its answer, its usage, its tool calls and its
// rate-limit and quota errors. Facts behind the environment below: reference/agent-clis.md.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/internal/fakeapi"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/trigger"
)

// contractRunTimeout bounds one CLI run; the slowest (opencode) takes 5–11 s on a busy 2-CPU box.
const contractRunTimeout = 90 * time.Second

var (
	realOnce sync.Once
	realBin  string // node_modules/.bin of the installed CLIs
	realSkip string // why the CLIs cannot be installed here (npm unreachable)
	realErr  error
)

// realCLIs installs the pinned CLIs once per test binary (quick when already installed) and
// returns their bin dir. It skips the test only when npm cannot be reached.
func realCLIs(t *testing.T) string {
	t.Helper()
	realOnce.Do(func() {
		var stdout, stderr bytes.Buffer
		cmd := exec.Command("bash", filepath.Join("..", "..", "scripts", "install-clis.sh"))
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		start := time.Now()
		err := cmd.Run()
		var ee *exec.ExitError
		switch {
		case errors.As(err, &ee) && ee.ExitCode() == 3:
			realSkip = stderr.String()
		case err != nil:
			realErr = fmt.Errorf("scripts/install-clis.sh: %v\n%s", err, stderr.String())
		default:
			out := strings.Fields(stdout.String())
			if len(out) == 0 {
				realErr = fmt.Errorf("scripts/install-clis.sh printed no bin dir\n%s", stderr.String())
				return
			}
			realBin = out[len(out)-1]
			if d := time.Since(start); d > 2*time.Second {
				t.Logf("installed the agent CLIs in %s:\n%s", d.Round(time.Second), stderr.String())
			}
		}
	})
	if realSkip != "" {
		t.Skipf("\n\n!!!!! SKIPPED: the real agent CLIs are not installed and scripts/install-clis.sh cannot install them "+
			"because npm or its registry is unreachable. The CLI contract tests did NOT run. !!!!!\n%s", realSkip)
	}
	if realErr != nil {
		t.Fatal(realErr)
	}
	return realBin
}

// contractCLI is one backend under contract.
type contractCLI struct {
	backend string
	model   string // the trigger's Model; gemini and opencode need one to stay on the fake
	// env returns the variables that point the CLI at api and isolate its config in home.
	env func(t *testing.T, api *fakeapi.Server, home string) []string
	// priced: the CLI computes a cost itself (claude, opencode); shows: its stream shows the
	// tool's output (gemini's stream-json does not for read_file); quotaReset: it prints when
	// the quota resets (codex: "try again at 1:24 AM"; the fake says in an hour).
	priced, shows, quotaReset bool
}

// fakeKey is the API key handed to every CLI; the fake records it.
const fakeKey = "sk-contract-fake-key"

// neutral blanks variables of the developer's own environment that would send a CLI elsewhere
// (Bedrock, Vertex, a login token, another config file). Later entries win in the child's env.
var neutral = []string{
	"ANTHROPIC_AUTH_TOKEN=", "CLAUDE_CODE_OAUTH_TOKEN=", "CLAUDE_CODE_USE_BEDROCK=", "CLAUDE_CODE_USE_VERTEX=",
	"CLAUDE_CODE_USE_FOUNDRY=", "ANTHROPIC_MODEL=", "ANTHROPIC_SMALL_FAST_MODEL=", "ANTHROPIC_CUSTOM_HEADERS=",
	"CODEX_API_KEY=", "OPENAI_BASE_URL=", "GOOGLE_GENAI_USE_VERTEXAI=", "GOOGLE_GENAI_USE_GCA=", "GOOGLE_API_KEY=",
	"GOOGLE_CLOUD_PROJECT=", "GEMINI_MODEL=", "GEMINI_SANDBOX=", "OPENCODE_CONFIG=", "OPENCODE_CONFIG_DIR=",
	"OPENCODE_PERMISSION=", "OPENCODE_API_KEY=",
}

var contractCLIs = []contractCLI{
	{backend: agent.Claude, model: "sonnet", priced: true, shows: true,
		env: func(t *testing.T, api *fakeapi.Server, home string) []string {
			return []string{
				"ANTHROPIC_BASE_URL=" + api.URL(), "ANTHROPIC_API_KEY=" + fakeKey,
				"CLAUDE_CONFIG_DIR=" + mkdir(t, home, "claude"),
				"CLAUDE_CODE_MAX_RETRIES=0", // default 10 retries with backoff: minutes on a 429
				"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1", "DISABLE_AUTOUPDATER=1",
			}
		}},
	{backend: agent.Codex, model: "gpt-5", shows: true, quotaReset: true,
		env: func(t *testing.T, api *fakeapi.Server, home string) []string {
			// The engine builds argv, so the provider goes into config.toml rather than -c.
			// OPENAI_BASE_URL is ignored by codex 0.169; supports_websockets=false avoids ~6 s of
			// WebSocket attempts; retries 0 make a 429 fail at once.
			dir := codexHome(t)
			cfg := fmt.Sprintf(`model_provider = "fake"

[model_providers.fake]
name = "fake"
base_url = %q
env_key = "OPENAI_API_KEY"
wire_api = "responses"
supports_websockets = false
request_max_retries = 0
stream_max_retries = 0
`, api.URL()+"/v1")
			writeFile(t, filepath.Join(dir, "config.toml"), cfg)
			return []string{"CODEX_HOME=" + dir, "OPENAI_API_KEY=" + fakeKey}
		}},
	{backend: agent.Gemini, model: "gemini-2.5-pro", // without -m a router makes an extra classifier call
		env: func(t *testing.T, api *fakeapi.Server, home string) []string {
			// GOOGLE_GEMINI_BASE_URL alone selects the "gateway" auth type, which headless mode
			// rejects (exit 41): pin the API-key auth type. maxAttempts 1: gemini would otherwise
			// back off for minutes on a per-minute 429.
			dir := mkdir(t, home, "gemini")
			writeFile(t, filepath.Join(dir, ".gemini", "settings.json"),
				`{"security":{"auth":{"selectedType":"gemini-api-key"}},"general":{"maxAttempts":1}}`)
			return []string{"GEMINI_CLI_HOME=" + dir, "GEMINI_API_KEY=" + fakeKey, "GOOGLE_GEMINI_BASE_URL=" + api.URL()}
		}},
	{backend: agent.OpenCode, model: "anthropic/claude-sonnet-4-5", priced: true, shows: true,
		env: func(t *testing.T, api *fakeapi.Server, home string) []string {
			cfg := fmt.Sprintf(`{"$schema":"https://opencode.ai/config.json","autoupdate":false,"share":"disabled",`+
				`"provider":{"anthropic":{"options":{"baseURL":%q}}}}`, api.URL()+"/v1")
			return []string{
				"OPENCODE_CONFIG_CONTENT=" + cfg, "ANTHROPIC_API_KEY=" + fakeKey,
				"XDG_CONFIG_HOME=" + mkdir(t, home, "xdg", "config"), "XDG_DATA_HOME=" + mkdir(t, home, "xdg", "data"),
				"XDG_STATE_HOME=" + mkdir(t, home, "xdg", "state"), "XDG_CACHE_HOME=" + mkdir(t, home, "xdg", "cache"),
				"OPENCODE_DISABLE_AUTOUPDATE=1", "OPENCODE_DISABLE_MODELS_FETCH=1",
			}
		}},
}

// argvRejected matches what each CLI prints when it does not know a flag of ours: claude
// (commander), codex (clap), gemini (yargs), and opencode's bare usage dump.
var argvRejected = regexp.MustCompile(`(?i)unknown option|unexpected argument|unknown argument|invalid value '.*' for '--|^opencode run \[message\.\.\]`)

// contractScenario is one run per CLI: what the fake answers, under which permission profile,
// and the failure kind the run must end with ("" = success).
type contractScenario struct {
	name    string
	mode    fakeapi.Mode
	profile string
	kind    string
	// promptBytes > 0 makes the run's prompt about that long, ending with a unique marker.
	promptBytes int
}

var contractScenarios = []contractScenario{
	{"text", fakeapi.ModeText, agent.ProfileReadOnly, "", 0},
	{"tool", fakeapi.ModeTool, agent.ProfileReadOnly, "", 0},
	{"ratelimit", fakeapi.ModeRateLimit, agent.ProfileReadOnly, agent.FailureRateLimited, 0},
	{"quota", fakeapi.ModeQuota, agent.ProfileReadOnly, agent.FailureQuota, 0},
	// The other profiles' flags must be accepted too, and the tool must still run under them.
	{"edits", fakeapi.ModeTool, agent.ProfileEdits, "", 0},
	{"full-auto", fakeapi.ModeTool, agent.ProfileFullAuto, "", 0},
	// Over the kernel's 128 KiB per argument: the prompt goes on stdin and must arrive whole.
	{"long-prompt", fakeapi.ModeText, agent.ProfileReadOnly, "", 300 << 10},
}

func TestRealCLIContract(t *testing.T) {
	t.Parallel()
	bin := realCLIs(t)
	for _, cli := range contractCLIs {
		for _, sc := range contractScenarios {
			t.Run(cli.backend+"/"+sc.name, func(t *testing.T) {
				t.Parallel()
				r := runReal(t, bin, cli, sc)
				r.checkArgvAccepted()
				switch {
				case sc.kind != "":
					r.checkFailure(sc.kind)
					if sc.kind == agent.FailureQuota && cli.quotaReset {
						r.checkResetIn(time.Hour)
					}
				case sc.mode == fakeapi.ModeTool:
					r.checkSuccess(cli, fakeapi.ToolAnswer)
					r.checkTool(cli)
				default:
					r.checkSuccess(cli, fakeapi.Answer)
				}
				if sc.promptBytes > 0 {
					r.checkPromptReceived()
				}
			})
		}
	}
}

// realRun is one finished run of a real CLI and what the fake saw of it.
type realRun struct {
	t      *testing.T
	bin    string
	cli    contractCLI
	api    *fakeapi.Server
	ex     Execution
	lines  []Line
	tx     []agent.Entry
	marker string // content of the file the tool call reads
	took   time.Duration
}

func runReal(t *testing.T, bin string, cli contractCLI, sc contractScenario) *realRun {
	t.Helper()
	api := fakeapi.New(fakeapi.Config{Mode: sc.mode})
	t.Cleanup(api.Close)
	home := t.TempDir()
	env := append([]string{}, neutral...)
	env = append(env, "HOME="+mkdir(t, home, "home"), "TMPDIR="+mkdir(t, home, "tmp"))
	env = append(env, cli.env(t, api, home)...)
	// As the app does: claude refuses --dangerously-skip-permissions as root unless told.
	// The logs, and the engine's CLI settings beside them, live outside /tmp: gemini ignores a
	// settings file below a world-writable directory.
	logDir := filepath.Join(outsideTmp(t, "engine-"), "runs")
	h := newHarness(t, harnessOpts{env: env, resolver: dirResolver{bin}, isRoot: os.Geteuid() == 0, logDir: logDir})
	tr := h.newTrigger("contract "+cli.backend, cli.backend, func(tr *trigger.Trigger) {
		tr.Model = cli.model
		tr.PermissionProfile = sc.profile
		tr.PromptTemplate = "Read marker.txt in {paths} and say hello."
		if sc.promptBytes > 0 {
			tr.PromptTemplate = "Say hello. {message}"
		}
	})
	// A second linked directory exercises each CLI's extra-directory flag.
	tr, err := h.triggers.AddPath(context.Background(), tr.ID, mkdir(t, h.workdir, "extra"))
	if err != nil {
		t.Fatal(err)
	}
	marker := fmt.Sprintf("contract-marker-%d", time.Now().UnixNano())
	file := filepath.Join(tr.Paths[0].Path, "marker.txt")
	writeFile(t, file, marker+"\n")
	api.SetToolFile(file)

	msg := ""
	if sc.promptBytes > 0 {
		msg = strings.Repeat("filler ", sc.promptBytes/7) + fmt.Sprintf("long-prompt-end-%d", time.Now().UnixNano())
	}
	start := time.Now()
	ex := h.submit(tr, msg)
	r := &realRun{t: t, bin: bin, cli: cli, api: api, marker: marker}
	// Not Eventually: a run still going at the deadline is reported by the checks that follow.
	testutil.WaitFor(contractRunTimeout, func() bool {
		got, err := h.engine.Get(context.Background(), ex.ID)
		if err != nil {
			t.Fatal(err)
		}
		r.ex = got
		return IsTerminal(got.Status)
	})
	r.took = time.Since(start)
	r.lines = h.allLines(ex.ID)
	tx, err := h.engine.Transcript(context.Background(), ex.ID, 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	r.tx = tx
	if r.ex.Status == StatusQueued || r.ex.Status == StatusRunning {
		r.fail("still %s after %s", r.ex.Status, contractRunTimeout)
	}
	t.Logf("%s %s: %s in %s, failure %q (%s) reset %q, usage %+v\nargv %q", cli.backend, sc.name, r.ex.Status, r.took.Round(10*time.Millisecond),
		r.ex.FailureKind, clip(r.ex.FailureEvidence, 200), r.ex.ResetAt, r.ex.Usage, r.ex.Argv)
	return r
}

// fail stops the test with everything needed to see what the CLI did.
func (r *realRun) fail(format string, args ...any) {
	r.t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, format, args...)
	fmt.Fprintf(&b, "\n--- run: status=%s exit=%v failure=%q evidence=%q error=%q after %s\n--- argv: %q\n--- dir: %s\n--- log:\n",
		r.ex.Status, deref(r.ex.ExitCode), r.ex.FailureKind, r.ex.FailureEvidence, r.ex.ErrorMessage, r.took, r.ex.Argv, r.ex.WorkingDir)
	for _, l := range r.lines {
		text := l.Text
		if len(text) > 600 {
			text = text[:600] + "…"
		}
		fmt.Fprintf(&b, "  %4d %-6s %s\n", l.Seq, l.Stream, text)
	}
	b.WriteString("--- transcript:\n")
	for _, e := range r.tx {
		fmt.Fprintf(&b, "  %4d %-11s tool=%q err=%v %q input=%q\n", e.Seq, e.Kind, e.Tool, e.IsError, clip(e.Text, 200), clip(e.Input, 200))
	}
	b.WriteString("--- fake API requests:\n" + r.api.Summary())
	r.t.Fatal(b.String())
}

// checkArgvAccepted: the CLI parsed our argv, started, and reached the fake model API.
func (r *realRun) checkArgvAccepted() {
	r.t.Helper()
	if len(r.ex.Argv) == 0 || r.ex.Argv[0] != filepath.Join(r.bin, r.cli.backend) {
		r.fail("argv does not start with the installed %s", r.cli.backend)
	}
	for _, l := range r.lines {
		if l.Stream != StreamSystem && argvRejected.MatchString(l.Text) {
			r.fail("%s rejected our argv: %q", r.cli.backend, l.Text)
		}
	}
	for _, q := range r.api.Requests() {
		if q.Reply != "probe" && q.Reply != "not_found" {
			if q.APIKey != fakeKey {
				r.fail("the fake API got key %q, want the one from the environment", q.APIKey)
			}
			return
		}
	}
	r.fail("%s never called the fake model API", r.cli.backend)
}

func (r *realRun) checkSuccess(cli contractCLI, want string) {
	r.t.Helper()
	if r.ex.Status != StatusSuccess || r.ex.ExitCode == nil || *r.ex.ExitCode != 0 {
		r.fail("want success with exit 0")
	}
	if text := r.text(); !strings.Contains(text, want) {
		r.fail("the transcript's assistant text %q lacks the fake's answer %q", text, want)
	}
	u := r.ex.Usage
	if u.InputTokens <= 0 || u.OutputTokens <= 0 {
		r.fail("usage not read: %+v", u)
	}
	if cli.priced && u.CostUSD <= 0 {
		r.fail("%s prices its usage but the cost was not read: %+v", cli.backend, u)
	}
}

// checkTool: the CLI really ran the fake's tool call and sent the file's content back, and the
// transcript shows the call and its result.
func (r *realRun) checkTool(cli contractCLI) {
	r.t.Helper()
	sawResult := false
	for _, q := range r.api.Requests() {
		if q.ToolResult && strings.Contains(q.ToolResultText, r.marker) {
			sawResult = true
		}
	}
	if !sawResult {
		r.fail("the fake API never received the tool's output (%s)", r.marker)
	}
	var call, result *agent.Entry
	for i, e := range r.tx {
		switch {
		case e.Kind == agent.EntryToolCall && call == nil:
			call = &r.tx[i]
		case e.Kind == agent.EntryToolResult && result == nil:
			result = &r.tx[i]
		}
	}
	if call == nil || result == nil {
		r.fail("the transcript lacks the tool call or its result")
	}
	if call.Tool == "" || !strings.Contains(call.Input+call.Text, "marker.txt") {
		r.fail("tool call entry %+v does not name the tool and the file", *call)
	}
	if result.IsError {
		r.fail("tool result is an error: %+v", *result)
	}
	if cli.shows && !strings.Contains(result.Text, r.marker) {
		r.fail("tool result entry %q lacks the file's content %q", clip(result.Text, 300), r.marker)
	}
}

// checkPromptReceived: the fake model API got the whole prompt, its unique end included.
func (r *realRun) checkPromptReceived() {
	r.t.Helper()
	end := r.ex.Prompt[len(r.ex.Prompt)-40:]
	sawEnd := false
	for _, q := range r.api.Requests() {
		if q.Contains(r.ex.Prompt) {
			r.t.Logf("%s: the fake API received the whole %d-byte prompt", r.cli.backend, len(r.ex.Prompt))
			return
		}
		sawEnd = sawEnd || q.Contains(end)
	}
	r.fail("the fake API never received the whole %d-byte prompt (its end %q seen: %v)", len(r.ex.Prompt), end, sawEnd)
}

// limitWords are what a rate-limit or quota evidence line talks about.
var limitWords = regexp.MustCompile(`(?i)429|rate.?limit|quota|usage limit|exhausted|credit balance`)

func (r *realRun) checkFailure(kind string) {
	r.t.Helper()
	if r.ex.Status != StatusFailed {
		r.fail("want failed (%s)", kind)
	}
	if r.ex.FailureKind != kind {
		r.fail("failure kind %q, want %q", r.ex.FailureKind, kind)
	}
	ev := r.ex.FailureEvidence
	if ev == "" || !limitWords.MatchString(ev) {
		r.fail("evidence %q does not show the limit", ev)
	}
	// The evidence is (a window of) a line the CLI printed, not a message of ours.
	core := []rune(strings.Trim(ev, "…. "))
	if len(core) > 40 {
		core = core[:40]
	}
	if !anyLine(r.lines, func(s string) bool { return strings.Contains(s, string(core)) }) {
		r.fail("evidence %q is not from the CLI's output", ev)
	}
	hit := false
	for _, q := range r.api.Requests() {
		hit = hit || q.Reply == "rate_limit" || q.Reply == "quota"
	}
	if !hit {
		r.fail("the fake API never answered with the error")
	}
}

// checkResetIn: the run's ResetAt is about d from now (the CLI prints it to the minute).
func (r *realRun) checkResetIn(d time.Duration) {
	r.t.Helper()
	at, err := time.Parse(time.RFC3339, r.ex.ResetAt)
	if err != nil {
		r.fail("reset time %q not read: %v", r.ex.ResetAt, err)
	}
	if off := time.Until(at) - d; off < -3*time.Minute || off > 3*time.Minute {
		r.fail("reset at %s, want about %s from now", r.ex.ResetAt, d)
	}
}

// text joins the transcript's assistant text (gemini streams it in deltas).
func (r *realRun) text() string {
	var b strings.Builder
	for _, e := range r.tx {
		if e.Kind == agent.EntryText {
			b.WriteString(e.Text)
		}
	}
	return b.String()
}

// codexHome makes a CODEX_HOME outside the temp dir: under /tmp codex refuses to create its
// helper binaries and its sandboxed shell tool then fails without a trace in the JSON stream.
func codexHome(t *testing.T) string {
	t.Helper()
	return outsideTmp(t, "codex-")
}

// outsideTmp makes a directory below the user's cache, removed after the test: some CLIs refuse
// files below a world-writable directory such as /tmp.
func outsideTmp(t *testing.T, prefix string) string {
	t.Helper()
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(cache, "agented", "contract-homes")
	if err := os.MkdirAll(base, 0o700); err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp(base, prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}

func mkdir(t *testing.T, parts ...string) string {
	t.Helper()
	p := filepath.Join(parts...)
	if err := os.MkdirAll(p, 0o700); err != nil {
		t.Fatal(err)
	}
	return p
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	mkdir(t, filepath.Dir(path))
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
