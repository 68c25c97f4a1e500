package webhook

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/httpserver"
)

// TestHandlers runs the Echo adapters the way the listener mounts them, including the body
// limit it applies before the handler.
func TestHandlers(t *testing.T) {
	t.Parallel()
	e := newGitHubEnv(t)
	e.trigger(webhookTrigger("", ""))
	e.trigger(githubTrigger("", ""))
	var sigOK []any
	ec := echo.New()
	limit := func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, 64)
			return next(c)
		}
	}
	record := func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			err := next(c)
			sigOK = append(sigOK, c.Get(httpserver.SignatureOKKey))
			return err
		}
	}
	slow := func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Request().Body = io.NopCloser(io.MultiReader(strings.NewReader(`{"te`), timedOut{}))
			return next(c)
		}
	}
	ec.POST("/", e.svc.GenericHandler)
	ec.POST("/small", e.svc.GenericHandler, limit)
	ec.POST("/slow", e.svc.GenericHandler, slow)
	ec.POST("/api/webhooks/github", e.svc.GitHubHandler, record)

	pr := prBody("opened", "acme/api", 2)
	tests := []struct {
		name, path, body string
		header           http.Header
		status           int
		want             string
	}{
		{"generic", "/", `{"text":"hi"}`, jsonHeader(), 202, `"dispatched":[{"triggerId":"trig-`},
		{"generic bad type", "/", `{}`, http.Header{"Content-Type": {"text/plain"}}, 415, `{"error":"Content-Type must be application/json"}`},
		{"past the listener's body read timeout", "/slow", `{}`, jsonHeader(), 408, `{"error":"request body was not received in time"}`},
		{"over the listener's limit", "/small", `{"text":"` + strings.Repeat("x", 100) + `"}`, jsonHeader(), 413, `payload too large`},
		{"github signed", "/api/webhooks/github", pr,
			jsonHeader(HeaderGitHubEvent, "pull_request", HeaderGitHubDelivery, "h-1", HeaderGitHubSignature, Sign([]byte(ghSecret), []byte(pr))),
			202, `"message":"PR event processed","reviewId":"prr-`},
		{"github unsigned", "/api/webhooks/github", pr, jsonHeader(HeaderGitHubEvent, "pull_request"), 401, `{"error":"invalid signature"}`},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(http.MethodPost, tt.path, strings.NewReader(tt.body))
		req.Header = tt.header
		rec := httptest.NewRecorder()
		ec.ServeHTTP(rec, req)
		if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.want) {
			t.Errorf("%s: %d %s", tt.name, rec.Code, rec.Body.String())
		}
	}
	if len(sigOK) != 2 || sigOK[0] != true || sigOK[1] != false {
		t.Fatalf("httpserver.SignatureOKKey values %v", sigOK)
	}
}

// timedOut fails every read the way a connection past its read deadline does.
type timedOut struct{}

func (timedOut) Read([]byte) (int, error) { return 0, os.ErrDeadlineExceeded }
