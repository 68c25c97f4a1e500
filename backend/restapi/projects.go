package restapi

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/project"
)

// Projects is what the API needs of the project service (*project.Service).
type Projects interface {
	List(ctx context.Context) ([]project.Project, error)
	Get(ctx context.Context, id string) (project.Project, error)
	Create(ctx context.Context, in project.Input) (project.Project, error)
	Update(ctx context.Context, id string, in project.Input) (project.Project, error)
	Delete(ctx context.Context, id string) error
	Products(ctx context.Context) ([]project.Product, error)
	Product(ctx context.Context, id string) (project.Product, error)
	CreateProduct(ctx context.Context, in project.ProductInput) (project.Product, error)
	UpdateProduct(ctx context.Context, id string, in project.ProductInput) (project.Product, error)
	DeleteProduct(ctx context.Context, id string) error
}

var _ Projects = (*project.Service)(nil)

func (a *API) registerProjects(r registrar) {
	proj := func(c echo.Context) (any, error) { return a.d.Projects.Get(c.Request().Context(), c.Param("id")) }
	prod := func(c echo.Context) (any, error) { return a.d.Projects.Product(c.Request().Context(), c.Param("id")) }
	r.add(Route{Method: http.MethodGet, Path: "/projects", Scope: read, Summary: "List projects", Resp: []project.Project{}}, a.listProjects)
	r.add(Route{Method: http.MethodPost, Path: "/projects", Scope: admin, Action: "project.create", Summary: "Create a project (token goes to the keyring)", Body: project.Input{}, Resp: project.Project{}, Status: http.StatusCreated}, a.createProject)
	r.add(Route{Method: http.MethodGet, Path: "/projects/:id", Scope: read, Summary: "Get a project", Resp: project.Project{}}, a.getProject)
	r.add(Route{Method: http.MethodPut, Path: "/projects/:id", Scope: admin, Action: "project.update", Summary: "Update a project (fields left out keep their value)", Body: project.Input{}, Resp: project.Project{}, Before: proj}, a.updateProject)
	r.add(Route{Method: http.MethodPatch, Path: "/projects/:id", Scope: admin, Action: "project.update", Summary: "Same as PUT", Body: project.Input{}, Resp: project.Project{}, Before: proj}, a.updateProject)
	r.add(Route{Method: http.MethodDelete, Path: "/projects/:id", Scope: admin, Action: "project.delete", Summary: "Delete a project and its token (its clone stays on disk)", Status: http.StatusNoContent, Before: proj}, a.deleteProject)
	if _, ok := a.d.Projects.(Cloner); ok {
		r.add(Route{Method: http.MethodGet, Path: "/projects/:id/clone", Scope: read, Summary: "The clone's status and, while one runs, its progress", Resp: CloneState{}}, a.cloneState)
		r.add(Route{Method: http.MethodPost, Path: "/projects/:id/clone", Scope: run, Action: "project.clone", Summary: "Start cloning the repository (202; follow GET …/clone)", Resp: project.Project{}, Status: http.StatusAccepted}, a.startClone)
		r.add(Route{Method: http.MethodPost, Path: "/projects/:id/cancel", Scope: run, Action: "project.clone.cancel", Summary: "Cancel the running clone (its partial directory is removed) or sync", Resp: project.Project{}}, a.cancelClone)
		r.add(Route{Method: http.MethodPost, Path: "/projects/:id/sync", Scope: run, Action: "project.sync", Summary: "Fetch and fast-forward; 409 when the clone is dirty or has diverged", Resp: project.SyncResult{}}, a.syncProject)
	}

	r.add(Route{Method: http.MethodGet, Path: "/products", Scope: read, Summary: "List products with their project counts", Resp: []project.Product{}}, a.listProducts)
	r.add(Route{Method: http.MethodPost, Path: "/products", Scope: admin, Action: "product.create", Summary: "Create a product", Body: project.ProductInput{}, Resp: project.Product{}, Status: http.StatusCreated}, a.createProduct)
	r.add(Route{Method: http.MethodGet, Path: "/products/:id", Scope: read, Summary: "Get a product", Resp: project.Product{}}, a.getProduct)
	r.add(Route{Method: http.MethodPut, Path: "/products/:id", Scope: admin, Action: "product.update", Summary: "Update a product", Body: project.ProductInput{}, Resp: project.Product{}, Before: prod}, a.updateProduct)
	r.add(Route{Method: http.MethodPatch, Path: "/products/:id", Scope: admin, Action: "product.update", Summary: "Same as PUT", Body: project.ProductInput{}, Resp: project.Product{}, Before: prod}, a.updateProduct)
	r.add(Route{Method: http.MethodDelete, Path: "/products/:id", Scope: admin, Action: "product.delete", Summary: "Delete a product (its projects stay)", Status: http.StatusNoContent, Before: prod}, a.deleteProduct)
}

func (a *API) listProjects(c echo.Context) error {
	list, err := a.d.Projects.List(c.Request().Context())
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, list)
}

func (a *API) getProject(c echo.Context) error {
	p, err := a.d.Projects.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, p)
}

func (a *API) createProject(c echo.Context) error {
	var in project.Input
	if err := decodeJSON(c, &in, false); err != nil {
		return a.fail(c, err)
	}
	ctx := c.Request().Context()
	p, err := a.d.Projects.Create(ctx, in)
	if err != nil {
		return a.fail(c, err)
	}
	a.log.InfoContext(ctx, "project created over REST", "project_id", p.ID)
	return c.JSON(http.StatusCreated, p)
}

