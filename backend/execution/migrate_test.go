package execution

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/db"
)

// Runs recorded before argv got a placeholder have their second copy of the prompt replaced,
// in the same words as new runs, and nothing else in their argv changes.
func TestMigrationReplacesPromptInOldArgv(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, ms := migratedUpTo(t, "argv_prompt_placeholder")
	big := strings.Repeat("é", 150<<10) // 300 KiB of two-byte runes
	tests := []struct {
		id, prompt string
		argv, want []string
	}{
		{"exec-claude", "review the PR", []string{"/bin/claude", "-p", "--", "review the PR"}, []string{"/bin/claude", "-p", "--", "<prompt: 13 B>"}},
		{"exec-gemini", big, []string{"/bin/gemini", "--prompt=" + big, "-m", "x"}, []string{"/bin/gemini", "--prompt=" + agent.PromptPlaceholder(big), "-m", "x"}},
		{"exec-codex", strings.Repeat("c", 3<<20), []string{"/bin/codex", "exec", "--", strings.Repeat("c", 3<<20)}, []string{"/bin/codex", "exec", "--", "<prompt: 3.0 MiB>"}},
		{"exec-queued", "x", []string{}, []string{}},
		{"exec-other", "abc", []string{"/bin/opencode", "run", "--", "abcd"}, []string{"/bin/opencode", "run", "--", "abcd"}},
	}
	for _, tt := range tests {
		if _, err := d.Writer.ExecContext(ctx, `INSERT INTO executions(id, trigger_name, kind, backend_type, status, prompt, argv, queued_at)
			VALUES(?, 't', 'manual', 'claude', 'success', ?, ?, ?)`, tt.id, tt.prompt, mustJSON(tt.argv), db.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.Migrate(ctx, ms); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		var raw string
		if err := d.Reader.QueryRowContext(ctx, `SELECT argv FROM executions WHERE id = ?`, tt.id).Scan(&raw); err != nil {
			t.Fatal(err)
		}
		var got []string
		if err := json.Unmarshal([]byte(raw), &got); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: argv %q, want %q", tt.id, clipAll(got), tt.want)
		}
		if want := agent.RecordedArgv(tt.argv, len(tt.argv)-1, tt.prompt); tt.id == "exec-claude" && !slices.Equal(got, want) {
			t.Errorf("%s: the migration says %q, new runs say %q", tt.id, got, want)
		}
	}
}

func clipAll(s []string) []string {
	out := make([]string, len(s))
	for i, a := range s {
		out[i] = clip(a, 60)
	}
	return out
}

// Runs from before the prompt moved to execution_texts read back the same, whole in the detail
// and as summaries in lists, with a message inside the prompt stored once.
func TestMigrationMovesPromptsToTheirTable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, ms := migratedUpTo(t, "execution_texts")
	big := strings.Repeat("ü", 1<<20) // 2 MiB of two-byte runes
	tests := []struct {
		id, prompt, message string
		inPrompt            bool
	}{
		{"exec-inside", "Review: " + big + " please", big, true},
		{"exec-outside", "Review the nightly build", "nightly " + big, false},
		{"exec-empty", "no message here", "", false},
		{"exec-short", "fix ß now", "ß", true},
	}
	for _, tt := range tests {
		if _, err := d.Writer.ExecContext(ctx, `INSERT INTO executions(id, trigger_name, kind, backend_type, status, prompt, message, queued_at)
			VALUES(?, 't', 'webhook', 'claude', 'success', ?, ?, ?)`, tt.id, tt.prompt, tt.message, db.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.Migrate(ctx, ms); err != nil {
		t.Fatal(err)
	}
	s := NewStore(d)
	page, err := s.List(ctx, ListFilter{Limit: 10})
	if err != nil || len(page.Executions) != len(tests) {
		t.Fatalf("list: %d runs, %v", len(page.Executions), err)
	}
	for _, tt := range tests {
		got, err := s.Get(ctx, tt.id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Prompt != tt.prompt || got.Message != tt.message || got.PromptTruncated || got.MessageTruncated {
			t.Errorf("%s: detail has %d/%d bytes of prompt, %d/%d of message", tt.id, len(got.Prompt), len(tt.prompt), len(got.Message), len(tt.message))
		}
		var stored string
		var at *int64
		if err := d.Reader.QueryRowContext(ctx, `SELECT message, message_at FROM execution_texts WHERE execution_id = ?`, tt.id).Scan(&stored, &at); err != nil {
			t.Fatal(err)
		}
		if (at != nil) != tt.inPrompt || (tt.inPrompt && stored != "") {
			t.Errorf("%s: message stored as %d bytes at %v; inside the prompt: %v", tt.id, len(stored), at, tt.inPrompt)
		}
		i := slices.IndexFunc(page.Executions, func(e Execution) bool { return e.ID == tt.id })
		sum := page.Executions[i]
		if !strings.HasPrefix(tt.prompt, sum.Prompt) || !strings.HasPrefix(tt.message, sum.Message) || len(sum.Prompt) > SummaryBytes ||
			sum.PromptBytes != int64(len(tt.prompt)) || sum.MessageBytes != int64(len(tt.message)) || sum.MessageTruncated != (len(tt.message) > SummaryBytes) {
			t.Errorf("%s: summary %d of %d prompt bytes, %d of %d message bytes, truncated %v", tt.id, len(sum.Prompt), sum.PromptBytes, len(sum.Message), sum.MessageBytes, sum.MessageTruncated)
		}
	}
}

// migratedUpTo opens a new database migrated up to, but not including, the named migration, and
// returns it with every embedded migration for the test to finish the job.
func migratedUpTo(t *testing.T, name string) (*db.DB, []db.Migration) {
	t.Helper()
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
	before := slices.IndexFunc(ms, func(m db.Migration) bool { return m.Name == name })
	if before < 0 {
		t.Fatalf("migration %s not found", name)
	}
	if _, err := d.Migrate(ctx, ms[:before]); err != nil {
		t.Fatal(err)
	}
	return d, ms
}
