package execution

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"time"

	"github.com/agented/agented/backend/account"
	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/gitstate"
	"github.com/agented/agented/backend/trigger"
)

// execute runs one queued execution to its end (or, when every account is limited, until it is
// queued again to wait for a reset) and records the outcome.
func (e *Engine) execute(ex Execution, r *activeRun) {
	ctx := context.Background()
	log := e.log.With("execution_id", ex.ID, "trigger_id", ex.TriggerID)
	t := e.triggerOf(ctx, ex.ID)
	limits := e.d.Limits()
	sk := newSink(ex.ID, e.d.Store, e.d.Emitter, log, agent.NewParser(ex.BackendType), limits.OutputCapBytes)
	id, name := ex.ID, ex.TriggerName // ex itself belongs to this goroutine
	sk.onFail = func(err error) { e.storageFailed(id, name, r, sk.redact, err) }
	sk.freeSpace = e.releaseReserve
	if ex.LineCount > 0 { // a run back from waiting for a reset: its log goes on
		sk.resumeAt(ex.LineCount, ex.StoredBytes)
	}
	if ex.StartedAt == "" {
		ex.StartedAt = db.Now()
	}
	ex.WaitUntil, ex.WaitReason = "", ""
	started := time.Now()

	fail := func(kind, msg string) {
		sk.system("[agented] " + msg)
		sk.finish()
		ex.Status, ex.FailureKind, ex.ErrorMessage, ex.FailureEvidence = StatusFailed, kind, msg, msg
		e.finish(ctx, ex, nil, r, sk, started, log, false)
	}

	g := e.newGuard(ex, r, t)
	if msg, ok := g.admit(ctx); !ok {
		ex.StopReason = StopBudget
		fail(agent.FailureBudget, msg)
		return
	}
	defer g.done() // after the outcome (and its cost) is stored
	sk.fed = func() { g.fed(agent.Live(sk.parser)) }

	if ex.PromptTruncated { // the queue is read as summaries
		prompt, err := e.d.Store.Prompt(ctx, ex.ID)
		if err != nil {
			fail(agent.FailureError, "read the prompt: "+err.Error())
			return
		}
		ex.Prompt, ex.PromptTruncated = prompt, false
	}
	dir, dirs, err := e.workingDirs(ctx, t)
	if err == nil && ex.PlanProjectID != "" {
		dir, dirs, err = e.planDirs(ex.WorkingDir, dirs, t)
	}
	if err == nil {
		dir, dirs, err = e.isolate(ctx, &ex, t, dir, dirs)
	}
	if err != nil {
		fail(agent.FailureError, err.Error())
		return
	}
	chain := chainOf(t)
	atts, err := e.d.Store.Attempts(ctx, ex.ID)
	if err != nil {
		fail(agent.FailureError, err.Error())
		return
	}
	if len(atts) > 0 { // back from a wait: what the earlier attempts spent is the run's so far
		ex.Usage = sumUsage(atts)
	}
	for {
		st, err := e.plan(ctx, chain, atts, limits)
		switch {
		case err != nil:
			fail(agent.FailureError, err.Error())
			return
		case st.giveUp:
			e.giveUp(ctx, ex, r, sk, started, log, st.why)
			return
		case !st.wait.IsZero():
			e.park(ctx, ex, sk, st, log)
			return
		}
		prior := sumUsage(atts)
		g.nextAttempt(chain[st.entry].Backend, chain[st.entry].Model, prior)
		a, done := e.attempt(ctx, &ex, r, sk, t, attemptPlan{step: st, entry: chain[st.entry], n: len(atts) + 1, dir: dir, dirs: dirs,
			limits: limits, guard: g, prior: prior}, started, log)
		if done {
			return
		}
		atts = append(atts, a)
	}
}

// attemptPlan is one attempt to make.
type attemptPlan struct {
	step
	entry  trigger.ChainEntry
	n      int // attempt number
	dir    string
	dirs   []string
	limits Limits
	guard  *guard
	prior  agent.Usage // what the earlier attempts used
}

