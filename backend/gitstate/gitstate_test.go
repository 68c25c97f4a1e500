package gitstate

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func run(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@e", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@e")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestChanged(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		git     bool
		act     func(t *testing.T, dir string)
		changed bool
	}{
		{"git: nothing done", true, func(*testing.T, string) {}, false},
		{"git: tracked file edited", true, func(t *testing.T, d string) { write(t, filepath.Join(d, "a.txt"), "edited\n") }, true},
		{"git: untracked file added", true, func(t *testing.T, d string) { write(t, filepath.Join(d, "new.txt"), "x") }, true},
		{"git: ignored file added", true, func(t *testing.T, d string) { write(t, filepath.Join(d, "build.log"), "x") }, false},
		{"git: file deleted", true, func(t *testing.T, d string) { _ = os.Remove(filepath.Join(d, "a.txt")) }, true},
		{"git: committed", true, func(t *testing.T, d string) {
			write(t, filepath.Join(d, "b.txt"), "b")
			run(t, d, "add", "b.txt")
			run(t, d, "commit", "-qm", "b")
		}, true},
		{"tree: nothing done", false, func(*testing.T, string) {}, false},
		{"tree: file edited", false, func(t *testing.T, d string) { write(t, filepath.Join(d, "a.txt"), "a longer text\n") }, true},
		{"tree: file added in a subdirectory", false, func(t *testing.T, d string) {
			_ = os.MkdirAll(filepath.Join(d, "sub"), 0o700)
			write(t, filepath.Join(d, "sub", "n.txt"), "n")
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			write(t, filepath.Join(dir, "a.txt"), "a\n")
			if tt.git {
				write(t, filepath.Join(dir, ".gitignore"), "*.log\n")
				run(t, dir, "init", "-q")
				run(t, dir, "add", ".")
				run(t, dir, "commit", "-qm", "init")
			}
			before, err := Take(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			wantKind := KindTree
			if tt.git {
				wantKind = KindGit
			}
			if before.Kind != wantKind {
				t.Fatalf("kind %q, want %q", before.Kind, wantKind)
			}
			tt.act(t, dir)
			got, err := Changed(context.Background(), dir, before)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.changed {
				t.Fatalf("changed = %v, want %v", got, tt.changed)
			}
		})
	}
}

func TestTakeMissingDir(t *testing.T) {
	t.Parallel()
	if _, err := Take(context.Background(), filepath.Join(t.TempDir(), "gone")); err == nil {
		t.Fatal("want an error for a directory that does not exist")
	}
}

// TestTakeKind: git is used exactly where git sees a work tree (also below its top and before the
// first commit); a .git that is not a repository, or none at all, gives a tree hash.
func TestTakeKind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		setup    func(t *testing.T, root string) string // returns the directory to fingerprint
		kind     string
		wantHead string
	}{
		{"no .git above", func(t *testing.T, root string) string { return root }, KindTree, ""},
		{"repository without commits", func(t *testing.T, root string) string {
			run(t, root, "init", "-q")
			return root
		}, KindGit, "(initial)"},
		{"subdirectory of a work tree", func(t *testing.T, root string) string {
			run(t, root, "init", "-q")
			write(t, filepath.Join(root, "a.txt"), "a")
			run(t, root, "add", ".")
			run(t, root, "commit", "-qm", "a")
			sub := filepath.Join(root, "sub")
			_ = os.MkdirAll(sub, 0o700)
			return sub
		}, KindGit, ""},
		{"stray .git file", func(t *testing.T, root string) string {
			write(t, filepath.Join(root, ".git"), "not a gitdir pointer\n")
			return root
		}, KindTree, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := tt.setup(t, t.TempDir())
			st, err := Take(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			if st.Kind != tt.kind {
				t.Fatalf("kind %q, want %q", st.Kind, tt.kind)
			}
			if tt.kind == KindGit && tt.wantHead != "" && st.Head != tt.wantHead {
				t.Fatalf("head %q, want %q", st.Head, tt.wantHead)
			}
			if tt.kind == KindGit && tt.wantHead == "" && len(st.Head) < 40 {
				t.Fatalf("head %q is not a commit id", st.Head)
			}
		})
	}
}

// TestTakeReadable: the branch and the dirty paths (a rename by its new name, a path with a
// space) come from the same status call that fingerprints the tree.
func TestTakeReadable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.txt"), "a\n")
	write(t, filepath.Join(dir, "old.txt"), "old\n")
	run(t, dir, "init", "-q", "-b", "trunk")
	run(t, dir, "add", ".")
	run(t, dir, "commit", "-qm", "init")
	clean, err := Take(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if clean.Branch != "trunk" || len(clean.Dirty) != 0 || clean.DirtyCount != 0 || len(clean.Head) != 40 {
		t.Fatalf("clean state = %+v", clean)
	}
	write(t, filepath.Join(dir, "a.txt"), "edited\n")
	write(t, filepath.Join(dir, "with space.txt"), "n")
	run(t, dir, "mv", "old.txt", "new.txt")
	st, err := Take(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"a.txt": true, "with space.txt": true, "new.txt": true}
	if st.DirtyCount != 3 || len(st.Dirty) != 3 {
		t.Fatalf("dirty = %q (count %d), want 3 paths", st.Dirty, st.DirtyCount)
	}
	for _, p := range st.Dirty {
		if !want[p] {
			t.Fatalf("unexpected dirty path %q in %q", p, st.Dirty)
		}
	}
	if st.Equal(clean) {
		t.Fatal("a dirty tree compares equal to the clean one")
	}
}
