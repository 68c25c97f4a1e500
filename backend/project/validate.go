package project

import (
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"

	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/validation"
)

// Caps of project and product fields.
const (
	maxName        = 100
	maxDescription = 4000
	maxRepoURL     = 2048
	maxPath        = 4096
	maxDepth       = 1_000_000
)

var (
	// ownerRepoRe is GitHub shorthand: owner/repo (a GitHub owner has no dot, which tells it
	// from host/owner/repo).
	ownerRepoRe = regexp.MustCompile(`^[A-Za-z0-9-]+/[A-Za-z0-9_.-]+$`)
	// hostRepoRe is host/owner/repo without a scheme (github.com/owner/repo); the host has a dot.
	hostRepoRe = regexp.MustCompile(`^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:[0-9]+)?/[A-Za-z0-9_.~/-]+$`)
	// scpRe is git's scp-like ssh form: user@host:path.
	scpRe = regexp.MustCompile(`^[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+:[^/\\][^\s]*$|^[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+:/[^\s]+$`)
)

// normalize trims text fields so create and update store the same shapes.
func normalize(in *Input) {
	in.Name = strings.TrimSpace(in.Name)
	in.Description = strings.TrimSpace(in.Description)
	in.ProductID = strings.TrimSpace(in.ProductID)
	in.RepoURL = strings.TrimSpace(in.RepoURL)
	in.LocalPath = strings.TrimSpace(in.LocalPath)
	if in.LocalPath != "" && filepath.IsAbs(in.LocalPath) {
		in.LocalPath = filepath.Clean(in.LocalPath)
	}
	in.Status = strings.TrimSpace(in.Status)
	if in.Status == "" {
		in.Status = StatusActive
	}
}

// validate checks a normalized input; existence checks (product, local path) are the service's.
func validate(in Input) *validation.Errors {
	errs := validation.New("project")
	checkName(errs, in.Name)
	if len(in.Description) > maxDescription {
		errs.Add("description", "must be at most 4000 characters")
	}
	if in.RepoURL != "" {
		if _, msg := CloneURL(in.RepoURL); msg != "" {
			errs.Add("repoUrl", msg)
		}
	}
	if in.LocalPath != "" {
		switch {
		case len(in.LocalPath) > maxPath:
			errs.Add("localPath", "must be at most 4096 characters")
		case strings.ContainsAny(in.LocalPath, "\x00\r\n"):
			errs.Add("localPath", "must be a single line")
		case !filepath.IsAbs(in.LocalPath):
			errs.Add("localPath", "must be an absolute path such as /home/me/code/app")
		case in.LocalPath == string(filepath.Separator):
			errs.Add("localPath", "must not be the file system root")
		}
	}
	if in.Status != StatusActive && in.Status != StatusArchived {
		errs.Add("status", "must be active or archived")
	}
	switch {
	case in.CloneDepth < 0:
		errs.Add("cloneDepth", "must not be negative (0 clones the full history)")
	case in.CloneDepth > maxDepth:
		errs.Add("cloneDepth", "must be at most 1000000 (0 clones the full history)")
	}
	if in.Token != nil && *in.Token != "" {
		if err := secret.ValidateValue(*in.Token); err != nil {
			errs.Add("token", strings.TrimPrefix(err.Error(), secret.ErrInvalid.Error()+": "))
		} else if in.RepoURL == "" {
			errs.Add("token", "is only used to clone a repository: set repoUrl too")
		}
	}
	return errs
}

func normalizeProduct(in *ProductInput) {
	in.Name = strings.TrimSpace(in.Name)
	in.Description = strings.TrimSpace(in.Description)
}

func validateProduct(in ProductInput) *validation.Errors {
	errs := validation.New("product")
	checkName(errs, in.Name)
	if len(in.Description) > maxDescription {
		errs.Add("description", "must be at most 4000 characters")
	}
	return errs
}

func checkName(errs *validation.Errors, name string) {
	switch {
	case name == "":
		errs.Add("name", "is required")
	case len([]rune(name)) > maxName:
		errs.Add("name", "must be at most 100 characters")
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		errs.Add("name", "must be a single line without control characters")
	}
}

// CloneURL turns what the user typed into the URL git clones, or says what is wrong with it:
// owner/repo becomes https://github.com/owner/repo.git and host/owner/repo https://host/owner/repo.
// https, http, ssh, git and file:// URLs and scp-like user@host:path pass as they are.
func CloneURL(raw string) (cloneURL, problem string) {
	const forms = "use owner/repo, an https://, ssh:// or file:// URL, or git@host:owner/repo"
	switch {
	case len(raw) > maxRepoURL:
		return "", "must be at most 2048 characters"
	case strings.IndexFunc(raw, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		return "", "must not contain spaces or control characters"
	case ownerRepoRe.MatchString(raw):
		return "https://github.com/" + strings.TrimSuffix(raw, ".git") + ".git", ""
	case scpRe.MatchString(raw) && !strings.Contains(raw, "://"):
		return raw, ""
	case hostRepoRe.MatchString(raw) && !strings.Contains(raw, "://"):
		return "https://" + raw, ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		return "", "is not a repository address: " + forms
	}
	switch u.Scheme {
	case "https", "http", "ssh", "git":
		if u.Host == "" {
			return "", "names no host: " + forms
		}
		if _, hasPassword := u.User.Password(); hasPassword {
			return "", "must not carry a password or token: put the token in the token field, which keeps it in the OS keyring"
		}
		if strings.Trim(u.Path, "/") == "" {
			return "", "names no repository path after the host"
		}
	case "file":
		if u.Host != "" && u.Host != "localhost" {
			return "", "file:// URLs name a local path (file:///srv/git/app.git), not a host"
		}
		if !strings.HasPrefix(u.Path, "/") || u.Path == "/" {
			return "", "file:// URLs need an absolute repository path (file:///srv/git/app.git)"
		}
	default:
		return "", "scheme " + u.Scheme + ":// is not supported: " + forms
	}
	return raw, ""
}

// dirName is the directory name a project's clone gets: the name with everything but letters,
// digits, '-', '_' and '.' replaced by '_', never "." or "..".
func dirName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	s := strings.TrimLeft(b.String(), ".")
	if s == "" {
		return "project"
	}
	return s
}
