package project

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
)

// cloneEvent is the progress event name of one project.
func cloneEvent(id string) string { return events.CloneProgress(id) }

// Clone starts cloning the project's repository into <workspace>/projects/<name> and returns at
// once with the project in "cloning"; progress arrives as clone:progress:<id> and the outcome
// as the project's clone status. A clone that fails or is cancelled removes what it wrote.
func (s *Service) Clone(ctx context.Context, id string) (Project, error) {
	p, err := s.get(ctx, s.db.Reader, id)
	if err != nil {
		return Project{}, err
	}
	if p.RepoURL == "" {
		return Project{}, fmt.Errorf("%w: set its repository first", ErrNoRepo)
	}
	if p.CloneStatus == CloneCloned && isDir(p.CloneDir) == nil {
		return Project{}, fmt.Errorf("%w (%s)", ErrAlreadyCloned, p.CloneDir)
	}
	url, problem := CloneURL(p.RepoURL)
	if problem != "" {
		return Project{}, fmt.Errorf("repository %s %s", p.RepoURL, problem)
	}
	token, err := s.token(id)
	if err != nil {
		return Project{}, fmt.Errorf("read the project's access token: %w", err)
	}
	j, jobCtx, err := s.start(id, "clone", CloneProgress{ProjectID: id, Op: "clone"})
	if err != nil {
		return Project{}, err
	}
	dir := cloneDirFor(s.Workspace(ctx), p.Name)
	if err := s.claimDir(ctx, id, dir); err != nil {
		s.end(id, j)
		s.setStatus(ctx, id, CloneError, err.Error(), dir, false)
		return Project{}, err
	}
	s.setStatus(ctx, id, CloneCloning, "", dir, false)
	s.log.InfoContext(ctx, "clone started", "project_id", id, "dir", dir, "depth", p.CloneDepth, "token", token != "")
	opts := &git.CloneOptions{URL: url, Auth: authFor(url, token), Progress: j.progress, Depth: p.CloneDepth}
	s.goFn(func() { s.runClone(jobCtx, id, dir, opts, j) })
	return s.Get(ctx, id)
}

// runClone is the background half of Clone.
func (s *Service) runClone(ctx context.Context, id, dir string, opts *git.CloneOptions, j *job) {
	defer s.end(id, j)
	j.progress.phase(PhaseConnecting, 0, 0)
	err := os.MkdirAll(filepath.Dir(dir), 0o700)
	if err == nil {
		_, err = git.PlainCloneContext(ctx, dir, false, opts)
	}
	// go-git watches ctx only while it talks to the remote: a cancel during indexing or
	// checkout lets the clone finish, so a cancelled job is checked for on success too.
	if reason := j.stopReason(); reason != "" {
		err = errors.New(reason)
	}
	bg := context.Background() // the outcome is stored even when the job's ctx is done
	if err != nil {
		if rmErr := os.RemoveAll(dir); rmErr != nil {
			s.log.Warn("remove a failed clone's directory", "project_id", id, "dir", dir, "err", rmErr)
		}
		msg := cloneErrorText(err, opts.URL, opts.Auth != nil).Error()
		if j.stopReason() != "" {
			msg += "; the partial clone was removed"
			if j.stopReason() == reasonShutdown {
				msg += ": clone again"
			}
		}
		s.setStatus(bg, id, CloneError, msg, dir, false)
		j.progress.finish(CloneError, msg)
		s.log.Warn("clone failed", "project_id", id, "err", err)
		return
	}
	s.setStatus(bg, id, CloneCloned, "", dir, true)
	j.progress.finish(CloneCloned, "")
	s.log.Info("clone finished", "project_id", id, "dir", dir)
}

// claimDir refuses a clone directory that holds anything, or that another project's clone uses.
func (s *Service) claimDir(ctx context.Context, id, dir string) error {
	var other string
	err := s.db.Reader.QueryRowContext(ctx, `SELECT name FROM projects WHERE clone_dir = ? AND id <> ? AND clone_status IN (?, ?)`,
		dir, id, CloneCloning, CloneCloned).Scan(&other)
	switch {
	case err == nil:
		return fmt.Errorf("%w: %s is the clone of project %q; rename this project", ErrPathCollision, dir, other)
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("check the clone directory: %w", err)
	}
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		var pathErr *os.PathError
		if errors.As(err, &pathErr) && !isDirErr(dir) {
			return fmt.Errorf("%w: %s is a file; rename this project or move the file", ErrPathCollision, dir)
		}
		return fmt.Errorf("%w: %s cannot be read: %v", ErrPathCollision, dir, err)
	case len(entries) > 0:
		return fmt.Errorf("%w: %s is not empty; rename this project or move that directory", ErrPathCollision, dir)
	}
	return nil
}

