package agent

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Default --allowedTools for claude when the trigger names none. Only read tools are
// pre-approved: in the edits profile --permission-mode acceptEdits already allows edits inside
// the linked directories, while pre-approving Edit/Write would allow them on any path.
const claudeReadTools = "Read,Glob,Grep"

// BuildCommand returns the argv, working directory and extra environment for one run.
//
// The working directory is Dirs[0] (passed as cmd.Dir, and as -C / --dir to the CLIs that take
// one); only Dirs[1:] are passed as extra directories, since every CLI already works in its
// working directory. Dirs must be absolute.
//
// A prompt up to PromptArgMax bytes is an argument, placed where no CLI can take it for a flag
// or a subcommand: after "--" for claude, codex and opencode (commander, clap and yargs all stop
// option parsing there; without it "-x review" is an unknown option and `codex exec review` runs
// codex's review subcommand), and as --prompt=P for gemini, whose -p takes exactly one value and
// rejects one that starts with "-". A longer prompt goes in Command.Stdin instead, where each CLI
// reads it when no prompt argument is given: claude -p and opencode run read stdin to EOF, codex
// exec reads it for a prompt of "-", and gemini reads it in headless mode (stdin is not a TTY).
func BuildCommand(spec Spec) (Command, error) {
	if err := validate(&spec); err != nil {
		return Command{}, err
	}
	var cmd Command
	switch spec.Backend {
	case Claude:
		cmd = claudeCommand(spec)
	case Codex:
		cmd = codexCommand(spec)
	case Gemini:
		cmd = geminiCommand(spec)
	case OpenCode:
		cmd = opencodeCommand(spec)
	}
	if len(spec.Dirs) > 0 {
		cmd.Dir = spec.Dirs[0]
	}
	resumeArgs(&cmd, spec)
	if onStdin(spec) {
		cmd.Stdin, cmd.PromptArg = spec.Prompt, -1
	}
	if spec.Backend != Claude {
		if spec.MaxTurns > 0 {
			cmd.Warnings = append(cmd.Warnings, fmt.Sprintf("max turns is a claude setting; %s has no such flag, so the limit of %d is ignored", spec.Backend, spec.MaxTurns))
		}
		if spec.AllowedTools != "" {
			cmd.Warnings = append(cmd.Warnings, fmt.Sprintf("allowed tools is a claude setting; %s ignores it and follows the %s permission profile", spec.Backend, spec.Profile))
		}
	}
	return cmd, nil
}

// validate checks the spec and fills the default profile.
func validate(spec *Spec) error {
	if !slices.Contains(Backends, spec.Backend) {
		return fmt.Errorf("%w %q (want one of %s)", ErrUnknownBackend, spec.Backend, strings.Join(Backends, ", "))
	}
	if spec.Profile == "" {
		spec.Profile = ProfileReadOnly
	}
	switch spec.Profile {
	case ProfileReadOnly, ProfileEdits, ProfileFullAuto:
	default:
		return fmt.Errorf("%w %q (want %s, %s or %s)", ErrUnknownProfile, spec.Profile, ProfileReadOnly, ProfileEdits, ProfileFullAuto)
	}
	if strings.TrimSpace(spec.Prompt) == "" {
		return ErrEmptyPrompt
	}
	if strings.ContainsRune(spec.Prompt, 0) {
		return fmt.Errorf("%w: the prompt contains a NUL byte, which cannot be passed as an argument", ErrInvalidSpec)
	}
	if spec.Backend == Gemini && len(spec.Prompt) > GeminiStdinMax {
		return fmt.Errorf("%w: gemini reads at most %s of a prompt and silently drops the rest; this prompt is %s",
			ErrPromptTooLong, FormatBytes(GeminiStdinMax), FormatBytes(int64(len(spec.Prompt))))
	}
	if spec.Backend == Codex && spec.Prompt == "-" {
		return fmt.Errorf("%w: codex reads a prompt of \"-\" from stdin; write the prompt out", ErrInvalidSpec)
	}
	// Values that follow a flag are separate argv entries, so a leading "-" would be parsed
	// as another flag by every CLI.
	if err := flagValue("model", spec.Model); err != nil {
		return err
	}
	if err := flagValue("allowed tools", spec.AllowedTools); err != nil {
		return err
	}
	if err := flagValue("session", spec.ResumeSession); err != nil {
		return err
	}
	if spec.Backend == OpenCode && spec.Model != "" && !strings.Contains(strings.Trim(spec.Model, "/"), "/") {
		return fmt.Errorf("%w: opencode needs the model as provider/model, e.g. anthropic/claude-sonnet-4-5, not %q", ErrInvalidSpec, spec.Model)
	}
	if spec.MaxTurns < 0 {
		return fmt.Errorf("%w: max turns must be 0 (no limit) or more, not %d", ErrInvalidSpec, spec.MaxTurns)
	}
	for _, d := range spec.Dirs {
		if !filepath.IsAbs(d) {
			return fmt.Errorf("%w: directory %q is not an absolute path", ErrInvalidSpec, d)
		}
		if spec.Backend == Gemini && strings.Contains(d, ",") {
			return fmt.Errorf("%w: gemini splits --include-directories on commas, so it cannot take %q", ErrInvalidSpec, d)
		}
	}
	return nil
}