// attempt runs one CLI process of the run. When it ends with a rate limit or an exhausted quota,
// it puts its account in cooldown and returns done=false for the router to decide what comes
// next; otherwise it records the run's outcome and returns done=true.
func (e *Engine) attempt(ctx context.Context, ex *Execution, r *activeRun, sk *sink, t trigger.Trigger, p attemptPlan, started time.Time, log *slog.Logger) (Attempt, bool) {
	en, g := p.entry, p.guard
	a := Attempt{Attempt: p.n, Entry: p.step.entry, Backend: en.Backend, AccountID: en.AccountID, Model: en.Model,
		Resumed: p.resume != "", StartedAt: db.Now(), Status: StatusRunning}
	fail := func(kind, msg string) (Attempt, bool) {
		sk.system("[agented] " + msg)
		sk.finish()
		ex.Status, ex.FailureKind, ex.ErrorMessage, ex.FailureEvidence = StatusFailed, kind, msg, msg
		a.Status, a.FailureKind, a.Reason, a.FinishedAt = StatusFailed, kind, msg, db.Now()
		e.finish(ctx, *ex, &a, r, sk, started, log, false)
		return a, true
	}
	acc, err := e.accounts().Resolve(ctx, en.Backend, en.AccountID, en.Model)
	if err != nil {
		return fail(agent.FailureAuth, err.Error())
	}
	a.AccountID, a.AccountName, a.Billing = acc.ID, acc.Name, acc.Billing
	ex.BackendType, ex.AccountID, ex.AccountName, ex.Billing = en.Backend, acc.ID, acc.Name, acc.Billing
	prompt := ex.Prompt
	if p.resume != "" {
		prompt = agent.ResumePrompt
	}
	spec := agent.Spec{Backend: en.Backend, Prompt: prompt, Model: en.Model, AllowedTools: t.AllowedTools,
		MaxTurns: t.MaxTurns, Dirs: p.dirs, Profile: t.PermissionProfile, IsRoot: e.d.IsRoot, ResumeSession: p.resume}
	cmd, err := agent.BuildCommand(spec)
	if err != nil {
		kind := agent.FailureError
		if errors.Is(err, agent.ErrPromptTooLong) {
			kind = agent.FailureTooLong
		}
		return fail(kind, "build command: "+err.Error())
	}
	if cmd.Dir == "" {
		cmd.Dir = p.dir
	}
	bin, err := e.d.Resolver.Resolve(ctx, en.Backend)
	if err != nil {
		return fail(agent.FailureCLINotFound, err.Error())
	}
	env, secrets := e.d.Env.Build(ctx, en.Backend)
	env = overlayEnv(env, agent.RetryCapEnv(en.Backend, e.cliDir, env), acc)
	if note := agent.RetryCapArgs(&cmd, en.Backend, env); note != "" {
		log.Debug(note)
	}
	secrets = append(secrets, acc.Secrets...)
	if e.d.Secrets != nil {
		secrets = append(secrets, e.d.Secrets.Values(ctx)...)
	}
	red := newRedactor(secrets)
	sk.redact = red
	sk.parser = agent.NewParser(en.Backend)
	argv := append([]string{bin}, cmd.Argv[1:]...)
	// The prompt is stored once, in its own column: argv keeps a placeholder in its place.
	ex.Argv = agent.RecordedArgv(argv, cmd.PromptArg, prompt)
	for i, s := range ex.Argv {
		ex.Argv[i] = red.text(s)
	}
	ex.WorkingDir = cmd.Dir
	ex.Warnings = append(ex.Warnings, cmd.Warnings...)
	ex.Status = StatusRunning
	// What the directory held before, to tell afterwards whether the attempt changed it: taken
	// while the start is stored, and waited for before the CLI starts.
	fp := e.fingerprint(ctx, cmd.Dir)
	if err := e.d.Store.MarkRunning(ctx, *ex, a); errors.Is(err, ErrNotActive) {
		log.Info("run cancelled as it was starting")
		sk.finish()
		r.ended.Store(true)
		return a, true
	} else if errors.Is(err, errAttemptNotSaved) {
		log.Error("save attempt", "attempt", a.Attempt, "err", err)
	} else if err != nil {
		log.Error("mark running", "err", err)
	}
	e.publish(*ex)
	log.Info("run started", "backend", en.Backend, "cli", bin, "dir", cmd.Dir, "attempt", a.Attempt, "account", acc.ID)
	if p.n > 1 || p.resume != "" {
		sk.system(fmt.Sprintf("[agented] attempt %d: %s%s", a.Attempt, accountLabel(en.Backend, acc), resumeNote(p.resume)))
	}
	for _, w := range cmd.Warnings {
		sk.system("[agented] warning: " + w)
	}
	if cmd.Stdin != "" {
		sk.system(fmt.Sprintf("[agented] the prompt (%s) is given on standard input: it is longer than the %s an argument may hold",
			agent.FormatBytes(int64(len(cmd.Stdin))), agent.FormatBytes(agent.PromptArgMax)))
	}

	before := <-fp
	e.recordBefore(ctx, ex, before)
	take, followed := sk.follow(e.d.Go)
	watchDone := make(chan struct{})
	e.d.Go(func() { g.watch(watchDone) })
	res := runProcess(processSpec{
		argv: argv, stdin: cmd.Stdin, dir: cmd.Dir, env: append(env, cmd.Env...),
		timeout: time.Duration(t.TimeoutSeconds) * time.Second, grace: time.Duration(t.GraceSeconds) * time.Second,
		onStart: func(pid int) { r.pid.Store(int64(pid)) },
	}, r.stop, take)
	close(watchDone)
	followed()
	after, afterErr := e.recordAfter(ctx, ex, cmd.Dir)

	if res.startErr != nil {
		kind, msg := startFailure(bin, res.startErr)
		return fail(kind, msg)
	}
	code := res.exitCode
	ex.ExitCode = &code
	switch {
	case res.signal != "":
		sk.system(fmt.Sprintf("[agented] %s ended by signal %s", en.Backend, res.signal))
	default:
		sk.system(fmt.Sprintf("[agented] %s exited with code %d", en.Backend, code))
	}
	if res.groupErr != nil {
		sk.system("[agented] warning: " + res.groupErr.Error())
	}
	if res.readerErr != nil {
		sk.system("[agented] warning: " + res.readerErr.Error())
	}
	if lost, err := sk.storageFailed(); err != nil && lost > 0 {
		sk.system(fmt.Sprintf("[agented] %d output lines printed after the storage failure were not stored", lost))
	}
	out := sk.parser.Finish(code)
	a.Usage = out.Usage
	e.price(&a.Usage, en.Backend, en.Model)
	ex.Usage = plusUsage(p.prior, a.Usage) // the run counts every attempt's spending
	a.Usage.ResultText = ""                // the run's answer is the execution's
	ex.FailureKind, ex.ErrorMessage, ex.FailureEvidence, ex.ResetAt = "", "", "", ""
	if at := g.stalled(); at != "" {
		ex.StalledAt = at
		ex.Warnings = append(ex.Warnings, fmt.Sprintf("the run looked stalled from %s: no output and idle processes for %d min", at, t.StallMinutes))
	}
	switch res.reason {
	case stopCancel:
		ex.Status, ex.FailureKind, ex.ErrorMessage = StatusCancelled, agent.FailureCancelled, "Cancelled by user"
		ex.StopReason = StopCancelled
	case stopTimeout:
		ex.Status, ex.FailureKind, ex.StopReason = StatusTimeout, agent.FailureTimeout, StopTimeout
		ex.ErrorMessage = fmt.Sprintf("Timed out after %d s", t.TimeoutSeconds)
	case stopStalled, stopMaxCost, stopMaxTurns, stopBudget:
		ex.Status, ex.StopReason = StatusFailed, guardStops[res.reason]
		ex.FailureKind, ex.ErrorMessage = ex.StopReason, g.why()
		ex.FailureEvidence = ex.ErrorMessage
		sk.system("[agented] " + ex.ErrorMessage)
	case stopShutdown:
		ex.Status, ex.FailureKind, ex.ErrorMessage = StatusInterrupted, agent.FailureInterrupted, "Agented stopped during the run"
	case stopReplace:
		ex.Status, ex.FailureKind, ex.ErrorMessage = StatusCancelled, agent.FailureCancelled, replacedMessage
		ex.StopReason = StopCancelled
	case stopStorage:
		ex.Status = StatusFailed // finish says why
	default:
		ok := code == 0 && (out.Success == nil || *out.Success)
		if ok {
			ex.Status = StatusSuccess
		} else {
			ex.Status = StatusFailed
			ex.ErrorMessage = fmt.Sprintf("Exit code %d", code)
			if res.signal != "" {
				ex.ErrorMessage = "Killed by signal " + res.signal
			}
		}
	}
	if res.forced {
		sk.system(fmt.Sprintf("[agented] the process ignored SIGTERM for %d s and was killed", t.GraceSeconds))
	}
	if ex.Status != StatusSuccess && out.Failure != nil && ex.FailureKind == "" {
		ex.FailureKind, ex.FailureEvidence, ex.ResetAt = out.Failure.Kind, red.text(out.Failure.Evidence), out.Failure.ResetAt
	}
	if ex.Status == StatusFailed && ex.FailureKind == "" {
		ex.FailureKind = agent.FailureCrashed
	}
	if ex.FailureKind == agent.FailureMaxTurns && ex.StopReason == "" {
		ex.StopReason = StopMaxTurns // the CLI's own turn limit (claude --max-turns, gemini's)
	}
	a.Status, a.FailureKind, a.SessionID, a.FinishedAt = ex.Status, ex.FailureKind, out.Usage.SessionID, db.Now()
	a.Reason = ex.FailureEvidence
	if a.Reason == "" {
		a.Reason = ex.ErrorMessage
	}
	if ex.Status == StatusFailed && res.reason == stopNone && limited(ex.FailureKind) {
		// The router takes over: the account rests, and the run goes on elsewhere or waits.
		until := e.cooldownUntil(ex.ResetAt, p.limits)
		a.ResetAt = until.UTC().Format(time.RFC3339)
		ex.ResetAt = a.ResetAt
		// A directory that could not be fingerprinted counts as changed.
		a.ChangedFiles = before.err != nil || afterErr != nil || !before.state.Equal(after)
		key := account.CooldownKey(en.Backend, acc.ID)
		if err := e.accounts().SetCooldown(ctx, key, until, ex.FailureKind, a.Reason); err != nil {
			log.Error("store cooldown", "key", key, "err", err)
		}
		e.saveAttempt(ctx, ex.ID, a, log)
		sk.system(fmt.Sprintf("[agented] attempt %d on %s: %s; it cools down until %s%s", a.Attempt, accountLabel(en.Backend, acc),
			ex.FailureKind, a.ResetAt, changedNote(a.ChangedFiles)))
		log.Info("attempt limited", "attempt", a.Attempt, "failure", ex.FailureKind, "reset_at", a.ResetAt, "changed_files", a.ChangedFiles)
		return a, false
	}
	sk.finish()
	e.finish(ctx, *ex, &a, r, sk, started, log, res.reason == stopStorage)
	return a, true
}

