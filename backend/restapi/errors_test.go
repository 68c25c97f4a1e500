package restapi

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/validation"
)

func TestClassify(t *testing.T) {
	t.Parallel()
	invalid := validation.New("trigger")
	invalid.Add("promptTemplate", "is required")
	taken := validation.New("trigger")
	taken.Add("name", "a trigger with this name already exists")
	invalidName := validation.New("trigger")
	invalidName.Add("name", "too long; already exists elsewhere is not the point")
	tests := []struct {
		name   string
		err    error
		status int
		errHas string
		field  string
	}{
		{"validation", fmt.Errorf("save: %w", invalid), 400, "invalid trigger: promptTemplate", "promptTemplate"},
		{"name taken", errors.Join(trigger.ErrNameTaken, taken), 409, "already exists", "name"},
		{"other name error", fmt.Errorf("save: %w", invalidName), 400, "too long", "name"},
		{"trigger not found", fmt.Errorf("%w: trig-x", trigger.ErrNotFound), 404, "trig-x", ""},
		{"execution not found", fmt.Errorf("%w: exec-x", execution.ErrNotFound), 404, "exec-x", ""},
		{"predefined", trigger.ErrPredefined, 403, "predefined", ""},
		{"bad path", fmt.Errorf("%w: /x is not a directory", trigger.ErrBadPath), 400, "not a directory", "path"},
		{"skipped", fmt.Errorf("%w (T)", execution.ErrSkipped), 409, "policy is skip", ""},
		{"disabled", execution.ErrDisabled, 409, "disabled", ""},
		{"not active", execution.ErrNotActive, 409, "not queued or running", ""},
		{"shutting down", execution.ErrShuttingDown, 503, "shutting down", ""},
		{"too large", &http.MaxBytesError{Limit: 10 << 20}, 413, "request body is larger than 10 MiB", ""},
		{"too slow", fmt.Errorf("read: %w", os.ErrDeadlineExceeded), 408, "request body was not received in time", ""},
		{"echo error", echo.NewHTTPError(http.StatusTeapot, "short and stout"), 418, "short and stout", ""},
		{"unknown", errors.New("disk on fire"), 500, "internal error", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, body := classify(tt.err)
			if status != tt.status || !strings.Contains(body.Error, tt.errHas) {
				t.Fatalf("classify = %d %q, want %d containing %q", status, body.Error, tt.status, tt.errHas)
			}
			if tt.field != "" && body.Fields[tt.field] == "" {
				t.Fatalf("fields %v lack %q", body.Fields, tt.field)
			}
			if tt.status == 500 && strings.Contains(body.Error, "fire") {
				t.Fatal("a 500 leaks the internal error text")
			}
		})
	}
}

func TestDecodeJSON(t *testing.T) {
	t.Parallel()
	type target struct {
		Name     string   `json:"name"`
		Count    int      `json:"count"`
		Keep     string   `json:"keep"`
		Tags     []string `json:"tags"`
		Disabled bool     `json:"disabled"`
	}
	tests := []struct {
		name     string
		body     string
		optional bool
		errHas   string // "" = success; else the whole error message, or part of it
		field    string
	}{
		{"ok", `{"name":"a","count":2}`, false, "", ""},
		{"empty optional", ``, true, "", ""},
		{"empty required", ``, false, "body is empty", ""},
		{"unknown field", `{"nam":"a"}`, false, `unknown field "nam"`, "nam"},
		{"string for a whole number", `{"count":"2"}`, false, "count must be a whole number, not a string", "count"},
		{"fraction for a whole number", `{"count":600.5}`, false, "count must be a whole number, not 600.5", "count"},
		{"whole number out of range", `{"count":1e40}`, false, "count is out of range: 1e40", "count"},
		{"number for a string", `{"name":600}`, false, "name must be a string, not a number", "name"},
		{"string for a list", `{"tags":"a,b"}`, false, "tags must be an array, not a string", "tags"},
		{"string for a boolean", `{"disabled":"yes"}`, false, "disabled must be true or false, not a string", "disabled"},
		{"not an object", `[1]`, false, "malformed JSON: the body must be an object, not an array", ""},
		{"truncated", `{"name":"a"`, false, "ends before", ""},
		{"syntax", `{"name":'a'}`, false, "malformed JSON at byte", ""},
		{"trailing object", `{} {}`, false, "exactly one", ""},
		{"trailing garbage", `{} x`, false, "malformed JSON", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/json")
			c := echo.New().NewContext(req, httptest.NewRecorder())
			dst := target{Keep: "kept"}
			err := decodeJSON(c, &dst, tt.optional)
			if tt.errHas == "" {
				if err != nil || dst.Keep != "kept" {
					t.Fatalf("err %v, dst %+v", err, dst)
				}
				return
			}
			status, body := classify(err)
			if status != http.StatusBadRequest || !strings.Contains(body.Error, tt.errHas) ||
				strings.Contains(body.Error, "number number") || strings.Contains(body.Error, "not number") {
				t.Fatalf("got %d %q, want 400 containing %q", status, body.Error, tt.errHas)
			}
			if tt.field != "" && body.Fields[tt.field] == "" {
				t.Fatalf("fields %v lack %q", body.Fields, tt.field)
			}
		})
	}
}

