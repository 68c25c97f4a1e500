//go:build unix

package execution

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/clidetect"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/shellenv"
)

type noCLIPaths struct{}

func (noCLIPaths) CLIPaths(context.Context) (map[string]string, error) {
	return map[string]string{}, nil
}
func (noCLIPaths) SetCLIPath(context.Context, string, string) error { return nil }

// TestRunDoesNotWaitForLoginShell wires the engine as the app does (the CLI detector and the
// child environment over one login-shell loader) with a login shell that hangs. A CLI on PATH
// runs to its end while the shell is still stuck, with the environment known so far; once the
// shell answers, the next run gets the login environment too.
func TestRunDoesNotWaitForLoginShell(t *testing.T) {
	t.Parallel()
	sh := testutil.HangingLoginShell(t)
	login := shellenv.New(sh.Path, "").WithTimeout(10 * time.Minute)
	probe := login.Refresh(context.Background())
	sh.WaitStarted(t)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	detector := clidetect.New(noCLIPaths{}, fakeCLIs(t)+string(os.PathListSeparator)+os.Getenv("PATH"), login.Path, &events.Recorder{}, quiet)
	childEnv := &ChildEnv{
		LoginEnv: func(context.Context) map[string]string { return login.Cached() },
		Secrets:  secret.New(secret.NewMemoryKeyring(), func(string) string { return "" }, nil, quiet),
		KeyVars:  agent.KeyEnv,
	}
	h := newHarness(t, harnessOpts{resolver: detector, envb: childEnv})
	tr := h.newTrigger("leak env", "claude")
	first := h.submit(tr, "[fake:success]")
	h.wait(first.ID, time.Minute, StatusSuccess)
	select {
	case <-probe:
		t.Fatal("the login shell answered before it was released")
	default: // the run started and ended while the probe was still stuck
	}
	env, _ := childEnv.Build(context.Background(), "claude")
	if hasVar(env, testutil.LoginShellVar) {
		t.Fatal("a run's environment holds the login shell's variable before the shell answered")
	}
	sh.Release(t)
	<-probe
	env, _ = childEnv.Build(context.Background(), "claude")
	if !hasVar(env, testutil.LoginShellVar) {
		t.Fatal("the login shell's variable is missing once it answered")
	}
	second := h.submit(tr, "[fake:success]")
	h.wait(second.ID, time.Minute, StatusSuccess)
}

func hasVar(env []string, name string) bool {
	for _, kv := range env {
		if strings.HasPrefix(kv, name+"=") {
			return true
		}
	}
	return false
}