// fingerprinted is a working directory's fingerprint, or why it could not be taken.
type fingerprinted struct {
	state gitstate.State
	err   error
}

// fingerprint takes dir's fingerprint in the background (a git process, or a walk of the tree)
// and delivers it on the returned channel.
func (e *Engine) fingerprint(ctx context.Context, dir string) <-chan fingerprinted {
	out := make(chan fingerprinted, 1)
	e.d.Go(func() {
		f := fingerprinted{err: errors.New("the fingerprint was not taken")}
		defer func() { out <- f }() // also when Take panics: the run must not wait forever
		f.state, f.err = gitstate.Take(ctx, dir)
	})
	return out
}

func (e *Engine) saveAttempt(ctx context.Context, id string, a Attempt, log *slog.Logger) {
	if err := e.d.Store.SaveAttempt(ctx, id, a); err != nil {
		log.Error("save attempt", "attempt", a.Attempt, "err", err)
	}
}

func accountLabel(backend string, acc account.Resolved) string {
	if acc.ID == "" {
		return backend + " (no account)"
	}
	return backend + " account " + acc.Name
}

func resumeNote(session string) string {
	if session == "" {
		return ""
	}
	return ", resuming session " + session
}

func changedNote(changed bool) string {
	if changed {
		return "; the attempt changed files in the working directory, so the run will resume its session after the reset"
	}
	return ""
}