func flagValue(what, v string) error {
	if strings.HasPrefix(v, "-") {
		return fmt.Errorf("%w: %s %q starts with \"-\" and would be read as a flag", ErrInvalidSpec, what, v)
	}
	if strings.ContainsAny(v, "\x00\n\r") {
		return fmt.Errorf("%w: %s contains a control character", ErrInvalidSpec, what)
	}
	return nil
}

// PromptArgMax is the longest prompt, in bytes, passed as an argument; a longer one goes on
// stdin. Linux refuses any single argument over 128 KiB (MAX_ARG_STRLEN) with E2BIG, and every
// argument and the whole environment share one limit (ARG_MAX), so half the per-argument limit
// leaves room for the rest. Shorter prompts stay arguments, as every CLI documents them, and
// keep stdin on /dev/null.
const PromptArgMax = 64 << 10

// GeminiStdinMax is how much of its standard input gemini reads (readStdin's MAX_STDIN_SIZE);
// it drops the rest with only a debug-log warning, so a longer prompt is refused instead.
const GeminiStdinMax = 8 << 20

// onStdin says whether the prompt goes on stdin rather than in argv.
func onStdin(spec Spec) bool { return len(spec.Prompt) > PromptArgMax }

// promptArg appends the prompt argument (after "--") unless the prompt goes on stdin.
func promptArg(cmd *Command, spec Spec, onStdinArgs ...string) {
	if onStdin(spec) {
		cmd.Argv = append(cmd.Argv, onStdinArgs...)
		return
	}
	cmd.Argv = append(cmd.Argv, "--", spec.Prompt)
	cmd.PromptArg = len(cmd.Argv) - 1
}

// extraDirs are the linked directories after the working directory.
func extraDirs(spec Spec) []string {
	if len(spec.Dirs) < 2 {
		return nil
	}
	return spec.Dirs[1:]
}

func claudeCommand(spec Spec) Command {
	cmd := Command{Argv: []string{Claude, "-p", "--verbose", "--output-format", "stream-json"}}
	tools := spec.AllowedTools
	switch spec.Profile {
	case ProfileReadOnly:
		// dontAsk denies anything not pre-approved instead of asking; in -p mode there is no one
		// to ask, and the denial message tells the model why.
		cmd.Argv = append(cmd.Argv, "--permission-mode", "dontAsk")
		if tools == "" {
			tools = claudeReadTools
		}
	case ProfileEdits:
		cmd.Argv = append(cmd.Argv, "--permission-mode", "acceptEdits")
		if tools == "" {
			tools = claudeReadTools
		}
	case ProfileFullAuto:
		cmd.Argv = append(cmd.Argv, "--dangerously-skip-permissions")
		if spec.IsRoot {
			cmd.Env = append(cmd.Env, "IS_SANDBOX=1")
			cmd.Warnings = append(cmd.Warnings, "claude refuses --dangerously-skip-permissions when run as root; Agented sets IS_SANDBOX=1 so the full-auto profile still applies, which means the agent runs as root with no permission checks at all")
		}
	}
	if tools != "" {
		cmd.Argv = append(cmd.Argv, "--allowedTools", tools)
	}
	if spec.Model != "" {
		cmd.Argv = append(cmd.Argv, "--model", spec.Model)
	}
	if spec.MaxTurns > 0 {
		cmd.Argv = append(cmd.Argv, "--max-turns", strconv.Itoa(spec.MaxTurns))
	}
	for _, d := range extraDirs(spec) {
		cmd.Argv = append(cmd.Argv, "--add-dir", d)
	}
	promptArg(&cmd, spec) // -p with no prompt argument reads it from stdin
	return cmd
}

