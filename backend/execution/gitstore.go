package execution

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/worktree"
)

// SaveGit stores a run's git record (everything but the removal, which RemovedWorktree records).
func (s *Store) SaveGit(ctx context.Context, id string, g GitRecord) error {
	_, err := s.db.Exec(ctx, `INSERT INTO execution_git(execution_id, isolation, repo_dir, worktree_path, branch, base_commit,
		git_before, git_after, diff_stat) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(execution_id) DO UPDATE SET isolation = excluded.isolation, repo_dir = excluded.repo_dir,
		worktree_path = excluded.worktree_path, branch = excluded.branch, base_commit = excluded.base_commit,
		git_before = excluded.git_before, git_after = excluded.git_after, diff_stat = excluded.diff_stat`,
		id, g.Isolation, g.RepoDir, g.WorktreePath, g.Branch, g.BaseCommit, jsonOrEmpty(g.GitBefore), jsonOrEmpty(g.GitAfter),
		jsonOrEmpty(g.DiffStat))
	if err != nil {
		return fmt.Errorf("save the run's git record: %w", db.WrapError(err))
	}
	return nil
}

// RemovedWorktree records that a run's worktree is gone and where its changes were saved.
func (s *Store) RemovedWorktree(ctx context.Context, id, at string, saved worktree.Saved) error {
	_, err := s.db.Exec(ctx, `UPDATE execution_git SET removed_at = ?, saved_commit = ?, saved_patch = ?, saved_note = ?
		WHERE execution_id = ?`, at, saved.Commit, saved.Patch, saved.Note, id)
	if err != nil {
		return fmt.Errorf("record the worktree's removal: %w", db.WrapError(err))
	}
	return nil
}

// Git reads a run's git record; a run without one has the zero record.
func (s *Store) Git(ctx context.Context, id string) (GitRecord, error) {
	var g GitRecord
	var before, after, stat string
	err := s.db.Reader.QueryRowContext(ctx, `SELECT isolation, repo_dir, worktree_path, branch, base_commit, git_before,
		git_after, diff_stat, removed_at, saved_commit, saved_patch, saved_note FROM execution_git WHERE execution_id = ?`, id).
		Scan(&g.Isolation, &g.RepoDir, &g.WorktreePath, &g.Branch, &g.BaseCommit, &before, &after, &stat,
			&g.WorktreeRemovedAt, &g.SavedCommit, &g.SavedPatch, &g.SavedNote)
	if errors.Is(err, sql.ErrNoRows) {
		return GitRecord{}, nil
	}
	if err != nil {
		return g, fmt.Errorf("read the run's git record: %w", err)
	}
	if before != "" {
		_ = json.Unmarshal([]byte(before), &g.GitBefore)
	}
	if after != "" {
		_ = json.Unmarshal([]byte(after), &g.GitAfter)
	}
	if stat != "" {
		_ = json.Unmarshal([]byte(stat), &g.DiffStat)
	}
	return g, nil
}

// jsonOrEmpty is v as JSON, or "" for a nil pointer (not recorded).
func jsonOrEmpty[T any](v *T) string {
	if v == nil {
		return ""
	}
	return mustJSON(v)
}