// giveUp ends a run the router can no longer place: the attempts are used up, or a session that
// changed files cannot be resumed. It keeps the last attempt's failure kind and evidence.
func (e *Engine) giveUp(ctx context.Context, ex Execution, r *activeRun, sk *sink, started time.Time, log *slog.Logger, why string) {
	sk.system("[agented] " + why)
	sk.finish()
	ex.Status, ex.ErrorMessage = StatusFailed, why
	if ex.FailureKind == "" {
		ex.FailureKind = agent.FailureError
	}
	e.finish(ctx, ex, nil, r, sk, started, log, false)
	events.Notify(e.d.Emitter, events.Notification{
		Kind: events.KindRetriesExhausted, Level: events.LevelError, Title: "Run gave up: " + ex.TriggerName,
		Message: sk.redact.text(why), ExecutionID: ex.ID,
	})
}

// park queues the run again until the earliest reset of its accounts.
func (e *Engine) park(ctx context.Context, ex Execution, sk *sink, st step, log *slog.Logger) {
	ex.WaitUntil, ex.WaitReason = st.wait.UTC().Format(time.RFC3339), st.why
	sk.system(fmt.Sprintf("[agented] waiting until %s: %s", ex.WaitUntil, st.why))
	sk.finish()
	ex.Status = StatusQueued
	ex.LineCount, ex.StoredBytes, ex.Truncated = sk.seq, sk.storedBytes, sk.truncated
	if err := e.d.Store.Wait(ctx, ex); err != nil {
		log.Error("park run", "err", err)
	}
	log.Info("run waiting for a reset", "until", ex.WaitUntil)
	e.publish(ex)
	select {
	case e.waitKick <- struct{}{}:
	default:
	}
}

