package restapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/invopop/jsonschema"
	"github.com/labstack/echo/v4"
)

// Public routes the listener serves without a key. They are not registered here, but the
// document describes the whole listener, so they are listed once here; the app's tests check
// this list against the routes Echo actually serves.
var publicRoutes = []Route{
	{Method: http.MethodPost, Path: "/", Summary: "Generic JSON webhook (20 per 10 s per client IP by default)", Body: map[string]any{}, Resp: map[string]any{}, Status: http.StatusAccepted},
	{Method: http.MethodPost, Path: "/api/webhooks/github", Summary: "GitHub webhook (X-Hub-Signature-256 verified first)", Body: map[string]any{}, Resp: map[string]any{}, Status: http.StatusAccepted},
	{Method: http.MethodGet, Path: "/health/liveness", Summary: "The process serves HTTP", Resp: map[string]string{}},
	{Method: http.MethodGet, Path: "/health/readiness", Summary: "Readiness; per-component checks with a valid key", Resp: map[string]any{}},
}

// openAPIDoc is the encoded document, built once: the routes do not change after registration.
type openAPIDoc struct {
	once sync.Once
	body []byte
	err  error
}

// OpenAPI returns the OpenAPI 3.1 document of every route, built from the route table: the
// schemas are reflected from the very types the handlers encode.
func (a *API) OpenAPI() ([]byte, error) {
	a.openapi.once.Do(func() { a.openapi.body, a.openapi.err = a.buildOpenAPI() })
	return a.openapi.body, a.openapi.err
}

func (a *API) openAPI(c echo.Context) error {
	body, err := a.OpenAPI()
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSONBlob(http.StatusOK, body)
}

var (
	pathParam     = regexp.MustCompile(`:([A-Za-z0-9_]+)`)
	componentName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)
)

// DocPath turns an Echo path (/admin/triggers/:id, /admin/projects/*) into its OpenAPI form
// (/admin/triggers/{id}, /admin/projects/{path}).
func DocPath(p string) string {
	p = pathParam.ReplaceAllString(p, "{$1}")
	if strings.HasSuffix(p, "/*") {
		p = strings.TrimSuffix(p, "*") + "{path}"
	}
	return p
}

func (a *API) buildOpenAPI() ([]byte, error) {
	s := newSchemas()
	paths := map[string]map[string]any{}
	all := append(a.Routes(), publicRoutes...)
	for _, r := range all {
		p := DocPath(r.Path)
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p][strings.ToLower(r.Method)] = a.operation(r, s)
	}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "Agented HTTP API",
			"version":     a.d.App.Version,
			"description": "Every route under /admin and /api needs an X-API-Key whose scope (x-scope: read, run or admin) covers the route. Changes (x-audit-action) are recorded in the audit log.",
		},
		"paths": paths,
		"components": map[string]any{
			"schemas": s.defs,
			"securitySchemes": map[string]any{
				"apiKey": map[string]any{"type": "apiKey", "in": "header", "name": "X-API-Key"},
			},
		},
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("encode openapi document: %w", err)
	}
	// invopop writes references to its own $defs; in the document they live in components.
	return []byte(strings.ReplaceAll(string(raw), `"#/$defs/`, `"#/components/schemas/`)), nil
}

func (a *API) operation(r Route, s *schemas) map[string]any {
	op := map[string]any{
		"operationId": strings.ToLower(r.Method) + strings.NewReplacer("/", "_", ":", "", "*", "path", "-", "_", ".", "_").Replace(r.Path),
		"summary":     r.Summary,
	}
	if r.Scope == "" {
		op["security"] = []any{}
	} else {
		op["security"] = []any{map[string]any{"apiKey": []any{}}}
		op["x-scope"] = string(r.Scope)
	}
	if r.Action != "" {
		op["x-audit-action"] = r.Action
	}
	var params []any
	for _, m := range pathParam.FindAllStringSubmatch(r.Path, -1) {
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
	}
	if strings.HasSuffix(r.Path, "/*") {
		params = append(params, map[string]any{"name": "path", "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
	}
	for _, q := range r.Query {
		params = append(params, map[string]any{"name": q, "in": "query", "schema": map[string]any{"type": "string"}})
	}
	if params != nil {
		op["parameters"] = params
	}
	if r.Body != nil {
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": s.of(r.Body)}}}
	}
	ok := map[string]any{"description": http.StatusText(r.SuccessStatus())}
	switch {
	case r.Stream:
		ok["content"] = map[string]any{"text/event-stream": map[string]any{"schema": map[string]any{"type": "string"}}}
	case r.Resp != nil:
		ok["content"] = map[string]any{"application/json": map[string]any{"schema": s.of(r.Resp)}}
	}
	responses := map[string]any{fmt.Sprint(r.SuccessStatus()): ok,
		"default": map[string]any{"description": "An error", "content": map[string]any{"application/json": map[string]any{"schema": s.of(errorBody{})}}}}
	if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/cancel") {
		responses["200"] = ok // a run already over when the answer is sent
	}
	op["responses"] = responses
	return op
}

// schemas reflects Go types into JSON Schema 2020-12 (what OpenAPI 3.1 uses), collecting named
// types once into components.
type schemas struct {
	r    *jsonschema.Reflector
	defs map[string]*jsonschema.Schema
}

func newSchemas() *schemas {
	return &schemas{
		r: &jsonschema.Reflector{
			// Package-qualified names: execution.Page and audit.Page are different things.
			Namer: func(t reflect.Type) string {
				if t.Name() == "" { // []budget.Status, map[string]bool: named by their spelling
					return componentName.ReplaceAllString(t.String(), "_")
				}
				pkg := t.PkgPath()
				return pkg[strings.LastIndex(pkg, "/")+1:] + "." + t.Name()
			},
			// The document lists every field the API sends; a field it does not list is a bug.
			AllowAdditionalProperties: false,
		},
		defs: map[string]*jsonschema.Schema{},
	}
}

// of returns v's schema: a reference for named struct types, the schema itself otherwise.
func (s *schemas) of(v any) *jsonschema.Schema {
	sch := s.r.Reflect(v)
	for name, d := range sch.Definitions {
		s.defs[name] = d
	}
	sch.Definitions = nil
	sch.Version = ""
	// An $id would make "#/components/..." references resolve against it instead of the document.
	sch.ID = ""
	return sch
}
