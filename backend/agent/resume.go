package agent

// ResumePrompt is what a resumed session is told: the run's first prompt is already in it.
const ResumePrompt = "Continue the task from where you stopped. Your previous attempt was interrupted by a usage limit; the working directory still holds the changes you made."

// CanResume says whether a backend's CLI can continue a session by id non-interactively. All
// four can (checked against their --help and sources): claude --resume <id>, codex exec resume
// <id>, gemini --resume <uuid>, opencode run --session <id>.
func CanResume(backend string) bool {
	switch backend {
	case Claude, Codex, Gemini, OpenCode:
		return true
	}
	return false
}

// resumeArgs rewrites a built argv to continue session id instead of starting a new one.
func resumeArgs(cmd *Command, spec Spec) {
	if spec.ResumeSession == "" {
		return
	}
	at := 1 // claude after -p, opencode after run
	flag := "--resume"
	switch spec.Backend {
	case Gemini:
		at = 0
	case OpenCode:
		flag = "--session"
	case Codex:
		cmd.Argv, cmd.PromptArg = codexResumeArgv(spec), -1
		if onStdin(spec) {
			cmd.Argv = append(cmd.Argv, "-")
			return
		}
		cmd.Argv = append(cmd.Argv, spec.Prompt)
		cmd.PromptArg = len(cmd.Argv) - 1
		return
	}
	cmd.Argv = insertAfter(cmd.Argv, at, flag, spec.ResumeSession)
	if cmd.PromptArg > at {
		cmd.PromptArg += 2
	}
}

// codexResumeArgv builds `codex exec resume`: it takes neither --sandbox nor -C nor --add-dir, so
// the sandbox goes through -c and the working directory is the process's (Command.Dir).
func codexResumeArgv(spec Spec) []string {
	argv := []string{Codex, "exec", "resume", "--json", "--skip-git-repo-check"}
	switch spec.Profile {
	case ProfileReadOnly:
		argv = append(argv, "-c", `sandbox_mode="read-only"`, "-c", "approval_policy=never")
	case ProfileEdits:
		argv = append(argv, "-c", `sandbox_mode="workspace-write"`, "-c", "approval_policy=never")
	case ProfileFullAuto:
		argv = append(argv, "--dangerously-bypass-approvals-and-sandbox")
	}
	if spec.Model != "" {
		argv = append(argv, "-m", spec.Model)
	}
	// The session id and the prompt come after "--", so neither is read as a flag.
	return append(argv, "--", spec.ResumeSession)
}

func insertAfter(argv []string, i int, vals ...string) []string {
	out := append([]string{}, argv[:i+1]...)
	out = append(out, vals...)
	return append(out, argv[i+1:]...)
}
