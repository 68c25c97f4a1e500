// Package gitstate takes a cheap fingerprint of a working directory, so a caller can tell whether
// something changed it between two moments: in a git work tree, the HEAD commit plus
// `git status --porcelain` (which sees edits, new untracked files, deletions and renames, and
// skips what .gitignore hides); outside git, a hash over every file's path, size, mode and
// modification time.
package gitstate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Kinds of a State.
const (
	KindGit  = "git"
	KindTree = "tree"
)

// maxTreeFiles bounds the walk outside git: a directory this large is not a project an agent
// edits, and a fingerprint that took minutes would hold up the run it guards.
const maxTreeFiles = 200000

// maxDirty bounds the dirty paths a State lists: the count stays exact, the list is for reading.
const maxDirty = 500

// State is a fingerprint of a directory at one moment. Status and Hash compare; Branch and Dirty
// say the same in a form a person reads (and a run records).
type State struct {
	Kind   string `json:"kind"`   // git | tree
	Head   string `json:"head"`   // git: the HEAD commit ("(initial)" before the first commit)
	Branch string `json:"branch"` // git: the checked-out branch, "(detached)" when none
	// Dirty lists the paths git status reports (edited, added, deleted, untracked), at most
	// maxDirty of them; DirtyCount counts them all.
	Dirty      []string `json:"dirty"`
	DirtyCount int      `json:"dirtyCount"`
	Status     string   `json:"-"` // git: `git status --porcelain=v2` entries and branch name
	Hash       string   `json:"-"` // tree: hex SHA-256 of the file list
}

// Equal says whether two fingerprints describe the same contents.
func (s State) Equal(o State) bool {
	return s.Kind == o.Kind && s.Head == o.Head && s.Status == o.Status && s.Hash == o.Hash
}

// ErrTooLarge is returned outside git when the tree has more than maxTreeFiles entries.
var ErrTooLarge = errors.New("directory too large to fingerprint")

// Take fingerprints dir. It uses git when dir is inside a work tree and git is installed. A
// directory with no .git above it is hashed without starting git: runs take a fingerprint as
// they start, and most work in such a directory.
func Take(ctx context.Context, dir string) (State, error) {
	if mayBeGit(dir) {
		st, err := gitState(ctx, dir)
		if err == nil {
			return st, nil
		}
		// Not a work tree after all (a stray .git, a ceiling directory), or git is missing: then
		// the tree is hashed. In a work tree a failing status is an error like any other.
		if top, terr := git(ctx, dir, "rev-parse", "--show-toplevel"); terr == nil && top != "" {
			return State{}, fmt.Errorf("git status: %w", err)
		}
	}
	hash, err := treeHash(dir)
	if err != nil {
		return State{}, err
	}
	return State{Kind: KindTree, Hash: hash, Dirty: []string{}}, nil
}

// mayBeGit says whether git could see dir as part of a work tree: a .git entry in dir or one of
// its parents, or a repository named by the environment.
func mayBeGit(dir string) bool {
	if os.Getenv("GIT_DIR") != "" || os.Getenv("GIT_WORK_TREE") != "" {
		return true
	}
	d, err := filepath.Abs(dir)
	if err != nil {
		return true // let git decide
	}
	for {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return true
		}
		parent := filepath.Dir(d)
		if parent == d {
			return false
		}
		d = parent
	}
}

// gitState is the HEAD commit and the status of the work tree under dir, from one git process:
// porcelain v2 with --branch names the commit in its "# branch.oid" header ("(initial)" before
// the first commit). The ahead/behind header is left out: a fetch is not a change to the files.
func gitState(ctx context.Context, dir string) (State, error) {
	out, err := git(ctx, dir, "status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all", "--", ".")
	if err != nil {
		return State{}, err
	}
	st := State{Kind: KindGit, Dirty: []string{}}
	var status strings.Builder
	entries := strings.Split(out, "\x00")
	for i := 0; i < len(entries); i++ {
		entry := entries[i]
		switch {
		case strings.HasPrefix(entry, "# branch.oid "):
			st.Head = strings.TrimPrefix(entry, "# branch.oid ")
			continue
		case strings.HasPrefix(entry, "# branch.head "):
			st.Branch = strings.TrimPrefix(entry, "# branch.head ")
		case strings.HasPrefix(entry, "# branch.ab "):
			continue
		case strings.HasPrefix(entry, "2 ") && i+1 < len(entries):
			// A rename or copy: its original path is the next NUL-separated entry.
			st.addDirty(pathField(entry, 9))
			entry += "\x00" + entries[i+1]
			i++
		case strings.HasPrefix(entry, "1 "):
			st.addDirty(pathField(entry, 8))
		case strings.HasPrefix(entry, "u "):
			st.addDirty(pathField(entry, 10))
		case strings.HasPrefix(entry, "? "):
			st.addDirty(entry[2:])
		}
		status.WriteString(entry)
		status.WriteByte(0)
	}
	st.Status = status.String()
	return st, nil
}

// pathField is what follows the first n space-separated fields of a porcelain v2 entry: its
// path, which may itself hold spaces.
func pathField(entry string, n int) string {
	parts := strings.SplitN(entry, " ", n+1)
	if len(parts) <= n {
		return entry
	}
	return parts[n]
}

func (s *State) addDirty(path string) {
	s.DirtyCount++
	if len(s.Dirty) < maxDirty {
		s.Dirty = append(s.Dirty, path)
	}
}

// Changed fingerprints dir again and says whether it differs from before.
func Changed(ctx context.Context, dir string, before State) (bool, error) {
	after, err := Take(ctx, dir)
	if err != nil {
		return false, err
	}
	return !before.Equal(after), nil
}

func git(ctx context.Context, dir string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	// A repository owned by another user (a mounted volume) is refused by git's safe.directory
	// check; the fingerprint reads only, so the check adds nothing here.
	cmd.Env = append(cmd.Environ(), "GIT_OPTIONAL_LOCKS=0", "GIT_CONFIG_COUNT=1", "GIT_CONFIG_KEY_0=safe.directory", "GIT_CONFIG_VALUE_0=*")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%w: %s", err, strings.TrimSpace(errb.String()))
	}
	return strings.TrimSpace(out.String()), nil
}

// treeHash hashes every entry's relative path, type, size and modification time. Contents are
// not read: an edit changes the size or the mtime, and reading gigabytes would be too slow.
func treeHash(dir string) (string, error) {
	h := sha256.New()
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == dir {
				return err
			}
			fmt.Fprintf(h, "!%s\n", path) // unreadable: its presence still counts
			return nil
		}
		if n++; n > maxTreeFiles {
			return ErrTooLarge
		}
		rel, _ := filepath.Rel(dir, path)
		info, err := d.Info()
		if err != nil {
			fmt.Fprintf(h, "?%s\n", rel)
			return nil
		}
		fmt.Fprintf(h, "%s\x00%s\x00%d\x00%d\n", rel, info.Mode(), info.Size(), info.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("fingerprint %s: %w", dir, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
