package secret

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agented/agented/backend/events"
	"github.com/zalando/go-keyring"
)

// fakeKeyring is a MemoryKeyring whose calls can also be made to hang.
type fakeKeyring struct {
	*MemoryKeyring
	hang chan struct{}
}

func newFake() *fakeKeyring { return &fakeKeyring{MemoryKeyring: NewMemoryKeyring()} }

func (f *fakeKeyring) wait() {
	if f.hang != nil {
		<-f.hang
	}
}

func (f *fakeKeyring) Get(svc, user string) (string, error) {
	f.wait()
	return f.MemoryKeyring.Get(svc, user)
}

func (f *fakeKeyring) Set(svc, user, pw string) error {
	f.wait()
	return f.MemoryKeyring.Set(svc, user, pw)
}

func (f *fakeKeyring) Delete(svc, user string) error {
	f.wait()
	return f.MemoryKeyring.Delete(svc, user)
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func envMap(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestStoreGetPrecedenceAndErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		env        map[string]string
		stored     string
		kerr       error
		wantValue  string
		wantSource Source
		wantErr    error
	}{
		{name: "env wins over keyring", env: map[string]string{"ANTHROPIC_API_KEY": "from-env"}, stored: "from-kr", wantValue: "from-env", wantSource: SourceEnv},
		{name: "keyring", stored: "from-kr", wantValue: "from-kr", wantSource: SourceKeyring},
		{name: "blank env ignored", env: map[string]string{"ANTHROPIC_API_KEY": "  "}, stored: "from-kr", wantValue: "from-kr", wantSource: SourceKeyring},
		{name: "not set", wantErr: ErrNotFound},
		{name: "keyring broken", kerr: errors.New("dbus: no reply"), wantErr: ErrUnavailable},
		{name: "env works while keyring broken", env: map[string]string{"ANTHROPIC_API_KEY": "e"}, kerr: errors.New("x"), wantValue: "e", wantSource: SourceEnv},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			kr := newFake()
			if tt.stored != "" {
				_ = kr.Set(Service, "provider:anthropic", tt.stored)
			}
			kr.Fail(tt.kerr)
			s := New(kr, envMap(tt.env), nil, quiet())
			v, src, err := s.Get(ProviderName("anthropic"))
			if !errors.Is(err, tt.wantErr) || v != tt.wantValue || src != tt.wantSource {
				t.Fatalf("Get = %q, %q, %v; want %q, %q, %v", v, src, err, tt.wantValue, tt.wantSource, tt.wantErr)
			}
			if tt.kerr != nil && tt.wantSource != SourceEnv && s.Status().Available {
				t.Fatal("status still available after a keyring error")
			}
		})
	}
}

func TestStoreUnavailableThenRecovers(t *testing.T) {
	t.Parallel()
	kr := newFake()
	kr.Fail(errors.New("failed to unlock correct collection"))
	s := New(kr, envMap(nil), nil, quiet())
	st := s.Probe()
	if st.Available || !strings.Contains(st.Reason, "failed to unlock") {
		t.Fatalf("status = %+v", st)
	}
	if !strings.Contains(strings.Join(st.EnvVars, ","), "ANTHROPIC_API_KEY") {
		t.Fatalf("env vars not offered: %v", st.EnvVars)
	}
	if err := s.Set(ProviderName("openai"), "sk-test"); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Set err = %v", err)
	}
	kr.Fail(nil)
	if !s.Probe().Available {
		t.Fatal("probe did not notice the keyring came back")
	}
	if err := s.Set(ProviderName("openai"), "sk-test"); err != nil {
		t.Fatal(err)
	}
}

func TestStorePrecheckShortCircuits(t *testing.T) {
	t.Parallel()
	kr := newFake()
	s := New(kr, envMap(nil), func() error { return errors.New("no D-Bus session bus") }, quiet())
	if st := s.Probe(); st.Available || !strings.Contains(st.Reason, "no D-Bus") {
		t.Fatalf("status = %+v", st)
	}
}

func TestStoreHangingKeyringTimesOut(t *testing.T) {
	t.Parallel()
	kr := newFake()
	kr.hang = make(chan struct{})
	defer close(kr.hang)
	s := New(kr, envMap(nil), nil, quiet())
	s.timeout = 50 * time.Millisecond
	st := s.Probe()
	if st.Available || !strings.Contains(st.Reason, "did not answer") {
		t.Fatalf("status = %+v", st)
	}
	// Reads no longer wait on the dead keyring.
	start := time.Now()
	if _, _, err := s.Get(ProviderName("google")); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > 40*time.Millisecond {
		t.Fatal("Get waited on a keyring already known to be unavailable")
	}
}

func TestValidateValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, v string
		ok      bool
	}{
		{"plain", "fake-key-test-0000", true},
		{"empty", "", false},
		{"spaces", "   ", false},
		{"newline", "a\nb", false},
		{"nul", "a\x00b", false},
		{"huge", strings.Repeat("a", maxValueLen+1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateValue(tt.v)
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok=%v", err, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrInvalid) {
				t.Fatalf("err %v is not ErrInvalid", err)
			}
		})
	}
}

type memNames struct {
	mu    sync.Mutex
	names []string
}

func (m *memNames) CustomKeyNames(context.Context) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.names...), nil
}

func (m *memNames) SetCustomKeyNames(_ context.Context, n []string) error {
	m.mu.Lock()
	m.names = append([]string(nil), n...)
	m.mu.Unlock()
	return nil
}

func TestKeysSetListDelete(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	kr := newFake()
	names := &memNames{}
	k := NewKeys(New(kr, envMap(map[string]string{"GEMINI_API_KEY": "g"}), nil, quiet()), names, &events.Recorder{})

	if err := k.Set(ctx, "anthropic", " fake-key-test \t"); err != nil {
		t.Fatal(err)
	}
	if got := kr.Peek(Service, "provider:anthropic"); got != "fake-key-test" {
		t.Fatalf("stored %q, want trimmed value", got)
	}
	if err := k.Set(ctx, "OPENROUTER_API_KEY", "or-test"); err != nil {
		t.Fatal(err)
	}
	if err := k.Set(ctx, "OPENROUTER_API_KEY", "or-test-2"); err != nil {
		t.Fatal(err)
	}
	list, err := k.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]ProviderKey{}
	for _, p := range list {
		byID[p.Provider] = p
	}
	if !byID["anthropic"].Stored || byID["openai"].Stored || !byID["google"].FromEnv {
		t.Fatalf("list = %+v", list)
	}
	if c := byID["OPENROUTER_API_KEY"]; !c.Custom || !c.Stored || len(list) != 4 {
		t.Fatalf("custom key missing or duplicated: %+v", list)
	}
	if err := k.Delete(ctx, "OPENROUTER_API_KEY"); err != nil {
		t.Fatal(err)
	}
	if n, _ := names.CustomKeyNames(ctx); len(n) != 0 {
		t.Fatalf("custom name kept after delete: %v", n)
	}
	if err := k.Delete(ctx, "openai"); err != nil {
		t.Fatalf("deleting an unset key: %v", err)
	}
}

func TestKeysRejectBadNames(t *testing.T) {
	t.Parallel()
	k := NewKeys(New(newFake(), envMap(nil), nil, quiet()), &memNames{}, &events.Recorder{})
	tests := []struct{ name, provider, want string }{
		{"lowercase", "openrouter", "environment variable name"},
		{"spaces", "MY KEY", "environment variable name"},
		{"empty", "", "environment variable name"},
		{"builtin env name", "ANTHROPIC_API_KEY", "Anthropic row"},
		{"builtin alias", "CODEX_API_KEY", "OpenAI row"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := k.Set(context.Background(), tt.provider, "v")
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestOSKeyringWithMock drives the real go-keyring adapter over its in-memory provider. MockInit
// swaps go-keyring's package-global provider for good, so it runs in a child process to leave the
// real provider in place for TestRealKeyring.
func TestOSKeyringWithMock(t *testing.T) {
	if os.Getenv("AGENTED_MOCK_CHILD") != "1" {
		runChild(t, "TestOSKeyringWithMock", "AGENTED_MOCK_CHILD=1")
		return
	}
	keyring.MockInit()
	s := New(OSKeyring{}, envMap(nil), nil, quiet())
	if err := s.Set(ProviderName("anthropic"), "sk-mock"); err != nil {
		t.Fatal(err)
	}
	if v, src, err := s.Get(ProviderName("anthropic")); v != "sk-mock" || src != SourceKeyring || err != nil {
		t.Fatalf("Get = %q %q %v", v, src, err)
	}
	keyring.MockInitWithError(errors.New("mock backend down"))
	if st := s.Probe(); st.Available || !strings.Contains(st.Reason, "mock backend down") {
		t.Fatalf("status = %+v", st)
	}
}

// runChild re-runs one test of this binary in a child process with extra environment and fails
// when the child fails.
func runChild(t *testing.T, name string, env ...string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+name+"$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+name) {
		t.Fatalf("child %s failed: %v\n%s", name, err, out)
	}
	return string(out)
}
