package project

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/validation"
)

// Secrets is what the service needs of the secret store (*secret.Store): the access tokens.
type Secrets interface {
	Get(name secret.Name) (string, secret.Source, error)
	State(name secret.Name) secret.State
	Set(name secret.Name, value string) error
	Delete(name secret.Name) error
}

var _ Secrets = (*secret.Store)(nil)

// Settings is where the workspace setting is kept (*settings.Service).
type Settings interface {
	Value(ctx context.Context, key string, dst any) (bool, error)
	SetValue(ctx context.Context, key string, v any) error
}

// ActiveRuns counts the running and queued runs of each project (*execution.Store).
type ActiveRuns interface {
	ActiveByProject(ctx context.Context) (map[string]int, error)
}

// Deps are the service's collaborators.
type Deps struct {
	DB       *db.DB
	Secrets  Secrets
	Settings Settings
	Emitter  events.Emitter
	Log      *slog.Logger
	// DefaultWorkspace is the workspace until the user picks one (the data directory): clones
	// go to <workspace>/projects/<name>.
	DefaultWorkspace string
	// Go runs a clone or a sync in the background, panic-safe, and makes shutdown wait for it.
	Go func(func())
	// Runs fills RunningCount; nil leaves it 0.
	Runs ActiveRuns
}

// Service manages products, projects and their clones.
type Service struct {
	db       *db.DB
	secrets  Secrets
	settings Settings
	em       events.Emitter
	log      *slog.Logger
	defWS    string
	goFn     func(func())
	runs     ActiveRuns

	mu     sync.Mutex
	jobs   map[string]*job // running clones and syncs by project id
	closed bool            // Shutdown ran: no new job starts
}

// New returns the service.
func New(d Deps) *Service {
	if d.Go == nil {
		d.Go = func(f func()) { go f() }
	}
	return &Service{db: d.DB, secrets: d.Secrets, settings: d.Settings, em: d.Emitter, log: d.Log.With("component", "project"),
		defWS: d.DefaultWorkspace, goFn: d.Go, runs: d.Runs, jobs: map[string]*job{}}
}

const columns = `p.id, p.name, p.description, COALESCE(p.product_id, ''), p.repo_url, p.local_path, p.status, p.clone_depth,
	p.clone_dir, p.clone_status, p.clone_error, p.last_synced_at, p.created_at, p.updated_at`

func scan(row interface{ Scan(...any) error }) (Project, error) {
	var p Project
	err := row.Scan(&p.ID, &p.Name, &p.Description, &p.ProductID, &p.RepoURL, &p.LocalPath, &p.Status, &p.CloneDepth,
		&p.CloneDir, &p.CloneStatus, &p.CloneError, &p.LastSyncedAt, &p.CreatedAt, &p.UpdatedAt)
	return p, err
}

// List returns every project by name.
func (s *Service) List(ctx context.Context) ([]Project, error) {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT `+columns+` FROM projects p ORDER BY p.name COLLATE NOCASE, p.id`)
	if err != nil {
		return nil, fmt.Errorf("list projects: %w", err)
	}
	defer rows.Close()
	out := []Project{}
	for rows.Next() {
		p, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("list projects: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list projects: %w", err)
	}
	ws := s.Workspace(ctx)
	active := s.activeRuns(ctx)
	for i := range out {
		s.fill(&out[i], ws)
		out[i].RunningCount = active[out[i].ID]
	}
	return out, nil
}

// Get returns one project.
func (s *Service) Get(ctx context.Context, id string) (Project, error) {
	p, err := s.get(ctx, s.db.Reader, id)
	if err != nil {
		return Project{}, err
	}
	s.fill(&p, s.Workspace(ctx))
	p.RunningCount = s.activeRuns(ctx)[p.ID]
	return p, nil
}

// activeRuns counts the projects' running and queued runs. The count is a hint on a card: when
// it cannot be read, the projects are still listed (with 0) and the reason is logged.
func (s *Service) activeRuns(ctx context.Context) map[string]int {
	if s.runs == nil {
		return nil
	}
	m, err := s.runs.ActiveByProject(ctx)
	if err != nil {
		s.log.WarnContext(ctx, "count the projects' active runs", "err", err)
	}
	return m
}

func (s *Service) get(ctx context.Context, h db.Handler, id string) (Project, error) {
	p, err := scan(h.QueryRowContext(ctx, `SELECT `+columns+` FROM projects p WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Project{}, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if err != nil {
		return Project{}, fmt.Errorf("read project: %w", err)
	}
	return p, nil
}

// fill adds what is not in the row: token presence and, before a first clone, where it will go.
func (s *Service) fill(p *Project, workspace string) {
	p.HasToken = s.secrets != nil && s.secrets.State(secret.ProjectTokenName(p.ID)).Stored
	if p.CloneDir == "" && p.RepoURL != "" {
		p.CloneDir = cloneDirFor(workspace, p.Name)
	}
}

