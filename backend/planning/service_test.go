package planning

import (
	"context"
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// snapshot hashes every regular file under dir by its relative path.
func snapshot(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = sha256.Sum256(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSetStatusWritesOnlyThatLine(t *testing.T) {
	t.Parallel()
	proj := copyTree(t, "flat")
	s := newTestService(t, nil, map[string]string{"p1": proj})
	id := "phases/01-foundation/01-01-PLAN.md"
	file := filepath.Join(proj, Dir, filepath.FromSlash(id))
	if err := os.Chmod(file, 0o640); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	others := snapshot(t, proj)
	delete(others, filepath.Join(Dir, filepath.FromSlash(id)))

	b, err := s.SetStatus(context.Background(), "p1", id, StatusInReview)
	if err != nil {
		t.Fatal(err)
	}
	if p := findPlan(t, b, id); p.Status != StatusInReview || !p.HasSummary {
		t.Errorf("returned board has %+v, want in_review (the written status beats the SUMMARY)", p)
	}
	after, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(string(before), "      provides: tables\n---", "      provides: tables\nstatus: in_review\n---", 1)
	if string(after) != want {
		t.Errorf("file after the move:\n%s\nwant:\n%s", after, want)
	}
	if st, _ := os.Stat(file); st.Mode().Perm() != 0o640 {
		t.Errorf("mode = %v, want 0640 kept", st.Mode().Perm())
	}
	now := snapshot(t, proj)
	delete(now, filepath.Join(Dir, filepath.FromSlash(id)))
	if len(now) != len(others) {
		t.Errorf("files in the tree: %d, before %d (a temporary file left behind?)", len(now), len(others))
	}
	for rel, h := range others {
		if now[rel] != h {
			t.Errorf("%s changed", rel)
		}
	}

	// Moving it back rewrites the same line, not a second one.
	if _, err := s.SetStatus(context.Background(), "p1", id, StatusDone); err != nil {
		t.Fatal(err)
	}
	again, _ := os.ReadFile(file)
	if strings.Count(string(again), "status:") != 1 || !strings.Contains(string(again), "status: done\n---") {
		t.Errorf("after a second move:\n%s", again)
	}
}

func TestSetStatusThroughSymlinkKeepsTheLink(t *testing.T) {
	t.Parallel()
	proj := copyTree(t, "milestones")
	dir := filepath.Join(proj, Dir, "phases", "02-projects")
	if err := os.Rename(filepath.Join(dir, "02-01-PLAN.md"), filepath.Join(dir, "real.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.md", filepath.Join(dir, "02-01-PLAN.md")); err != nil {
		t.Fatal(err)
	}
	s := newTestService(t, nil, map[string]string{"p": proj})
	if _, err := s.SetStatus(context.Background(), "p", "phases/02-projects/02-01-PLAN.md", StatusInProgress); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(filepath.Join(dir, "02-01-PLAN.md")); err != nil || st.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("the PLAN symlink was replaced by a file (err %v)", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "real.md")); !strings.Contains(string(b), "status: in_progress\n") {
		t.Errorf("target not updated:\n%s", b)
	}
}

func TestSetStatusRefusals(t *testing.T) {
	t.Parallel()
	proj := copyTree(t, "flat")
	outside := filepath.Join(t.TempDir(), "01-09-PLAN.md")
	if err := os.WriteFile(outside, []byte("---\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(proj, Dir, "phases", "01-foundation", "01-09-PLAN.md")); err != nil {
		t.Fatal(err)
	}
	s := newTestService(t, nil, map[string]string{"p": proj, "empty": ""})
	tests := []struct {
		name, project, id, status string
		want                      error
	}{
		{"a checklist-only plan", "p", "ROADMAP.md#2-03", StatusDone, ErrNotMovable},
		{"a path out of .planning", "p", "../secrets/01-01-PLAN.md", StatusDone, ErrBadPath},
		{"an absolute path", "p", "/etc/01-01-PLAN.md", StatusDone, ErrBadPath},
		{"an unclean path", "p", "phases/./01-foundation/01-01-PLAN.md", StatusDone, ErrBadPath},
		{"a document that is not a PLAN", "p", "phases/01-foundation/01-CONTEXT.md", StatusDone, ErrPlanNotFound},
		{"a PLAN that does not exist", "p", "phases/01-foundation/01-07-PLAN.md", StatusDone, ErrPlanNotFound},
		{"a symlink leading out of .planning", "p", "phases/01-foundation/01-09-PLAN.md", StatusDone, ErrBadPath},
		{"a bad status", "p", "phases/01-foundation/01-01-PLAN.md", "Done!", ErrBadStatus},
		{"malformed front matter", "p", "phases/02-api-auth/02-01-PLAN.md", StatusDone, ErrMalformed},
		{"a project without a directory", "empty", "phases/01-foundation/01-01-PLAN.md", StatusDone, ErrNoProject},
	}
	before := snapshot(t, proj)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.SetStatus(context.Background(), tt.project, tt.id, tt.status); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
	after := snapshot(t, proj)
	for rel, h := range before {
		if after[rel] != h {
			t.Errorf("%s changed by a refused move", rel)
		}
	}
	if b, _ := os.ReadFile(outside); string(b) != "---\n---\n" {
		t.Errorf("the file outside .planning was written: %q", b)
	}
}

func TestDocumentAndState(t *testing.T) {
	t.Parallel()
	proj := copyTree(t, "milestones")
	bare := t.TempDir()
	s := newTestService(t, nil, map[string]string{"p": proj, "bare": bare})
	ctx := context.Background()

	doc, err := s.Document(ctx, "p", "phases/02-projects/02-RESEARCH.md")
	if err != nil || !strings.HasPrefix(doc.Content, "# Projects research") {
		t.Errorf("document = %+v, %v", doc, err)
	}
	// The symlinked ROADMAP is inside .planning once resolved.
	if doc, err := s.Document(ctx, "p", "ROADMAP.md"); err != nil || !strings.Contains(doc.Content, "v0.2.0 Desktop") {
		t.Errorf("symlinked ROADMAP = %+v, %v", doc, err)
	}
	for path, want := range map[string]error{
		"STATE.txt": ErrBadPath, "../go.mod": ErrBadPath, "": ErrBadPath, "phases/nope.md": ErrDocumentNotFound,
		"phases/02-projects": ErrBadPath,
	} {
		if _, err := s.Document(ctx, "p", path); !errors.Is(err, want) {
			t.Errorf("Document(%q) err = %v, want %v", path, err, want)
		}
	}

	st, err := s.State(ctx, "p")
	if err != nil || !st.Present || st.Percent != 50 || st.Position[0] != (Field{"Active Phase", "2 (Projects)"}) {
		t.Errorf("state = %+v, %v", st, err)
	}
	st, err = s.State(ctx, "bare")
	if err != nil || st.Present || st.Percent != -1 {
		t.Errorf("state without .planning = %+v, %v", st, err)
	}
	b, err := s.Board(ctx, "bare")
	if err != nil || len(b.Milestones) != 0 || b.Errors == nil {
		t.Errorf("board without .planning = %+v, %v (want empty lists, no error)", b, err)
	}
}
