package worktree

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// MaxDiffBytes bounds the full diff returned for reading; DiffText says when it was cut.
const MaxDiffBytes = 4 << 20

// FileStat is one changed file.
type FileStat struct {
	Path       string `json:"path"`
	Insertions int    `json:"insertions"`
	Deletions  int    `json:"deletions"`
	Binary     bool   `json:"binary"`
}

// DiffStat summarises a run's changes against the commit its worktree was made from.
type DiffStat struct {
	FilesChanged int        `json:"filesChanged"`
	Insertions   int        `json:"insertions"`
	Deletions    int        `json:"deletions"`
	Files        []FileStat `json:"files"`
}

// Ref names what a diff compares: a worktree that may still exist, else its branch.
type Ref struct {
	Repo   string
	Path   string // the worktree; "" or missing = compare the branch
	Branch string
	Base   string
}

// Stat summarises the changes of r against its base: with the worktree present, everything in
// it (commits, edits, new files not ignored); once removed, the branch.
func Stat(ctx context.Context, r Ref) (DiffStat, error) {
	out, err := diff(ctx, r, "--numstat", "-z")
	if err != nil {
		return DiffStat{}, err
	}
	st := DiffStat{Files: []FileStat{}}
	for _, rec := range strings.Split(out, "\x00") {
		parts := strings.SplitN(rec, "\t", 3)
		if len(parts) != 3 {
			continue
		}
		f := FileStat{Path: parts[2]}
		if parts[0] == "-" {
			f.Binary = true
		} else {
			f.Insertions, _ = strconv.Atoi(parts[0])
			f.Deletions, _ = strconv.Atoi(parts[1])
		}
		st.Files = append(st.Files, f)
		st.FilesChanged++
		st.Insertions += f.Insertions
		st.Deletions += f.Deletions
	}
	return st, nil
}

// DiffText is the full unified diff of r against its base, cut at MaxDiffBytes (truncated set).
func DiffText(ctx context.Context, r Ref) (text string, truncated bool, err error) {
	out, err := diff(ctx, r)
	if err != nil {
		return "", false, err
	}
	if len(out) > MaxDiffBytes {
		return out[:MaxDiffBytes], true, nil
	}
	return out, false, nil
}

// diff runs git diff of r's base against its worktree or branch. A present worktree is diffed
// through a temporary index holding all of its files, so new files count and the worktree's own
// index (which the agent may be using) is left as it was.
func diff(ctx context.Context, r Ref, args ...string) (string, error) {
	common := []string{"-c", "core.quotepath=off", "diff", "--no-renames", "--no-color", "--no-ext-diff"}
	if !present(r.Path) {
		return git(ctx, r.Repo, nil, append(append(common, args...), r.Base, r.Branch, "--")...)
	}
	env, done, err := fullIndex(ctx, r.Path)
	if err != nil {
		return "", err
	}
	defer done()
	return git(ctx, r.Path, env, append(append(append(common, "--cached"), args...), r.Base, "--")...)
}

// fullIndex builds a temporary index of every file in the worktree at dir (what `git add -A`
// would stage) and returns the environment that points git at it.
func fullIndex(ctx context.Context, dir string) ([]string, func(), error) {
	tmp, err := os.MkdirTemp("", "agented-index-")
	if err != nil {
		return nil, nil, err
	}
	done := func() { _ = os.RemoveAll(tmp) }
	env := []string{"GIT_INDEX_FILE=" + filepath.Join(tmp, "index")}
	if _, err := git(ctx, dir, env, "read-tree", "HEAD"); err != nil {
		done()
		return nil, nil, err
	}
	if _, err := git(ctx, dir, env, "add", "-A", "--", "."); err != nil {
		done()
		return nil, nil, err
	}
	return env, done, nil
}

func present(path string) bool {
	if path == "" {
		return false
	}
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}
