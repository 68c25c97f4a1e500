package trigger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/validation"
	"github.com/agented/agented/backend/worktree"
)

// Service manages triggers.
type Service struct {
	db       *db.DB
	em       events.Emitter
	log      *slog.Logger
	secrets  SecretChecker
	accounts AccountChecker
	dirs     *DirPolicy
	now      func() time.Time // wall clock: a once trigger's moment must lie ahead of it
	// projectDir gives a linked project's working copy (nil: not checked on save).
	projectDir func(ctx context.Context, id string) (string, error)
	cache      listCache
	bySource   sourceCache
}

// Deps are the trigger service's dependencies. DB, Emitter and Log are required; the others
// have a default so that callers which do not deal with them (tests, tools) can leave them out.
type Deps struct {
	DB      *db.DB
	Emitter events.Emitter
	Log     *slog.Logger
	// Secrets lets reads fill HasWebhookSecret and Delete remove the trigger's keyring entry;
	// without it HasWebhookSecret is false and the keyring is left alone.
	Secrets SecretChecker
	// Accounts makes Create and Update refuse accounts that do not exist or belong to another
	// backend; without it account ids are not checked.
	Accounts AccountChecker
	// Dirs decides which directories may be linked. The default refuses the system directories
	// and the user's home; the app's policy adds Agented's data directory and the allowed roots.
	Dirs *DirPolicy
	// Now is the wall clock once triggers are checked against; time.Now by default.
	Now func() time.Time
	// ProjectDir gives a linked project's working copy (project.Service.WorkDir), so that worktree
	// isolation is refused on save when the first project's copy is not under git; nil leaves
	// that to the runs.
	ProjectDir func(ctx context.Context, id string) (string, error)
}

// New returns the trigger service.
func New(d Deps) *Service {
	s := &Service{db: d.DB, log: d.Log.With("component", "trigger"),
		secrets: d.Secrets, accounts: d.Accounts, dirs: d.Dirs, now: d.Now, projectDir: d.ProjectDir}
	s.em = s.InvalidateOn(d.Emitter) // the service's own changes drop its cached list
	if s.dirs == nil {
		s.dirs = NewDirPolicy(DirConfig{})
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

// Get returns one trigger with its linked paths.
func (s *Service) Get(ctx context.Context, id string) (Trigger, error) {
	t, err := getTrigger(ctx, s.db.Reader, id)
	if err != nil {
		return Trigger{}, err
	}
	s.fillSecret(&t)
	return t, nil
}

// Create validates and stores a new trigger; its first template version starts the history.
func (s *Service) Create(ctx context.Context, in Trigger) (Trigger, error) {
	normalize(&in)
	if err := Validate(in); err != nil {
		return Trigger{}, err
	}
	if err := checkScheduleAt(in, "", s.now()); err != nil {
		return Trigger{}, err
	}
	if err := s.checkAccounts(ctx, in); err != nil {
		return Trigger{}, err
	}
	in.ID = ""
	if err := s.checkIsolation(ctx, in); err != nil {
		return Trigger{}, err
	}
	if in.ProjectIDs == nil {
		in.ProjectIDs = []string{}
	}
	in.ID = db.NewID("trig-")
	in.IsPredefined = false
	in.CreatedAt, in.UpdatedAt = db.Now(), db.Now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := insertTrigger(ctx, tx, in); err != nil {
			return nameTaken(err)
		}
		if err := saveRoute(ctx, tx, in); err != nil {
			return err
		}
		if err := saveGuards(ctx, tx, in); err != nil {
			return err
		}
		if err := saveGitHub(ctx, tx, in); err != nil {
			return err
		}
		if err := saveProjects(ctx, tx, in); err != nil {
			return err
		}
		return addHistory(ctx, tx, in.ID, in.PromptTemplate)
	})
	if err != nil {
		return Trigger{}, err
	}
	s.log.InfoContext(ctx, "trigger created", "trigger_id", in.ID, "backend", in.BackendType, "source", in.TriggerSource)
	return s.changed(ctx, in.ID)
}

