package pullrequest

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/agented/agented/backend/db"
)

// TestMigrationMarksHeadsRefusedWhileOff: head SHAs skipped before the skip cause was stored
// get it from their pull request's last error, so they too are reviewed when their trigger is
// back; a rejection, another refusal and an older head stay skipped.
func TestMigrationMarksHeadsRefusedWhileOff(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "agented.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	ms, err := db.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	at := slices.IndexFunc(ms, func(m db.Migration) bool { return m.Name == "pull_request_retry" })
	if at < 0 {
		t.Fatal("no pull_request_retry migration")
	}
	if _, err := d.Migrate(ctx, ms[:at]); err != nil {
		t.Fatal(err)
	}
	const now = "2026-05-01T12:00:00.000Z"
	if _, err := d.Writer.ExecContext(ctx, `INSERT INTO triggers(id, name, prompt_template, backend_type, trigger_source, created_at, updated_at)
		VALUES('trig-1', 'reviewer', 'review', 'claude', 'github', ?, ?)`, now, now); err != nil {
		t.Fatal(err)
	}
	rows := []struct {
		pr, head, lastErr string
		shas              []string // history rows, all skipped
	}{
		{"pr-disabled", "a", "trigger is disabled: reviewer", []string{"a"}},
		{"pr-paused", "b", "trigger is paused: reviewer (3 failures); resume it to let it fire again", []string{"b"}},
		{"pr-rejected", "c", "rejected by desktop: no", []string{"c"}},
		{"pr-busy", "d", "skipped: trigger busy (reviewer)", []string{"d"}},
		{"pr-moved", "e2", "trigger is disabled: reviewer", []string{"e1", "e2"}},
	}
	for i, r := range rows {
		if _, err := d.Writer.ExecContext(ctx, `INSERT INTO pull_requests(id, trigger_id, repo, number, head_sha, status, last_error,
			created_at, updated_at) VALUES(?, 'trig-1', 'acme/api', ?, ?, 'skipped', ?, ?, ?)`, r.pr, i+1, r.head, r.lastErr, now, now); err != nil {
			t.Fatal(err)
		}
		for _, sha := range r.shas {
			if _, err := d.Writer.ExecContext(ctx, `INSERT INTO pull_request_runs(pr_id, head_sha, status, source, created_at)
				VALUES(?, ?, 'skipped', 'webhook', ?)`, r.pr, sha, now); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := d.Migrate(ctx, ms); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"pr-disabled/a": SkipDisabled, "pr-paused/b": SkipPaused, "pr-rejected/c": "", "pr-busy/d": "",
		"pr-moved/e1": "", "pr-moved/e2": SkipDisabled}
	got := map[string]string{}
	res, err := d.Reader.QueryContext(ctx, `SELECT pr_id, head_sha, skip_cause FROM pull_request_runs`)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	for res.Next() {
		var pr, sha, cause string
		if err := res.Scan(&pr, &sha, &cause); err != nil {
			t.Fatal(err)
		}
		got[pr+"/"+sha] = cause
	}
	if len(got) != len(want) {
		t.Fatalf("causes %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("causes %v, want %v", got, want)
		}
	}
}
