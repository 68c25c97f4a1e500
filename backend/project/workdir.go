package project

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/agented/agented/backend/validation"
)

// keyWorkspace is the settings key of the workspace directory (a JSON string).
const keyWorkspace = "projects_workspace"

// Workspace is the directory clones go under (<workspace>/projects/<name>): the user's choice,
// or the data directory.
func (s *Service) Workspace(ctx context.Context) string {
	if s.settings != nil {
		var ws string
		if found, err := s.settings.Value(ctx, keyWorkspace, &ws); err == nil && found && ws != "" {
			return ws
		}
	}
	return s.defWS
}

// SetWorkspace stores the workspace directory ("" returns to the default). Existing clones stay
// where they are; new clones go to the new place.
func (s *Service) SetWorkspace(ctx context.Context, dir string) (string, error) {
	dir = strings.TrimSpace(dir)
	if dir != "" {
		errs := validation.New("workspace")
		switch {
		case strings.ContainsAny(dir, "\x00\r\n"):
			errs.Add("workspace", "must be a single line")
		case !filepath.IsAbs(dir):
			errs.Add("workspace", "must be an absolute directory")
		case filepath.Clean(dir) == string(filepath.Separator):
			errs.Add("workspace", "must not be the file system root")
		}
		if err := errs.Err(); err != nil {
			return s.Workspace(ctx), err
		}
		dir = filepath.Clean(dir)
	}
	if err := s.settings.SetValue(ctx, keyWorkspace, dir); err != nil {
		return s.Workspace(ctx), fmt.Errorf("save workspace: %w", err)
	}
	s.log.InfoContext(ctx, "workspace set", "dir", s.Workspace(ctx))
	s.changed()
	return s.Workspace(ctx), nil
}

// cloneDirFor is where a project named name is cloned under workspace.
func cloneDirFor(workspace, name string) string {
	return filepath.Join(workspace, "projects", dirName(name))
}

// WorkDir is the directory a project's terminals, planning board and linked runs work in: its
// local path when it has one, else its finished clone. It is an error (wrapping ErrNoWorkDir,
// saying why) when neither exists on disk.
func (s *Service) WorkDir(ctx context.Context, id string) (string, error) {
	p, err := s.get(ctx, s.db.Reader, id)
	if err != nil {
		return "", err
	}
	return workDir(p)
}

func workDir(p Project) (string, error) {
	if p.LocalPath != "" {
		if err := isDir(p.LocalPath); err != nil {
			return "", fmt.Errorf("%w: local path %s %v", ErrNoWorkDir, p.LocalPath, err)
		}
		return p.LocalPath, nil
	}
	switch {
	case p.RepoURL == "":
		return "", fmt.Errorf("%w: %s has neither a repository nor a local path", ErrNoWorkDir, p.Name)
	case p.CloneStatus == CloneCloning:
		return "", fmt.Errorf("%w: %s is still being cloned", ErrNoWorkDir, p.Name)
	case p.CloneStatus == CloneError:
		return "", fmt.Errorf("%w: the clone of %s failed (%s); clone it again", ErrNoWorkDir, p.Name, p.CloneError)
	case p.CloneStatus != CloneCloned:
		return "", fmt.Errorf("%w: %s is not cloned yet", ErrNoWorkDir, p.Name)
	}
	if err := isDir(p.CloneDir); err != nil {
		return "", fmt.Errorf("%w: the clone %s %v; clone it again", ErrNoWorkDir, p.CloneDir, err)
	}
	return p.CloneDir, nil
}

func isDir(path string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return errors.New("no longer exists")
	case err != nil:
		return fmt.Errorf("cannot be read: %w", err)
	case !fi.IsDir():
		return errors.New("is not a directory")
	}
	return nil
}