// Create validates and stores a new project; its token goes to the keyring.
func (s *Service) Create(ctx context.Context, in Input) (Project, error) {
	normalize(&in)
	if err := s.check(ctx, in); err != nil {
		return Project{}, err
	}
	now := db.Now()
	p := Project{ID: db.NewID("proj-"), Name: in.Name, Description: in.Description, ProductID: in.ProductID, RepoURL: in.RepoURL,
		LocalPath: in.LocalPath, Status: in.Status, CloneDepth: in.CloneDepth, CloneStatus: CloneNone, CreatedAt: now, UpdatedAt: now}
	if err := s.storeToken(p.ID, in.Token); err != nil {
		return Project{}, err
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO projects(id, name, description, product_id, repo_url, local_path, status, clone_depth,
			clone_status, created_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?)`,
			p.ID, p.Name, p.Description, nullable(p.ProductID), p.RepoURL, p.LocalPath, p.Status, p.CloneDepth, p.CloneStatus, now, now)
		return nameTaken("project", db.WrapError(err))
	})
	if err != nil {
		_ = s.deleteToken(p.ID)
		return Project{}, err
	}
	s.log.InfoContext(ctx, "project created", "project_id", p.ID, "repo", p.RepoURL != "", "local_path", p.LocalPath != "")
	s.changed()
	// A repository without a local directory is cloned at once; a failure to start (a taken
	// directory) is recorded as the project's clone error, and the project stays.
	if p.RepoURL != "" && p.LocalPath == "" {
		if _, err := s.Clone(ctx, p.ID); err != nil {
			s.log.WarnContext(ctx, "start the new project's clone", "project_id", p.ID, "err", err)
		}
	}
	return s.Get(ctx, p.ID)
}

// Update replaces a project's fields. The repository cannot change while a clone of it exists
// or runs: the clone on disk would silently belong to another repository.
func (s *Service) Update(ctx context.Context, id string, in Input) (Project, error) {
	normalize(&in)
	cur, err := s.get(ctx, s.db.Reader, id)
	if err != nil {
		return Project{}, err
	}
	if err := s.check(ctx, in); err != nil {
		return Project{}, err
	}
	if in.RepoURL != cur.RepoURL && (cur.CloneStatus == CloneCloned || cur.CloneStatus == CloneCloning) {
		errs := validation.New("project")
		errs.Add("repoUrl", "cannot change while the clone in "+cur.CloneDir+" exists: create another project for the other repository")
		return Project{}, errs
	}
	if err := s.storeToken(id, in.Token); err != nil {
		return Project{}, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE projects SET name = ?, description = ?, product_id = ?, repo_url = ?, local_path = ?,
			status = ?, clone_depth = ?, updated_at = ? WHERE id = ?`,
			in.Name, in.Description, nullable(in.ProductID), in.RepoURL, in.LocalPath, in.Status, in.CloneDepth, db.Now(), id)
		return nameTaken("project", db.WrapError(err))
	})
	if err != nil {
		return Project{}, err
	}
	s.log.InfoContext(ctx, "project updated", "project_id", id)
	s.changed()
	return s.Get(ctx, id)
}

// Delete removes a project and its token. Its clone stays on disk: it may hold work nobody
// pushed, and only the user decides to delete that. A running clone must be cancelled first.
func (s *Service) Delete(ctx context.Context, id string) error {
	cur, err := s.get(ctx, s.db.Reader, id)
	if err != nil {
		return err
	}
	if s.running(id) {
		return fmt.Errorf("delete project: %w; cancel it first", ErrBusy)
	}
	if err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM projects WHERE id = ?`, id)
		return err
	}); err != nil {
		return fmt.Errorf("delete project: %w", err)
	}
	if err := s.deleteToken(id); err != nil {
		s.log.WarnContext(ctx, "delete a project's token from the keyring", "project_id", id, "err", err)
	}
	s.log.InfoContext(ctx, "project deleted", "project_id", id, "clone_kept", cur.CloneDir)
	s.changed()
	return nil
}

// check validates a normalized input, including what needs the store or the disk.
func (s *Service) check(ctx context.Context, in Input) error {
	errs := validate(in)
	if in.ProductID != "" && errs.Fields["productId"] == "" {
		if _, err := s.getProduct(ctx, s.db.Reader, in.ProductID); errors.Is(err, ErrProductNotFound) {
			errs.Add("productId", "names no product")
		} else if err != nil {
			return err
		}
	}
	if in.LocalPath != "" && errs.Fields["localPath"] == "" {
		fi, err := os.Stat(in.LocalPath)
		switch {
		case errors.Is(err, os.ErrNotExist):
			errs.Add("localPath", "does not exist")
		case err != nil:
			errs.Add("localPath", "cannot be read: "+err.Error())
		case !fi.IsDir():
			errs.Add("localPath", "is a file, not a directory")
		}
	}
	return errs.Err()
}

// storeToken applies a write-only token: nil keeps it, "" removes it, a value replaces it.
func (s *Service) storeToken(id string, token *string) error {
	if token == nil {
		return nil
	}
	if *token == "" {
		return s.deleteToken(id)
	}
	if err := s.secrets.Set(secret.ProjectTokenName(id), *token); err != nil {
		errs := validation.New("project")
		errs.Add("token", "could not be stored in the OS keyring: "+err.Error())
		return errs
	}
	return nil
}

func (s *Service) deleteToken(id string) error {
	err := s.secrets.Delete(secret.ProjectTokenName(id))
	if errors.Is(err, secret.ErrNotFound) {
		return nil
	}
	return err
}

// token returns the project's access token, "" when none is stored.
func (s *Service) token(id string) (string, error) {
	v, _, err := s.secrets.Get(secret.ProjectTokenName(id))
	if errors.Is(err, secret.ErrNotFound) {
		return "", nil
	}
	return v, err
}

func (s *Service) changed() { s.em.Emit(events.ProjectsChanged, nil) }

func nameTaken(subject string, err error) error {
	if errors.Is(err, db.ErrDuplicate) {
		errs := validation.New(subject)
		errs.Add("name", "is already used by another "+subject)
		return nameTakenError{errs}
	}
	return err
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
