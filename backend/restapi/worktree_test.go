package restapi

import (
	"encoding/json"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/trigger"
)

func TestWorktreeRunOverREST(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	tr := e.newTrigger("Isolated", func(tr *trigger.Trigger) { tr.PromptTemplate = "[fake:edit] {message}" })
	dir := t.TempDir()
	if _, err := e.triggers.AddPath(t.Context(), tr.ID, dir); err != nil {
		t.Fatal(err)
	}

	// A directory outside git: the field says why.
	var bad errorBody
	if code := e.do("PUT", "/admin/triggers/"+tr.ID, map[string]string{"isolation": "worktree"}, &bad); code != http.StatusBadRequest ||
		!strings.Contains(bad.Fields["isolation"], "not inside one") {
		t.Fatalf("non-git isolation: %d %+v", code, bad)
	}
	if code := e.do("PUT", "/admin/triggers/"+tr.ID, map[string]string{"isolation": "sandbox"}, &bad); code != http.StatusBadRequest ||
		!strings.Contains(bad.Fields["isolation"], "none or worktree") {
		t.Fatalf("unknown isolation: %d %+v", code, bad)
	}
	for _, args := range [][]string{{"init", "-q"}, {"-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "--allow-empty", "-m", "init"}} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	var saved trigger.Trigger
	if code := e.do("PUT", "/admin/triggers/"+tr.ID, map[string]string{"isolation": "worktree"}, &saved); code != http.StatusOK ||
		saved.Isolation != trigger.IsolationWorktree {
		t.Fatalf("isolation update: %d %+v", code, saved.Isolation)
	}

	id := e.run(tr.ID, "go")
	done := e.wait(id, 30*time.Second, execution.StatusSuccess, execution.StatusFailed)
	if done.Status != execution.StatusSuccess {
		t.Fatalf("run: %s %s", done.Status, done.ErrorMessage)
	}
	var raw map[string]json.RawMessage
	e.do("GET", "/admin/executions/"+id, nil, &raw)
	for _, k := range []string{"isolation", "worktreePath", "branch", "baseCommit", "gitBefore", "gitAfter", "diffStat", "savedNote"} {
		if _, ok := raw[k]; !ok {
			t.Fatalf("execution JSON lacks %q", k)
		}
	}
	if string(raw["branch"]) != `"agented/`+id+`"` {
		t.Fatalf("branch = %s", raw["branch"])
	}

	var d execution.Diff
	if code := e.do("GET", "/admin/executions/"+id+"/diff", nil, &d); code != http.StatusOK || d.Stat.FilesChanged != 2 ||
		!strings.Contains(d.Text, "+A line the agent added.") {
		t.Fatalf("diff: %d %+v", code, d)
	}
	var after execution.Execution
	if code := e.do("POST", "/admin/executions/"+id+"/worktree/remove", nil, &after); code != http.StatusOK ||
		after.SavedCommit == "" || after.WorktreeRemovedAt == "" {
		t.Fatalf("remove: %d %+v", code, after.GitRecord)
	}

	// A run without a worktree, and one that does not exist.
	plain := e.newTrigger("Plain")
	pid := e.run(plain.ID, "hi")
	e.wait(pid, 30*time.Second, execution.StatusSuccess, execution.StatusFailed)
	var body errorBody
	if code := e.do("POST", "/admin/executions/"+pid+"/worktree/remove", nil, &body); code != http.StatusConflict ||
		!strings.Contains(body.Error, "isolated worktree") {
		t.Fatalf("remove without worktree: %d %+v", code, body)
	}
	if code := e.do("GET", "/admin/executions/"+pid+"/diff", nil, &body); code != http.StatusConflict {
		t.Fatalf("diff without worktree: %d", code)
	}
	if code := e.do("GET", "/admin/executions/exec-nope/diff", nil, &body); code != http.StatusNotFound {
		t.Fatalf("diff of a missing run: %d", code)
	}
}

// worktreeRun is a finished run of a trigger with worktree isolation in a fresh repository.
func worktreeRun(t *testing.T, e *env) string {
	t.Helper()
	dir := t.TempDir()
	for _, args := range [][]string{{"init", "-q"}, {"-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "--allow-empty", "-m", "init"}} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	tr := e.newTrigger("worktree "+filepath.Base(dir), func(tr *trigger.Trigger) { tr.PromptTemplate = "[fake:edit] {message}" })
	tr, err := e.triggers.AddPath(t.Context(), tr.ID, dir)
	if err != nil {
		t.Fatal(err)
	}
	tr.Isolation = trigger.IsolationWorktree
	if _, err := e.triggers.Update(t.Context(), tr); err != nil {
		t.Fatal(err)
	}
	id := e.run(tr.ID, "go")
	e.wait(id, 30*time.Second, execution.StatusSuccess)
	return id
}