// updateProject serves PUT and PATCH alike: the body is laid over the stored project, so a field
// left out keeps its value, and token left out keeps the stored token.
func (a *API) updateProject(c echo.Context) error {
	ctx := c.Request().Context()
	id := c.Param("id")
	cur, err := a.d.Projects.Get(ctx, id)
	if err != nil {
		return a.fail(c, err)
	}
	in := project.Input{Name: cur.Name, Description: cur.Description, ProductID: cur.ProductID, RepoURL: cur.RepoURL,
		LocalPath: cur.LocalPath, Status: cur.Status, CloneDepth: cur.CloneDepth}
	if err := decodeJSON(c, &in, false); err != nil {
		return a.fail(c, err)
	}
	p, err := a.d.Projects.Update(ctx, id, in)
	if err != nil {
		return a.fail(c, err)
	}
	a.log.InfoContext(ctx, "project updated over REST", "project_id", id)
	return c.JSON(http.StatusOK, p)
}

func (a *API) deleteProject(c echo.Context) error {
	ctx := c.Request().Context()
	if err := a.d.Projects.Delete(ctx, c.Param("id")); err != nil {
		return a.fail(c, err)
	}
	a.log.InfoContext(ctx, "project deleted over REST", "project_id", c.Param("id"))
	return c.NoContent(http.StatusNoContent)
}

func (a *API) listProducts(c echo.Context) error {
	list, err := a.d.Projects.Products(c.Request().Context())
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, list)
}

func (a *API) getProduct(c echo.Context) error {
	p, err := a.d.Projects.Product(c.Request().Context(), c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, p)
}

func (a *API) createProduct(c echo.Context) error {
	var in project.ProductInput
	if err := decodeJSON(c, &in, false); err != nil {
		return a.fail(c, err)
	}
	ctx := c.Request().Context()
	p, err := a.d.Projects.CreateProduct(ctx, in)
	if err != nil {
		return a.fail(c, err)
	}
	a.log.InfoContext(ctx, "product created over REST", "product_id", p.ID)
	return c.JSON(http.StatusCreated, p)
}

// updateProduct serves PUT and PATCH alike, laying the body over the stored product.
func (a *API) updateProduct(c echo.Context) error {
	ctx := c.Request().Context()
	id := c.Param("id")
	cur, err := a.d.Projects.Product(ctx, id)
	if err != nil {
		return a.fail(c, err)
	}
	in := project.ProductInput{Name: cur.Name, Description: cur.Description}
	if err := decodeJSON(c, &in, false); err != nil {
		return a.fail(c, err)
	}
	p, err := a.d.Projects.UpdateProduct(ctx, id, in)
	if err != nil {
		return a.fail(c, err)
	}
	a.log.InfoContext(ctx, "product updated over REST", "product_id", id)
	return c.JSON(http.StatusOK, p)
}

func (a *API) deleteProduct(c echo.Context) error {
	ctx := c.Request().Context()
	if err := a.d.Projects.DeleteProduct(ctx, c.Param("id")); err != nil {
		return a.fail(c, err)
	}
	a.log.InfoContext(ctx, "product deleted over REST", "product_id", c.Param("id"))
	return c.NoContent(http.StatusNoContent)
}

// Cloner is the clone half of the project service (*project.Service).
type Cloner interface {
	Clone(ctx context.Context, id string) (project.Project, error)
	Cancel(ctx context.Context, id string) error
	Sync(ctx context.Context, id string) (project.SyncResult, error)
	Progress(id string) (project.CloneProgress, bool)
}

var _ Cloner = (*project.Service)(nil)

// CloneState is the answer of GET /admin/projects/:id/clone: the clone status and, while a clone
// or sync runs, its latest progress.
type CloneState struct {
	CloneStatus  string                 `json:"cloneStatus"`
	CloneError   string                 `json:"cloneError"`
	LastSyncedAt string                 `json:"lastSyncedAt"`
	Progress     *project.CloneProgress `json:"progress"`
}

func (a *API) cloner() Cloner { return a.d.Projects.(Cloner) }

func (a *API) cloneState(c echo.Context) error {
	p, err := a.d.Projects.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	st := CloneState{CloneStatus: p.CloneStatus, CloneError: p.CloneError, LastSyncedAt: p.LastSyncedAt}
	if prog, ok := a.cloner().Progress(p.ID); ok {
		st.Progress = &prog
	}
	return c.JSON(http.StatusOK, st)
}

// startClone answers 202: the clone runs on; poll GET …/clone or follow the app's events.
func (a *API) startClone(c echo.Context) error {
	ctx := c.Request().Context()
	p, err := a.cloner().Clone(ctx, c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	a.log.InfoContext(ctx, "clone started over REST", "project_id", p.ID)
	return c.JSON(http.StatusAccepted, p)
}

func (a *API) cancelClone(c echo.Context) error {
	ctx := c.Request().Context()
	if err := a.cloner().Cancel(ctx, c.Param("id")); err != nil {
		return a.fail(c, err)
	}
	p, err := a.d.Projects.Get(ctx, c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, p)
}

// syncProject fetches and fast-forwards, answering when done: 200 with what it did, 409 when
// the clone is dirty or has diverged (nothing is overwritten).
func (a *API) syncProject(c echo.Context) error {
	res, err := a.cloner().Sync(c.Request().Context(), c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, res)
}
