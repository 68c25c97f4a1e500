package httpserver_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/httpserver"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/settings"
)

// newManager returns a manager over an in-memory keyring; env is the process environment the
// secret store sees.
func newManager(t *testing.T, env map[string]string, o httpserver.Overrides) (*httpserver.Manager, *secret.MemoryKeyring) {
	t.Helper()
	kr := secret.NewMemoryKeyring()
	store := secret.New(kr, func(k string) string { return env[k] }, nil, logging.Discard())
	m := httpserver.NewManager(httpserver.ManagerDeps{
		Secrets:   store,
		Overrides: o,
		Routes: httpserver.Routes{Admin: func(g *echo.Group) {
			g.GET("/ping", func(c echo.Context) error { return c.String(http.StatusOK, "pong") })
			g.GET("/stream", sseStub)
		}},
	})
	t.Cleanup(func() { _ = m.Stop(context.Background()) })
	return m, kr
}

// sseStub streams until the request context ends, like the execution log stream.
func sseStub(c echo.Context) error {
	w := c.Response()
	w.Header().Set(echo.HeaderContentType, "text/event-stream")
	w.WriteHeader(http.StatusOK)
	_, _ = fmt.Fprint(w, "data: hello\n\n")
	w.Flush()
	<-c.Request().Context().Done()
	return nil
}

func onPort0() settings.Listener {
	l := settings.DefaultListener()
	l.Enabled, l.Port = true, 0
	return l
}

func get(t *testing.T, url, key string) *http.Response {
	t.Helper()
	r, _ := http.NewRequest(http.MethodGet, url, nil)
	if key != "" {
		r.Header.Set("X-API-Key", key)
	}
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestManagerPortInUseIsAStatusNotACrash(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := busy.Addr().(*net.TCPAddr).Port
	m, _ := newManager(t, nil, httpserver.Overrides{})
	l := onPort0()
	l.Port = port
	st := m.Apply(context.Background(), l)
	want := fmt.Sprintf("port %d is already in use on 127.0.0.1 — choose another port in Settings → Listener", port)
	if st.Running || st.Error != want {
		t.Fatalf("status %+v, want error %q", st, want)
	}
	// The manager is still usable: a free port starts.
	st = m.Apply(context.Background(), onPort0())
	if !st.Running || st.Error != "" {
		t.Fatalf("status %+v", st)
	}
	if resp := get(t, st.BaseURL+"/health/liveness", ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("liveness %d", resp.StatusCode)
	}
}

func TestManagerPortInUseWithListenOverride(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	m, _ := newManager(t, nil, httpserver.Overrides{Listen: busy.Addr().String(), ForceEnabled: true})
	st := m.Apply(context.Background(), settings.DefaultListener()) // disabled in settings
	if !st.Enabled || st.Running || !strings.Contains(st.Error, "--listen or AGENTED_LISTEN") {
		t.Fatalf("status %+v", st)
	}
	if st.ListenOverride != busy.Addr().String() {
		t.Fatalf("ListenOverride %q", st.ListenOverride)
	}
}

func TestManagerApplyStatusAndRebind(t *testing.T) {
	t.Parallel()
	m, _ := newManager(t, nil, httpserver.Overrides{})
	if st := m.Apply(context.Background(), settings.DefaultListener()); st.Enabled || st.Running || st.Address != "" {
		t.Fatalf("disabled listener: %+v", st)
	}
	l := onPort0()
	l.CORSOrigins, l.TrustedProxies = []string{"https://ci.example.com"}, []string{"10.0.0.0/8"}
	st := m.Apply(context.Background(), l)
	if !st.Running || !strings.HasPrefix(st.Address, "127.0.0.1:") || strings.HasSuffix(st.Address, ":0") {
		t.Fatalf("status %+v", st)
	}
	if st.BaseURL != "http://"+st.Address || st.GenericWebhookURL != st.BaseURL+"/" ||
		st.GitHubWebhookURL != st.BaseURL+"/api/webhooks/github" {
		t.Fatalf("urls %+v", st)
	}
	if fmt.Sprint(st.CORSOrigins, st.TrustedProxies) != "[https://ci.example.com] [10.0.0.0/8]" {
		t.Fatalf("lists %v %v", st.CORSOrigins, st.TrustedProxies)
	}
	if st.ProxyIPHeader != settings.HeaderXForwardedFor || st.ProxyIPHeaderOverride != "" {
		t.Fatalf("client-IP header %q (override %q), want the default", st.ProxyIPHeader, st.ProxyIPHeaderOverride)
	}
	first := st.BaseURL
	st = m.Apply(context.Background(), onPort0())
	if !st.Running || st.BaseURL == first {
		t.Fatalf("re-bind: %+v", st)
	}
	if _, err := http.Get(first + "/health/liveness"); err == nil {
		t.Fatal("the old address still answers")
	}
	if err := m.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st := m.Status(); st.Running {
		t.Fatalf("after Stop: %+v", st)
	}
}

func TestManagerStopEndsSSEStreams(t *testing.T) {
	t.Parallel()
	m, _ := newManager(t, map[string]string{"AGENTED_API_KEY": testKey}, httpserver.Overrides{})
	st := m.Apply(context.Background(), onPort0())
	resp := get(t, st.BaseURL+"/admin/stream", testKey)
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	if err != nil || line != "data: hello\n" {
		t.Fatalf("stream: %q %v", line, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	began := time.Now()
	if err := m.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(began); took > 5*time.Second {
		t.Fatalf("Stop took %s with a stream open", took)
	}
}

func TestManagerSecrets(t *testing.T) {
	t.Parallel()
	m, kr := newManager(t, nil, httpserver.Overrides{})
	st := m.Apply(context.Background(), onPort0())
	if st.APIKeyConfigured || st.GitHubSecretConfigured {
		t.Fatalf("fresh keyring: %+v", st)
	}
	if resp := get(t, st.BaseURL+"/admin/ping", "anything"); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("no key configured: %d", resp.StatusCode)
	}
	key, err := m.GenerateAPIKey()
	if err != nil || len(key) < 43 {
		t.Fatalf("GenerateAPIKey = %q, %v", key, err)
	}
	if kr.Peek(secret.Service, secret.ListenerAPIKeyName().Item()) != key {
		t.Fatal("the key was not stored in the keyring")
	}
	// The running server uses the new key at once, without a restart.
	if resp := get(t, st.BaseURL+"/admin/ping", key); resp.StatusCode != http.StatusOK {
		t.Fatalf("with the new key: %d", resp.StatusCode)
	}
	if st := m.Status(); !st.APIKeyConfigured || st.APIKeySource != "keyring" {
		t.Fatalf("status %+v", st)
	}
	again, _ := m.GenerateAPIKey()
	if resp := get(t, st.BaseURL+"/admin/ping", key); again == key || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("the rotated-out key still works: %d", resp.StatusCode)
	}
	if st, err := m.ClearAPIKey(); err != nil || st.APIKeyConfigured {
		t.Fatalf("ClearAPIKey: %+v %v", st, err)
	}
	if resp := get(t, st.BaseURL+"/admin/ping", again); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("after clearing: %d", resp.StatusCode)
	}

	st, err = m.SetGitHubSecret("gh-secret-for-tests")
	if err != nil || !st.GitHubSecretConfigured || st.GitHubSecretSource != "keyring" {
		t.Fatalf("SetGitHubSecret: %+v %v", st, err)
	}
	if _, err := m.SetGitHubSecret("two\nlines"); !errors.Is(err, secret.ErrInvalid) {
		t.Fatalf("multi-line secret: %v", err)
	}
	if st, err := m.ClearGitHubSecret(); err != nil || st.GitHubSecretConfigured {
		t.Fatalf("ClearGitHubSecret: %+v %v", st, err)
	}

	kr.Fail(errors.New("keyring locked"))
	if _, err := m.GenerateAPIKey(); !errors.Is(err, secret.ErrUnavailable) {
		t.Fatalf("locked keyring: %v", err)
	}
}

