package agent

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The fake CLIs are built once per test binary and removed by TestMain.
var (
	fakeOnce sync.Once
	fakeDir  string
	fakeErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if fakeDir != "" {
		_ = os.RemoveAll(fakeDir)
	}
	os.Exit(code)
}

// fakeCLIs builds testdata/fakeagent and links it under the four CLI names.
func fakeCLIs() (string, error) {
	fakeOnce.Do(func() {
		goBin, err := exec.LookPath("go")
		if err != nil {
			fakeErr = err
			return
		}
		if fakeDir, fakeErr = os.MkdirTemp("", "fakeagent-"); fakeErr != nil {
			return
		}
		bin := filepath.Join(fakeDir, "fakeagent")
		if out, err := exec.Command(goBin, "build", "-o", bin, "../../testdata/fakeagent").CombinedOutput(); err != nil {
			fakeErr = errors.New(string(out))
			return
		}
		for _, b := range Backends {
			if fakeErr = os.Symlink(bin, filepath.Join(fakeDir, b)); fakeErr != nil {
				return
			}
		}
	})
	return fakeDir, fakeErr
}

// runFake runs a built command against the fake CLI the way the engine does (stdin closed,
// cwd = Dirs[0], Command.Env added) and parses what it printed.
func runFake(t *testing.T, cmd Command, mode string) (Outcome, []Entry, string) {
	t.Helper()
	dir, err := fakeCLIs()
	if err != nil {
		t.Fatal("cannot build the fake CLI:", err)
	}
	c := exec.Command(filepath.Join(dir, cmd.Argv[0]), cmd.Argv[1:]...)
	c.Dir = cmd.Dir
	for _, kv := range os.Environ() {
		// The root check must see only what BuildCommand asked for.
		if !strings.HasPrefix(kv, "IS_SANDBOX=") {
			c.Env = append(c.Env, kv)
		}
	}
	c.Env = append(append(c.Env, cmd.Env...), "FAKEAGENT_MODE="+mode)
	var stdout, stderr bytes.Buffer
	c.Stdout, c.Stderr = &stdout, &stderr
	err = c.Run()
	code := 0
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		code = exitErr.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	p := NewParser(cmd.Argv[0])
	var lines []RawLine
	for _, s := range []struct {
		name string
		buf  *bytes.Buffer
	}{{"stdout", &stdout}, {"stderr", &stderr}} {
		sc := bufio.NewScanner(s.buf)
		for sc.Scan() {
			l := RawLine{Seq: int64(len(lines) + 1), Stream: s.name, Text: sc.Text()}
			lines = append(lines, l)
			p.Line(l.Seq, l.Stream, l.Text)
		}
	}
	return p.Finish(code), Transcript(cmd.Argv[0], lines), stderr.String()
}

// Every argv BuildCommand produces is accepted by the fake CLIs, which check it like the real
// ones, and the parsers read the fakes' output.
func TestFakeCLIAcceptsBuiltCommands(t *testing.T) {
	t.Parallel()
	work, extra := t.TempDir(), t.TempDir()
	for _, backend := range Backends {
		for _, profile := range []string{ProfileReadOnly, ProfileEdits, ProfileFullAuto} {
			t.Run(backend+"/"+profile, func(t *testing.T) {
				t.Parallel()
				cmd, err := BuildCommand(Spec{Backend: backend, Prompt: "-x --help review", Profile: profile,
					Dirs: []string{work, extra}, IsRoot: os.Geteuid() == 0, MaxTurns: 4, Model: map[string]string{OpenCode: "anthropic/claude-sonnet-4-5"}[backend]})
				if err != nil {
					t.Fatal(err)
				}
				out, entries, stderr := runFake(t, cmd, "success")
				if out.Failure != nil || out.Success == nil || !*out.Success {
					t.Fatalf("outcome %+v %+v\nstderr: %s", out, out.Failure, stderr)
				}
				if out.Usage.OutputTokens == 0 || out.Usage.ResultText == "" {
					t.Errorf("usage %+v", out.Usage)
				}
				kinds := map[string]int{}
				for _, e := range entries {
					kinds[e.Kind]++
				}
				if kinds[EntryText] == 0 || kinds[EntryToolCall] == 0 || kinds[EntryToolResult] == 0 {
					t.Errorf("transcript kinds %v", kinds)
				}
			})
		}
	}
}

func TestFakeCLIFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		backend, mode string
		kind          string
		reset         bool
	}{
		{Claude, "auth", FailureAuth, false},
		{Claude, "ratelimit", FailureQuota, true},
		{Claude, "crash", FailureCrashed, false},
		{Codex, "auth", FailureAuth, false},
		{Codex, "ratelimit", FailureQuota, true},
		{Codex, "crash", FailureCrashed, false},
		{Gemini, "auth", FailureAuth, false},
		{Gemini, "ratelimit", FailureQuota, true},
		{Gemini, "crash", FailureCrashed, false},
		{OpenCode, "auth", FailureAuth, false},
		{OpenCode, "ratelimit", FailureRateLimited, true},
		{OpenCode, "crash", FailureCrashed, false},
	}
	for _, tt := range tests {
		t.Run(tt.backend+"/"+tt.mode, func(t *testing.T) {
			t.Parallel()
			cmd, err := BuildCommand(Spec{Backend: tt.backend, Prompt: "review", Dirs: []string{t.TempDir()}})
			if err != nil {
				t.Fatal(err)
			}
			out, _, stderr := runFake(t, cmd, tt.mode)
			f := out.Failure
			if f == nil || f.Kind != tt.kind || f.Evidence == "" {
				t.Fatalf("failure %+v, want %s\nstderr: %s", f, tt.kind, stderr)
			}
			if !tt.reset {
				return
			}
			at, err := time.Parse(time.RFC3339, f.ResetAt)
			if d := time.Until(at); err != nil || d < 55*time.Minute || d > 65*time.Minute {
				t.Errorf("resetAt %q (%v), want about an hour from now; evidence %q", f.ResetAt, d, f.Evidence)
			}
		})
	}
}

// What the real CLIs do with a malformed command line, which is what the fakes must mimic.
func TestFakeCLIRejectsLikeTheRealOnes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		argv   []string
		code   int
		stderr string
	}{
		{[]string{"claude", "-p", "-x review", "--verbose", "--output-format", "stream-json"}, 1, "error: unknown option '-x review'"},
		{[]string{"claude", "-p", "--output-format", "stream-json", "--", "hi"}, 1, "requires --verbose"},
		{[]string{"claude", "--version"}, 0, ""},
		{[]string{"codex", "exec", "--json", "--full-auto", "--", "hi"}, 2, "error: unexpected argument '--full-auto' found"},
		{[]string{"codex", "exec", "--json", "-a", "never", "--", "hi"}, 2, "unexpected argument '-a'"},
		{[]string{"codex", "exec", "--json", "--sandbox", "bogus", "--", "hi"}, 2, "[possible values: read-only, workspace-write, danger-full-access]"},
		{[]string{"codex", "exec", "--json", "--", "hi"}, 1, "Not inside a trusted directory"},
		{[]string{"gemini", "-p", "-x", "--output-format", "stream-json"}, 1, "Not enough arguments following: p"},
		{[]string{"gemini", "--prompt=hi", "--output-format", "stream-json"}, 55, "not running in a trusted directory"},
		{[]string{"gemini", "--prompt=hi", "--bogus-flag"}, 1, "Unknown arguments: bogus-flag, bogusFlag"},
		{[]string{"gemini", "--prompt=hi", "--approval-mode", "never"}, 1, "Invalid values:"},
		{[]string{"opencode", "run", "--format", "json", "--bogus", "--", "hi"}, 1, "opencode run [message..]"},
		{[]string{"opencode", "run", "--format", "json"}, 1, "You must provide a message or a command"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.argv, " "), func(t *testing.T) {
			t.Parallel()
			dir, err := fakeCLIs()
			if err != nil {
				t.Fatal("cannot build the fake CLI:", err)
			}
			c := exec.Command(filepath.Join(dir, tt.argv[0]), tt.argv[1:]...)
			c.Dir = t.TempDir()
			c.Env = append(os.Environ(), "GEMINI_CLI_TRUST_WORKSPACE=")
			var stderr bytes.Buffer
			c.Stderr = &stderr
			err = c.Run()
			code := 0
			if exitErr, ok := err.(*exec.ExitError); ok {
				code = exitErr.ExitCode()
			}
			if code != tt.code || !strings.Contains(stderr.String(), tt.stderr) {
				t.Fatalf("exit %d, stderr %q; want %d with %q", code, stderr.String(), tt.code, tt.stderr)
			}
		})
	}
}