func isDirErr(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// setStatus records a clone's state; synced also stamps lastSyncedAt.
func (s *Service) setStatus(ctx context.Context, id, status, errText, dir string, synced bool) {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		q := `UPDATE projects SET clone_status = ?, clone_error = ?, clone_dir = ?, updated_at = ? WHERE id = ?`
		args := []any{status, errText, dir, db.Now(), id}
		if synced {
			q = `UPDATE projects SET clone_status = ?, clone_error = ?, clone_dir = ?, updated_at = ?, last_synced_at = ? WHERE id = ?`
			args = []any{status, errText, dir, db.Now(), db.Now(), id}
		}
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	})
	if err != nil {
		s.log.Error("store a clone's status", "project_id", id, "status", status, "err", err)
	}
	s.changed()
}

// authFor is the credential for url: the token as HTTP basic auth (what GitHub, GitLab and
// Gitea accept for a token), nothing for other schemes (ssh uses the ssh agent).
func authFor(rawURL, token string) transport.AuthMethod {
	if token == "" {
		return nil
	}
	if u, err := url.Parse(rawURL); err == nil && (u.Scheme == "https" || u.Scheme == "http") {
		return &githttp.BasicAuth{Username: "x-access-token", Password: token}
	}
	return nil
}

// cloneErrorText says what went wrong in words a user can act on.
func cloneErrorText(err error, repoURL string, hadToken bool) error {
	var (
		dnsErr *net.DNSError
		opErr  *net.OpError
	)
	switch {
	case err.Error() == reasonCancelled || err.Error() == reasonShutdown:
		return err
	case errors.Is(err, transport.ErrAuthenticationRequired), errors.Is(err, transport.ErrAuthorizationFailed):
		if hadToken {
			return fmt.Errorf("the repository refused the stored access token (%v): set a valid token in the project", err)
		}
		return fmt.Errorf("the repository needs authentication (%v): set an access token in the project", err)
	case errors.Is(err, transport.ErrRepositoryNotFound):
		return fmt.Errorf("no repository at %s (%v): check the address", repoURL, err)
	case errors.Is(err, transport.ErrEmptyRemoteRepository):
		return fmt.Errorf("the repository at %s is empty: there is nothing to clone yet", repoURL)
	case errors.As(err, &dnsErr):
		return fmt.Errorf("cannot find the host %s: %v", dnsErr.Name, err)
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return fmt.Errorf("cannot reach %s: %v", hostOf(repoURL), err)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("the clone timed out: %v", err)
	}
	return err
}

func hostOf(rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
		return u.Host
	}
	return strings.SplitN(rawURL, ":", 2)[0]
}

// Recover ends the clones a previous process left "cloning" (it stopped or crashed mid-clone)
// as "error", removing their partial directories. Call it once at start-up, before any clone.
func (s *Service) Recover(ctx context.Context) error {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT id, clone_dir FROM projects WHERE clone_status = ?`, CloneCloning)
	if err != nil {
		return fmt.Errorf("find interrupted clones: %w", err)
	}
	type cut struct{ id, dir string }
	var cuts []cut
	for rows.Next() {
		var c cut
		if err := rows.Scan(&c.id, &c.dir); err != nil {
			rows.Close()
			return fmt.Errorf("find interrupted clones: %w", err)
		}
		cuts = append(cuts, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("find interrupted clones: %w", err)
	}
	for _, c := range cuts {
		// The directory was empty or absent when the clone claimed it: all in it is the clone's.
		if c.dir != "" {
			if err := os.RemoveAll(c.dir); err != nil {
				s.log.WarnContext(ctx, "remove an interrupted clone's directory", "project_id", c.id, "dir", c.dir, "err", err)
			}
		}
		msg := "Agented stopped during the clone (a restart or a crash); the partial clone was removed: clone again"
		s.setStatus(ctx, c.id, CloneError, msg, c.dir, false)
		s.log.WarnContext(ctx, "interrupted clone ended as error", "project_id", c.id)
	}
	return nil
}