func TestManagerEnvOverridesSecrets(t *testing.T) {
	t.Parallel()
	m, _ := newManager(t, map[string]string{"AGENTED_API_KEY": testKey, "GITHUB_WEBHOOK_SECRET": "from-env"}, httpserver.Overrides{})
	st := m.Status()
	if st.APIKeySource != "env" || st.GitHubSecretSource != "env" || st.APIKeyEnvVar != "AGENTED_API_KEY" || st.GitHubSecretEnvVar != "GITHUB_WEBHOOK_SECRET" {
		t.Fatalf("status %+v", st)
	}
	if _, err := m.GenerateAPIKey(); !errors.Is(err, secret.ErrSetByEnv) || !strings.Contains(err.Error(), "AGENTED_API_KEY") {
		t.Fatalf("GenerateAPIKey with AGENTED_API_KEY set: %v", err)
	}
	if _, err := m.SetGitHubSecret("x-secret"); !errors.Is(err, secret.ErrSetByEnv) {
		t.Fatalf("SetGitHubSecret with GITHUB_WEBHOOK_SECRET set: %v", err)
	}
	st = m.Apply(context.Background(), onPort0())
	if resp := get(t, st.BaseURL+"/admin/ping", testKey); resp.StatusCode != http.StatusOK {
		t.Fatalf("env key: %d", resp.StatusCode)
	}
}

func TestManagerStatusShowsTheClientIPHeaderOverride(t *testing.T) {
	t.Parallel()
	o, err := httpserver.EnvConfig(func(k string) string {
		return map[string]string{"AGENTED_PROXY_IP_HEADER": "x-real-ip"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := newManager(t, nil, o)
	l := onPort0()
	l.ProxyIPHeader = settings.HeaderXForwardedFor
	st := m.Apply(context.Background(), l)
	t.Cleanup(func() { _ = m.Stop(context.Background()) })
	if !st.Running || st.ProxyIPHeader != settings.HeaderXRealIP || st.ProxyIPHeaderOverride != settings.HeaderXRealIP {
		t.Fatalf("status %+v: the environment's X-Real-IP should win over the stored setting", st)
	}
}
