package trigger

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
)

// DirConfig says where the user's and Agented's own files are, for NewDirPolicy.
type DirConfig struct {
	// Home is the user's home directory: it may not be linked itself (a subdirectory may).
	// Empty means os.UserHomeDir.
	Home string
	// DataDir is Agented's data directory (database, logs, run output). It, anything inside it
	// and any directory containing it are refused: a run there could read or rewrite Agented's
	// own records.
	DataDir string
	// ProjectsDir, inside DataDir, holds project clones, which triggers are meant to work in.
	ProjectsDir string
	// AllowedRoots, when it returns a non-empty list, limits linked directories to those
	// directories and what is below them (the "allowed roots" setting). Read at every check,
	// so a change applies at once.
	AllowedRoots func() []string
	// GOOS selects the table of system directories; empty means runtime.GOOS.
	GOOS string
}

// DirPolicy decides which directories a trigger may be linked to and run in.
type DirPolicy struct {
	goos     string
	rules    []dirRule
	home     string   // normalized
	secrets  []string // normalized, under home
	dataDir  string   // normalized
	projects string   // normalized
	roots    func() []string
}

// NewDirPolicy returns the policy for c.
func NewDirPolicy(c DirConfig) *DirPolicy {
	if c.GOOS == "" {
		c.GOOS = runtime.GOOS
	}
	if c.Home == "" {
		c.Home, _ = os.UserHomeDir()
	}
	p := &DirPolicy{goos: c.GOOS, rules: systemRules(c.GOOS), roots: c.AllowedRoots}
	if c.Home != "" {
		p.home = p.norm(resolve(c.Home))
		for _, s := range homeSecretDirs(c.GOOS) {
			p.secrets = append(p.secrets, p.home+s)
		}
	}
	if c.DataDir != "" {
		p.dataDir = p.norm(resolve(c.DataDir))
	}
	if c.ProjectsDir != "" {
		p.projects = p.norm(resolve(c.ProjectsDir))
	}
	return p
}

// Check returns the directory dir names, with symlinks resolved, or an error wrapping
// ErrBadPath that says why it may not be linked. The path is judged both as written (after
// cleaning: /tmp/../etc is /etc, and /proc/self/cwd is inside /proc whatever it points to) and
// as resolved (a symlink to /etc is /etc).
func (p *DirPolicy) Check(dir string) (string, error) {
	dir = strings.TrimSpace(dir)
	if !filepath.IsAbs(dir) {
		return "", fmt.Errorf("%w: %q is not an absolute path", ErrBadPath, dir)
	}
	clean := filepath.Clean(dir)
	if why := p.refused(clean); why != "" {
		return "", fmt.Errorf("%w: %s %s", ErrBadPath, clean, why)
	}
	real, err := filepath.EvalSymlinks(clean)
	if err != nil {
		return "", fmt.Errorf("%w: %s does not exist", ErrBadPath, dir)
	}
	if fi, err := os.Stat(real); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("%w: %s is not a directory", ErrBadPath, dir)
	}
	if why := p.refused(real); why != "" {
		if real != clean {
			return "", fmt.Errorf("%w: %s resolves to %s, which %s", ErrBadPath, clean, real, why)
		}
		return "", fmt.Errorf("%w: %s %s", ErrBadPath, real, why)
	}
	if err := p.checkRoots(real); err != nil {
		return "", err
	}
	return real, nil
}

// refused says why a clean absolute path may not be linked ("is a system directory"), or "".
func (p *DirPolicy) refused(dir string) string {
	n := p.norm(dir)
	rest := n
	if p.goos == "windows" {
		_, rest = splitVolume(n)
	}
	for _, r := range p.rules {
		if r.matches(rest) {
			if rest == "/" {
				return "is the root of the file system"
			}
			return "is a system directory"
		}
	}
	if p.home != "" {
		if n == p.home {
			return "is your home directory; link a project directory inside it instead"
		}
		for _, s := range p.secrets {
			if within(n, s) {
				return "holds credentials or system settings of your account"
			}
		}
	}
	if p.dataDir != "" {
		switch {
		case p.projects != "" && within(n, p.projects) && n != p.projects:
			// a project clone: the one part of the data directory meant for runs
		case within(n, p.dataDir):
			return "is inside Agented's data directory, which holds its database and logs"
		case within(p.dataDir, n):
			return "contains Agented's data directory, which holds its database and logs"
		}
	}
	return ""
}

// checkRoots enforces the allowed-roots setting on a resolved directory.
func (p *DirPolicy) checkRoots(real string) error {
	if p.roots == nil {
		return nil
	}
	roots := p.roots()
	if len(roots) == 0 {
		return nil
	}
	n := p.norm(real)
	for _, r := range roots {
		if within(n, p.norm(resolve(r))) {
			return nil
		}
	}
	return fmt.Errorf("%w: %s is outside the allowed roots set in Settings (%s)", ErrBadPath, real, strings.Join(roots, ", "))
}

// matches reports whether the normalized, volume-less path n falls under the rule.
func (r dirRule) matches(n string) bool {
	ruleSegs := strings.Count(r.path, "/")
	if r.path == "/" {
		return n == "/"
	}
	segs := strings.Count(n, "/")
	if segs < ruleSegs || (!r.subtree && segs != ruleSegs) {
		return false
	}
	// The first ruleSegs segments of n.
	head := n
	if segs > ruleSegs {
		i, seen := 0, 0
		for i = 1; i < len(n); i++ {
			if n[i] == '/' {
				seen++
				if seen == ruleSegs {
					break
				}
			}
		}
		head = n[:i]
	}
	ok, _ := path.Match(r.path, head)
	return ok
}

// norm puts a clean absolute path in the form the rules use: forward slashes, lower case where
// the file system ignores case, no trailing slash but for a root.
func (p *DirPolicy) norm(dir string) string {
	if p.goos == "windows" {
		dir = strings.ReplaceAll(dir, `\`, "/")
		vol, rest := splitVolume(dir)
		rest = path.Clean("/" + rest)
		dir = vol + rest
	} else {
		dir = path.Clean(filepath.ToSlash(dir))
	}
	if foldsCase(p.goos) {
		dir = strings.ToLower(dir)
	}
	return dir
}

// splitVolume splits a slash-form Windows path into its volume ("c:", "//server/share") and the
// rest ("/users/me").
func splitVolume(p string) (vol, rest string) {
	if len(p) >= 2 && p[1] == ':' {
		return p[:2], p[2:]
	}
	if strings.HasPrefix(p, "//") {
		// //server/share/rest
		parts := strings.SplitN(p[2:], "/", 3)
		if len(parts) < 2 {
			return p, "/"
		}
		vol = "//" + parts[0] + "/" + parts[1]
		if len(parts) == 3 {
			return vol, "/" + parts[2]
		}
		return vol, "/"
	}
	return "", p
}

// within reports whether normalized path n is base or below it.
func within(n, base string) bool {
	if n == base {
		return true
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return strings.HasPrefix(n, base)
}

// resolve returns dir cleaned and with symlinks resolved when it exists, else just cleaned, so a
// configured directory compares equal to the real paths Check produces.
func resolve(dir string) string {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		return real
	}
	return filepath.Clean(dir)
}