// finish records the outcome (with the run's last attempt a, when there is one, in the same
// transaction), announces it, and indexes the log in the background. A run whose output could
// not be stored ends failed whatever its process did, with the figures of what was stored;
// stopped says the engine stopped it for that.
func (e *Engine) finish(ctx context.Context, ex Execution, a *Attempt, r *activeRun, sk *sink, started time.Time, log *slog.Logger, stopped bool) {
	r.ended.Store(true)
	ex.FinishedAt = db.Now()
	ex.DurationMs = time.Since(started).Milliseconds()
	ex.LineCount, ex.StoredBytes, ex.Truncated = sk.seq, sk.storedBytes, sk.truncated
	if _, err := sk.storageFailed(); err != nil {
		ex.LineCount, ex.StoredBytes = sk.okSeq, sk.okBytes
		msg := "output could not be stored: " + err.Error()
		if stopped {
			msg += "; the run was stopped"
		}
		msg = sk.redact.text(msg)
		ex.Status, ex.FailureKind, ex.ErrorMessage, ex.FailureEvidence = StatusFailed, agent.FailureStorage, msg, msg
		ex.Warnings = append(ex.Warnings, msg)
	}
	if ex.Truncated {
		ex.Warnings = append(ex.Warnings, "output cap reached: the middle of the log was not stored")
	}
	if err := e.recordOutcome(ctx, ex, a, log); err != nil {
		log.Error("record outcome", "err", err)
	}
	log.Info("run finished", "status", ex.Status, "failure", ex.FailureKind, "lines", ex.LineCount, "duration_ms", ex.DurationMs)
	e.publish(ex)
	e.announceFailure(ex)
	select {
	case e.indexKick <- struct{}{}:
	default: // a nudge is already pending; it covers this run too
	}
}

