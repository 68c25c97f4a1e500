package bindings

import (
	"context"

	"github.com/agented/agented/backend/project"
)

// ProjectsAPI manages products, projects and their clones.
type ProjectsAPI struct {
	ctx context.Context
	svc *project.Service
	rec Recorder
}

// NewProjectsAPI returns the facade.
func NewProjectsAPI(ctx context.Context, svc *project.Service, rec Recorder) *ProjectsAPI {
	return &ProjectsAPI{ctx: ctx, svc: svc, rec: rec}
}

// List returns every project by name.
func (a *ProjectsAPI) List() ([]project.Project, error) { return a.svc.List(a.ctx) }

// Get returns one project.
func (a *ProjectsAPI) Get(id string) (project.Project, error) { return a.svc.Get(a.ctx, id) }

// Create stores a new project; its token goes to the keyring.
func (a *ProjectsAPI) Create(in project.Input) (project.Project, error) {
	return record(a.ctx, a.rec, "project.create", "", nil, func() (project.Project, error) { return a.svc.Create(a.ctx, in) })
}

// Update saves a project; a nil token keeps the stored one.
func (a *ProjectsAPI) Update(id string, in project.Input) (project.Project, error) {
	before := snapshot(func() (project.Project, error) { return a.svc.Get(a.ctx, id) })
	return record(a.ctx, a.rec, "project.update", id, before, func() (project.Project, error) { return a.svc.Update(a.ctx, id, in) })
}

// Delete removes a project and its token; its clone stays on disk.
func (a *ProjectsAPI) Delete(id string) error {
	before := snapshot(func() (project.Project, error) { return a.svc.Get(a.ctx, id) })
	return recordErr(a.ctx, a.rec, "project.delete", id, before, nil, func() error { return a.svc.Delete(a.ctx, id) })
}

// WorkDir is the directory the project's terminals and runs work in.
func (a *ProjectsAPI) WorkDir(id string) (string, error) { return a.svc.WorkDir(a.ctx, id) }

// Products returns every product with its project count.
func (a *ProjectsAPI) Products() ([]project.Product, error) { return a.svc.Products(a.ctx) }

// CreateProduct stores a new product.
func (a *ProjectsAPI) CreateProduct(in project.ProductInput) (project.Product, error) {
	return record(a.ctx, a.rec, "product.create", "", nil, func() (project.Product, error) { return a.svc.CreateProduct(a.ctx, in) })
}

// UpdateProduct saves a product.
func (a *ProjectsAPI) UpdateProduct(id string, in project.ProductInput) (project.Product, error) {
	before := snapshot(func() (project.Product, error) { return a.svc.Product(a.ctx, id) })
	return record(a.ctx, a.rec, "product.update", id, before, func() (project.Product, error) { return a.svc.UpdateProduct(a.ctx, id, in) })
}

// DeleteProduct removes a product; its projects stay.
func (a *ProjectsAPI) DeleteProduct(id string) error {
	before := snapshot(func() (project.Product, error) { return a.svc.Product(a.ctx, id) })
	return recordErr(a.ctx, a.rec, "product.delete", id, before, nil, func() error { return a.svc.DeleteProduct(a.ctx, id) })
}

// Workspace is the directory clones go under.
func (a *ProjectsAPI) Workspace() string { return a.svc.Workspace(a.ctx) }

// SetWorkspace changes it ("" returns to the default).
func (a *ProjectsAPI) SetWorkspace(dir string) (string, error) {
	before := map[string]any{"workspace": a.svc.Workspace(a.ctx)}
	out, err := a.svc.SetWorkspace(a.ctx, dir)
	if err == nil && a.rec != nil {
		a.rec.Record(a.ctx, "settings.workspace.update", "", before, map[string]any{"workspace": out})
	}
	return out, err
}

// Clone starts cloning the project's repository; progress arrives as clone:progress:<id>.
func (a *ProjectsAPI) Clone(id string) (project.Project, error) {
	return record(a.ctx, a.rec, "project.clone", id, nil, func() (project.Project, error) { return a.svc.Clone(a.ctx, id) })
}

// CancelClone stops the running clone (its partial directory is removed) or sync.
func (a *ProjectsAPI) CancelClone(id string) error {
	return recordErr(a.ctx, a.rec, "project.clone.cancel", id, nil, nil, func() error { return a.svc.Cancel(a.ctx, id) })
}

// Sync fetches and fast-forwards the clone; a dirty or diverged clone is reported, never changed.
func (a *ProjectsAPI) Sync(id string) (project.SyncResult, error) {
	return record(a.ctx, a.rec, "project.sync", id, nil, func() (project.SyncResult, error) { return a.svc.Sync(a.ctx, id) })
}

// GetCloneProgress is the latest progress of the running clone or sync; nil when none runs.
func (a *ProjectsAPI) GetCloneProgress(id string) *project.CloneProgress {
	if p, ok := a.svc.Progress(id); ok {
		return &p
	}
	return nil
}
