package restapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/apikey"
)

// Route is one /admin or /api route with everything declared about it, once: the scope a key
// needs, the audit action of a change, and what the OpenAPI document says about it. Handlers are
// only ever registered through a Route, so a route cannot exist without a scope, a change cannot
// go unrecorded, and the document cannot miss it (the tests walk Echo's routes to prove it).
type Route struct {
	Method  string
	Path    string       // full path as registered, e.g. /admin/triggers/:id
	Scope   apikey.Scope // what a key needs to call it
	Action  string       // audit action (domain.verb); required for every run and admin route
	Summary string       // one line for the document
	Query   []string     // query parameters (documented as strings)
	Body    any          // a value of the request body's type; nil: no body
	Resp    any          // a value of the success body's type; nil: no body
	Status  int          // success status; 0 means 200
	Stream  bool         // text/event-stream instead of JSON
	// Before loads what the change is about, for the audit diff's "before" side; nil for
	// creations and actions. An error (e.g. not found) leaves "before" empty: the handler
	// answers it.
	Before func(c echo.Context) (any, error)
}

// Changes reports whether calling the route changes something (and so is audited).
func (r Route) Changes() bool { return r.Scope != apikey.ScopeRead }

// SuccessStatus is Status or 200.
func (r Route) SuccessStatus() int {
	if r.Status == 0 {
		return http.StatusOK
	}
	return r.Status
}

func routeKey(method, path string) string { return method + " " + path }

// registrar registers routes on one group and records them in the API's table.
type registrar struct {
	a      *API
	g      *echo.Group
	prefix string
}

// newRegistrar starts registering the routes under prefix. The listener builds a new server
// each time its settings change, so the same routes are registered again: the previous entries
// under prefix are dropped first.
func (a *API) newRegistrar(g *echo.Group, prefix string) registrar {
	a.routesMu.Lock()
	defer a.routesMu.Unlock()
	kept := a.routes[:0:0]
	for _, r := range a.routes {
		if !strings.HasPrefix(r.Path, prefix+"/") {
			kept = append(kept, r)
		}
	}
	a.routes = kept
	a.reindex()
	return registrar{a: a, g: g, prefix: prefix}
}

func (a *API) reindex() {
	a.index = make(map[string]int, len(a.routes))
	for i, r := range a.routes {
		a.index[routeKey(r.Method, r.Path)] = i
	}
}

// add registers h for r. A route without a valid scope, or a changing route without an audit
// action, is a programming error caught the first time the routes are built (every test does).
func (rg registrar) add(r Route, h echo.HandlerFunc) {
	r.Path = rg.prefix + r.Path
	if !r.Scope.Valid() {
		panic(fmt.Sprintf("restapi: %s %s declares no valid scope", r.Method, r.Path))
	}
	if r.Changes() && r.Action == "" {
		panic(fmt.Sprintf("restapi: %s %s changes something but declares no audit action", r.Method, r.Path))
	}
	rg.a.routesMu.Lock()
	if _, dup := rg.a.index[routeKey(r.Method, r.Path)]; dup {
		rg.a.routesMu.Unlock()
		panic(fmt.Sprintf("restapi: %s %s registered twice", r.Method, r.Path))
	}
	rg.a.index[routeKey(r.Method, r.Path)] = len(rg.a.routes)
	rg.a.routes = append(rg.a.routes, r)
	rg.a.routesMu.Unlock()
	if r.Changes() {
		h = rg.a.audited(r, h)
	}
	rg.g.Add(r.Method, strings.TrimPrefix(r.Path, rg.prefix), h)
}

// Routes returns every registered route, in registration order.
func (a *API) Routes() []Route {
	a.routesMu.RLock()
	defer a.routesMu.RUnlock()
	return append([]Route(nil), a.routes...)
}

// Scope is the listener's scope lookup (httpserver.ScopeLookup).
func (a *API) Scope(method, path string) (apikey.Scope, bool) {
	a.routesMu.RLock()
	defer a.routesMu.RUnlock()
	i, ok := a.index[routeKey(method, path)]
	if !ok {
		return "", false
	}
	return a.routes[i].Scope, true
}

// Recorder stores audit entries (*audit.Service).
type Recorder interface {
	Record(ctx context.Context, action, target string, before, after any)
}

// maxAuditBody bounds how much of a response is kept for the audit diff; larger answers are
// recorded without their "after" side.
const maxAuditBody = 1 << 20

// audited records a successful change: the route's action, the target (the :id parameter, or
// the id of what was created), and the diff between Before and the JSON answer. Failed requests
// changed nothing and are not recorded.
func (a *API) audited(r Route, h echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if a.d.Audit == nil {
			return h(c)
		}
		var before any
		if r.Before != nil {
			if v, err := r.Before(c); err == nil {
				before = v
			}
		}
		res := c.Response()
		tee := &teeWriter{ResponseWriter: res.Writer}
		res.Writer = tee
		err := h(c)
		res.Writer = tee.ResponseWriter
		if err != nil || res.Status >= http.StatusMultipleChoices {
			return err
		}
		var after any
		if tee.buf.Len() > 0 && !tee.overflow {
			var v any
			if json.Unmarshal(tee.buf.Bytes(), &v) == nil {
				after = v
			}
		}
		a.d.Audit.Record(c.Request().Context(), r.Action, auditTarget(c, after), before, after)
		return nil
	}
}

// auditTarget is the :id parameter, else the "id" of the answer (a creation), else "".
func auditTarget(c echo.Context, after any) string {
	for _, name := range c.ParamNames() {
		if name == "id" {
			return c.Param("id")
		}
	}
	if m, ok := after.(map[string]any); ok {
		if id, ok := m["id"].(string); ok {
			return id
		}
	}
	if names := c.ParamNames(); len(names) > 0 {
		return c.Param(names[0])
	}
	return ""
}

// teeWriter keeps a copy of what a handler writes (up to maxAuditBody).
type teeWriter struct {
	http.ResponseWriter
	buf      bytes.Buffer
	overflow bool
}

func (w *teeWriter) Write(p []byte) (int, error) {
	if !w.overflow {
		if w.buf.Len()+len(p) > maxAuditBody {
			w.overflow = true
			w.buf.Reset()
		} else {
			w.buf.Write(p)
		}
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *teeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