func codexCommand(spec Spec) Command {
	cmd := Command{Argv: []string{Codex, "exec", "--json", "--skip-git-repo-check"}}
	switch spec.Profile {
	case ProfileReadOnly:
		cmd.Argv = append(cmd.Argv, "--sandbox", "read-only", "-c", "approval_policy=never")
	case ProfileEdits:
		cmd.Argv = append(cmd.Argv, "--sandbox", "workspace-write", "-c", "approval_policy=never")
	case ProfileFullAuto:
		// Implies approval "never" and no sandbox.
		cmd.Argv = append(cmd.Argv, "--dangerously-bypass-approvals-and-sandbox")
	}
	if spec.Model != "" {
		cmd.Argv = append(cmd.Argv, "-m", spec.Model)
	}
	if len(spec.Dirs) > 0 {
		cmd.Argv = append(cmd.Argv, "-C", spec.Dirs[0])
	}
	for _, d := range extraDirs(spec) {
		cmd.Argv = append(cmd.Argv, "--add-dir", d)
	}
	promptArg(&cmd, spec, "-") // a prompt of "-" is read from stdin
	return cmd
}

func geminiCommand(spec Spec) Command {
	// Without --prompt, a stdin that is not a TTY still makes gemini headless, and it reads the
	// prompt from there.
	cmd := Command{Argv: []string{Gemini}, PromptArg: -1}
	if !onStdin(spec) {
		cmd.Argv, cmd.PromptArg = append(cmd.Argv, "--prompt="+spec.Prompt), 1
	}
	cmd.Argv = append(cmd.Argv, "--output-format", "stream-json", "--skip-trust")
	switch spec.Profile {
	case ProfileReadOnly:
		// Headless "default" mode registers only the tools that need no confirmation (read,
		// list, grep, glob, web search). "plan" was not chosen: it still registers write_file
		// and replace (for plan files) and steers the model towards writing a plan.
		cmd.Argv = append(cmd.Argv, "--approval-mode", "default")
	case ProfileEdits:
		cmd.Argv = append(cmd.Argv, "--approval-mode", "auto_edit")
	case ProfileFullAuto:
		cmd.Argv = append(cmd.Argv, "--approval-mode", "yolo")
	}
	if spec.Model != "" {
		cmd.Argv = append(cmd.Argv, "-m", spec.Model)
	}
	if extra := extraDirs(spec); len(extra) > 0 {
		cmd.Argv = append(cmd.Argv, "--include-directories", strings.Join(extra, ","))
	}
	return cmd
}

func opencodeCommand(spec Spec) Command {
	cmd := Command{Argv: []string{OpenCode, "run", "--format", "json"}}
	switch spec.Profile {
	case ProfileReadOnly:
		// The plan agent denies edits but still allows bash, so bash and edit are denied
		// through OPENCODE_PERMISSION too. Without --auto anything still set to "ask" is rejected.
		cmd.Argv = append(cmd.Argv, "--agent", "plan")
		cmd.Env = append(cmd.Env, "OPENCODE_PERMISSION="+opencodePermission(spec, true))
	case ProfileEdits:
		// --auto approves what is not explicitly denied, so shell and directories outside the
		// linked ones are denied explicitly.
		cmd.Argv = append(cmd.Argv, "--auto")
		cmd.Env = append(cmd.Env, "OPENCODE_PERMISSION="+opencodePermission(spec, false))
	case ProfileFullAuto:
		cmd.Argv = append(cmd.Argv, "--auto")
	}
	if spec.Model != "" {
		cmd.Argv = append(cmd.Argv, "-m", spec.Model)
	}
	if len(spec.Dirs) > 0 {
		cmd.Argv = append(cmd.Argv, "--dir", spec.Dirs[0])
	}
	promptArg(&cmd, spec) // with no message argument, run takes the message from stdin
	return cmd
}

// opencodePermission is the OPENCODE_PERMISSION JSON (merged over the user's config by
// opencode). opencode has no extra-directory flag: reads outside the working directory go
// through the external_directory permission, so each extra linked directory is allowed there
// and everything else is denied. The rules are written by hand because their order matters
// (the last matching pattern wins).
func opencodePermission(spec Spec, readOnly bool) string {
	var b strings.Builder
	b.WriteString(`{"bash":"deny",`)
	if readOnly {
		b.WriteString(`"edit":"deny",`)
	}
	b.WriteString(`"external_directory":{"*":"deny"`)
	for _, d := range extraDirs(spec) {
		b.WriteString(",")
		pattern, _ := json.Marshal(filepath.Join(d, "*")) // a string always marshals
		b.Write(pattern)
		b.WriteString(`:"allow"`)
	}
	b.WriteString("}}")
	return b.String()
}