// TestDecodeJSONRequiresJSONContentType: a body is read only when declared JSON; a request
// without a body needs no Content-Type at all.
func TestDecodeJSONRequiresJSONContentType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, ctype, body string
		chunked           bool
		optional          bool
		status            int // 0 = accepted
	}{
		{"json", "application/json", `{}`, false, false, 0},
		{"json with charset", "application/json; charset=utf-8", `{}`, false, false, 0},
		{"+json", "application/merge-patch+json", `{}`, false, false, 0},
		{"text/plain", "text/plain", `{}`, false, false, 415},
		{"form", "application/x-www-form-urlencoded", `{}`, false, false, 415},
		{"missing with a body", "", `{}`, false, false, 415},
		{"missing with a chunked body", "", `{}`, true, true, 415},
		{"unparsable", "application/json; =", `{}`, false, false, 415},
		{"no body, no type", "", ``, false, true, 0},
		{"no body, any type", "text/plain", ``, false, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tt.body))
			if tt.chunked {
				req.ContentLength = -1
			}
			if tt.ctype != "" {
				req.Header.Set("Content-Type", tt.ctype)
			}
			var dst map[string]any
			err := decodeJSON(echo.New().NewContext(req, httptest.NewRecorder()), &dst, tt.optional)
			if tt.status == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			status, body := classify(err)
			if status != tt.status || body.Error != "Content-Type must be application/json for a request with a body" {
				t.Fatalf("got %d %q, want %d", status, body.Error, tt.status)
			}
		})
	}
}

func TestListFilterParams(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query string
		want  execution.ListFilter
		bad   []string
	}{
		{"", execution.ListFilter{Limit: 50}, nil},
		{"triggerId=t1&status=failed&backend=codex&q=boom&limit=500&offset=10&from=2026-01-01T00:00:00Z",
			execution.ListFilter{TriggerID: "t1", Status: "failed", Backend: "codex", Query: "boom", Limit: 500, Offset: 10, From: "2026-01-01T00:00:00Z"}, nil},
		{"limit=501", execution.ListFilter{}, []string{"limit"}},
		{"limit=abc&offset=-2", execution.ListFilter{}, []string{"limit", "offset"}},
		{"status=idle&backend=gpt&to=monday", execution.ListFilter{}, []string{"status", "backend", "to"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			t.Parallel()
			c := echo.New().NewContext(httptest.NewRequest(http.MethodGet, "/?"+tt.query, nil), httptest.NewRecorder())
			f, err := listFilter(c)
			if len(tt.bad) == 0 {
				if err != nil || f != tt.want {
					t.Fatalf("filter %+v, err %v; want %+v", f, err, tt.want)
				}
				return
			}
			var verrs *validation.Errors
			if !errors.As(err, &verrs) || len(verrs.Fields) != len(tt.bad) {
				t.Fatalf("err = %v, want fields %v", err, tt.bad)
			}
			for _, k := range tt.bad {
				if verrs.Fields[k] == "" {
					t.Errorf("no message for %s in %v", k, verrs.Fields)
				}
			}
		})
	}
}

// TestDecodeJSONSlowBodyIs408: a body cut off by the listener's read deadline is the client's
// slowness, answered 408, not a 400 calling the JSON malformed.
func TestDecodeJSONSlowBodyIs408(t *testing.T) {
	t.Parallel()
	body := io.MultiReader(strings.NewReader(`{"name":"a`), deadlineReader{})
	req := httptest.NewRequest(http.MethodPost, "/", body)
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/json")
	var dst map[string]any
	status, got := classify(decodeJSON(echo.New().NewContext(req, httptest.NewRecorder()), &dst, false))
	if status != http.StatusRequestTimeout || got.Error != "request body was not received in time" {
		t.Fatalf("got %d %q, want 408", status, got.Error)
	}
}

// deadlineReader fails the way a connection past its read deadline does.
type deadlineReader struct{}

func (deadlineReader) Read([]byte) (int, error) { return 0, os.ErrDeadlineExceeded }