// Update replaces every editable field. Paths are managed with AddPath/RemovePath, and a
// predefined trigger stays predefined.
func (s *Service) Update(ctx context.Context, in Trigger) (Trigger, error) {
	normalize(&in)
	if err := Validate(in); err != nil {
		return Trigger{}, err
	}
	if err := s.checkAccounts(ctx, in); err != nil {
		return Trigger{}, err
	}
	if err := s.checkIsolation(ctx, in); err != nil {
		return Trigger{}, err
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		cur, err := getTrigger(ctx, tx, in.ID)
		if err != nil {
			return err
		}
		if err := checkScheduleAt(in, cur.ScheduleAt, s.now()); err != nil {
			return err
		}
		in.IsPredefined, in.CreatedAt, in.UpdatedAt = cur.IsPredefined, cur.CreatedAt, db.Now()
		if err := updateTrigger(ctx, tx, in); err != nil {
			return nameTaken(err)
		}
		if err := saveRoute(ctx, tx, in); err != nil {
			return err
		}
		if err := saveGuards(ctx, tx, in); err != nil {
			return err
		}
		if err := saveGitHub(ctx, tx, in); err != nil {
			return err
		}
		if err := saveProjects(ctx, tx, in); err != nil {
			return err
		}
		// The order of in.Paths is the new order of the linked directories (first = working dir).
		for i, p := range in.Paths {
			if _, err := tx.ExecContext(ctx, `UPDATE trigger_paths SET position = ? WHERE id = ? AND trigger_id = ?`, i, p.ID, in.ID); err != nil {
				return fmt.Errorf("reorder paths: %w", err)
			}
		}
		if cur.PromptTemplate != in.PromptTemplate {
			return addHistory(ctx, tx, in.ID, in.PromptTemplate)
		}
		return nil
	})
	if err != nil {
		return Trigger{}, err
	}
	s.log.InfoContext(ctx, "trigger updated", "trigger_id", in.ID)
	return s.changed(ctx, in.ID)
}