// storageFailed is told by a run's sink that its output can no longer be stored: the run is
// stopped the way a cancel stops it, and the user is told at once, wherever they are in the app.
func (e *Engine) storageFailed(id, name string, r *activeRun, red *redactor, err error) {
	select {
	case r.stop <- stopStorage:
	default: // already stopping
	}
	e.log.Error("run stopped: its output cannot be stored", "execution_id", id, "err", err)
	events.Notify(e.d.Emitter, events.Notification{
		Kind:        events.KindStorage,
		Level:       events.LevelError,
		Title:       "Run output could not be stored",
		Message:     red.text(fmt.Sprintf("%s: %v. Agented is stopping the run; check the free space and permissions of the data directory.", name, err)),
		ExecutionID: id,
	})
}

// planDirs puts a plan's project directory first: the run works there, with the trigger's linked
// directories still granted (the default directory is not, when the trigger links none).
func (e *Engine) planDirs(projectDir string, linked []string, t trigger.Trigger) (string, []string, error) {
	if fi, err := os.Stat(projectDir); projectDir == "" || err != nil || !fi.IsDir() {
		return "", nil, fmt.Errorf("the project directory %q of this plan's run no longer exists", projectDir)
	}
	if e.d.CheckDir != nil {
		if err := e.d.CheckDir(projectDir); err != nil {
			return "", nil, fmt.Errorf("the project directory %s may not be used (%w)", projectDir, err)
		}
	}
	dirs := []string{projectDir}
	if len(t.Paths) > 0 || len(t.ProjectIDs) > 0 {
		for _, d := range linked {
			if d != projectDir {
				dirs = append(dirs, d)
			}
		}
	}
	return projectDir, dirs, nil
}

// workingDirs returns the run's working directory and the directories to grant: the linked
// projects' working copies (the first one is where the run works), then the linked directories;
// the default directory when the trigger links neither. A project without a working copy, or a
// linked directory that disappeared, fails the run plainly rather than running the agent
// somewhere else.
func (e *Engine) workingDirs(ctx context.Context, t trigger.Trigger) (string, []string, error) {
	var dirs []string
	for _, id := range t.ProjectIDs {
		dir, err := e.projectDir(ctx, id)
		if err != nil {
			return "", nil, err
		}
		dirs = appendDir(dirs, dir)
	}
	for _, p := range t.Paths {
		if fi, err := os.Stat(p.Path); err != nil || !fi.IsDir() {
			return "", nil, fmt.Errorf("linked directory %s no longer exists; relink it in the trigger", p.Path)
		}
		if e.d.CheckDir != nil {
			if err := e.d.CheckDir(p.Path); err != nil {
				return "", nil, fmt.Errorf("linked directory %s may not be used (%w); unlink it in the trigger", p.Path, err)
			}
		}
		dirs = appendDir(dirs, p.Path)
	}
	if len(dirs) > 0 {
		return dirs[0], dirs, nil
	}
	if err := os.MkdirAll(e.d.DefaultDir, 0o700); err != nil {
		return "", nil, fmt.Errorf("create default working directory: %w", err)
	}
	return e.d.DefaultDir, []string{e.d.DefaultDir}, nil
}

// projectDir is a linked project's working copy, judged by the directory policy like any
// linked directory.
func (e *Engine) projectDir(ctx context.Context, id string) (string, error) {
	if e.d.Projects == nil {
		return "", fmt.Errorf("the trigger links project %s, and projects cannot be resolved here", id)
	}
	dir, err := e.d.Projects.WorkDir(ctx, id)
	if err != nil {
		return "", fmt.Errorf("linked project %s cannot be worked in: %w", id, err)
	}
	if e.d.CheckDir != nil {
		if err := e.d.CheckDir(dir); err != nil {
			return "", fmt.Errorf("the working copy %s of linked project %s may not be used (%w)", dir, id, err)
		}
	}
	return dir, nil
}

// appendDir adds dir unless it is already there: a project's local path may also be linked.
func appendDir(dirs []string, dir string) []string {
	if slices.Contains(dirs, dir) {
		return dirs
	}
	return append(dirs, dir)
}
