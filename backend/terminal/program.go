package terminal

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/agented/agented/backend/clidetect"
)

// program returns the binary and argv of a session: the login shell, or an AI CLI resolved the
// way runs resolve it (custom path, PATH, the login shell's PATH).
func (s *Service) program(ctx context.Context, o StartOptions) (string, []string, error) {
	if o.Kind == KindShell {
		sh := pickShell(s.d.Shell)
		if sh == "" {
			return "", nil, fmt.Errorf("%w: no login shell found ($SHELL unset, no /bin/bash or /bin/sh)", ErrBadKind)
		}
		// -l: a login shell reads the profile that sets up PATH for npm, Homebrew or nvm installs.
		return sh, append([]string{"-l"}, o.Args...), nil
	}
	if !knownCLI(o.Kind) {
		return "", nil, fmt.Errorf("%w: %q (want shell, claude, codex, gemini or opencode)", ErrBadKind, o.Kind)
	}
	path, err := s.d.Resolver.Resolve(ctx, o.Kind)
	if err != nil {
		return "", nil, fmt.Errorf("%w: %v", ErrBadKind, err)
	}
	return path, o.Args, nil
}

// environment is what runs get (login shell environment, PATH merged, the CLI's provider key)
// plus what a terminal needs: its type, colours, and a UTF-8 locale when none is set, without
// which readline echoes multibyte input as escapes.
func (s *Service) environment(ctx context.Context, kind string) []string {
	backend := kind
	if kind == KindShell {
		backend = ""
	}
	var env []string
	if s.d.Env != nil {
		env, _ = s.d.Env.Build(ctx, backend)
	} else {
		env = os.Environ()
	}
	set := map[string]bool{}
	out := make([]string, 0, len(env)+3)
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "TERM", "COLORTERM", "COLUMNS", "LINES":
			continue // ours below; the size comes from the terminal itself
		}
		set[k] = true
		out = append(out, kv)
	}
	out = append(out, "TERM=xterm-256color", "COLORTERM=truecolor")
	if !set["LANG"] && !set["LC_ALL"] && !set["LC_CTYPE"] {
		out = append(out, "LANG=C.UTF-8")
	}
	return out
}

func knownCLI(name string) bool {
	for _, spec := range clidetect.Known {
		if spec.Name == name {
			return true
		}
	}
	return false
}

func pickShell(shell string) string {
	for _, c := range []string{shell, os.Getenv("SHELL"), "/bin/bash", "/bin/sh"} {
		if c == "" || !filepath.IsAbs(c) {
			continue
		}
		if fi, err := os.Stat(c); err == nil && !fi.IsDir() {
			return c
		}
	}
	return ""
}

// title is the tab's label when none was given.
func title(o StartOptions, path string) string {
	if o.Title != "" {
		return o.Title
	}
	if o.Kind == KindShell {
		return filepath.Base(path)
	}
	for _, spec := range clidetect.Known {
		if spec.Name == o.Kind {
			return spec.DisplayName
		}
	}
	return o.Kind
}