// SetEnabled turns a trigger on or off.
func (s *Service) SetEnabled(ctx context.Context, id string, enabled bool) (Trigger, error) {
	res, err := s.db.Exec(ctx, `UPDATE triggers SET enabled = ?, updated_at = ? WHERE id = ?`, enabled, db.Now(), id)
	if err != nil {
		return Trigger{}, fmt.Errorf("set enabled: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Trigger{}, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return s.changed(ctx, id)
}

// Delete removes a trigger; its executions stay in the history under the trigger's name.
func (s *Service) Delete(ctx context.Context, id string) error {
	t, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if t.IsPredefined {
		return ErrPredefined
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM triggers WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete trigger: %w", err)
	}
	s.invalidate()
	s.dropSecret(ctx, id)
	s.log.InfoContext(ctx, "trigger deleted", "trigger_id", id)
	s.em.Emit(events.TriggersChanged, nil)
	return nil
}

// History returns the saved versions of the prompt template, newest first.
func (s *Service) History(ctx context.Context, id string) ([]TemplateVersion, error) {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT id, trigger_id, template, changed_at FROM trigger_template_history
		WHERE trigger_id = ? ORDER BY id DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	defer rows.Close()
	out := []TemplateVersion{}
	for rows.Next() {
		var v TemplateVersion
		if err := rows.Scan(&v.ID, &v.TriggerID, &v.Template, &v.ChangedAt); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// RestoreTemplate makes an earlier version current again (itself recorded as a new version).
func (s *Service) RestoreTemplate(ctx context.Context, id string, versionID int64) (Trigger, error) {
	var tmpl string
	err := s.db.Reader.QueryRowContext(ctx, `SELECT template FROM trigger_template_history WHERE id = ? AND trigger_id = ?`, versionID, id).Scan(&tmpl)
	if errors.Is(err, sql.ErrNoRows) {
		return Trigger{}, fmt.Errorf("%w: version %d of %s", ErrNotFound, versionID, id)
	}
	if err != nil {
		return Trigger{}, fmt.Errorf("read version: %w", err)
	}
	t, err := s.Get(ctx, id)
	if err != nil {
		return Trigger{}, err
	}
	t.PromptTemplate = tmpl
	return s.Update(ctx, t)
}

// AddPath links a local directory. It must exist and pass the directory policy (no system
// directory, not the home directory itself, inside the allowed roots); symlinks are resolved so
// a later change of the link does not silently move the run elsewhere.
func (s *Service) AddPath(ctx context.Context, id, dir string) (Trigger, error) {
	dir = strings.TrimSpace(dir)
	if tooLong(dir, MaxPathLen) {
		return Trigger{}, fmt.Errorf("%w: the path %s", ErrBadPath, capMessage(MaxPathLen))
	}
	real, err := s.dirs.Check(dir)
	if err != nil {
		return Trigger{}, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		cur, err := getTrigger(ctx, tx, id)
		if err != nil {
			return err
		}
		if len(cur.Paths) >= MaxPaths {
			return fmt.Errorf("%w: a trigger links at most %d directories", ErrBadPath, MaxPaths)
		}
		if len(cur.Paths) == 0 && len(cur.ProjectIDs) == 0 && cur.Isolation == IsolationWorktree {
			// It becomes the working directory, which worktree isolation branches from.
			if _, err := worktree.RepoOf(ctx, real); err != nil {
				return fmt.Errorf("%w: this trigger runs in isolated worktrees, which need its working directory in a git repository, and %s is not inside one", ErrBadPath, real)
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO trigger_paths(trigger_id, path, position, created_at)
			VALUES(?, ?, (SELECT COALESCE(MAX(position) + 1, 0) FROM trigger_paths WHERE trigger_id = ?), ?)`, id, real, id, db.Now())
		if errors.Is(db.WrapError(err), db.ErrDuplicate) {
			return fmt.Errorf("%w: %s is already linked", ErrBadPath, real)
		}
		return err
	})
	if err != nil {
		return Trigger{}, err
	}
	return s.changed(ctx, id)
}

// RemovePath unlinks a directory.
func (s *Service) RemovePath(ctx context.Context, id string, pathID int64) (Trigger, error) {
	res, err := s.db.Exec(ctx, `DELETE FROM trigger_paths WHERE id = ? AND trigger_id = ?`, pathID, id)
	if err != nil {
		return Trigger{}, fmt.Errorf("remove path: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Trigger{}, fmt.Errorf("%w: path %d of %s", ErrNotFound, pathID, id)
	}
	return s.changed(ctx, id)
}

// Preview renders a template with sample values. Inputs over the trigger caps are refused with
// field errors, and so is a template whose rendering would exceed MaxPreviewLen: a template
// repeating {message} would otherwise multiply the sample into gigabytes.
func (s *Service) Preview(triggerID, template, skillCommand string, sample Sample) (Preview, error) {
	if err := checkSample(template, skillCommand, sample); err != nil {
		return Preview{}, err
	}
	values := PreviewValues(triggerID, sample)
	if n := RenderedLen(template, skillCommand, values); n > MaxPreviewLen {
		errs := validation.New("preview")
		errs.Add("template", fmt.Sprintf("renders to %d characters with this sample, more than the preview limit of %d", n, MaxPreviewLen))
		return Preview{}, errs
	}
	out, unknown := Render(template, skillCommand, values)
	if unknown == nil {
		unknown = []string{}
	}
	return Preview{Rendered: out, UnknownPlaceholders: unknown}, nil
}

func (s *Service) changed(ctx context.Context, id string) (Trigger, error) {
	s.invalidate()
	t, err := s.Get(ctx, id)
	if err != nil {
		return Trigger{}, err
	}
	s.em.Emit(events.TriggersChanged, nil)
	return t, nil
}

// nameTaken turns the UNIQUE violation on name into a field message.
func nameTaken(err error) error {
	if errors.Is(err, db.ErrDuplicate) {
		errs := validation.New("trigger")
		errs.Add("name", ErrNameTaken.Error())
		return nameTakenError{errs}
	}
	return err
}
