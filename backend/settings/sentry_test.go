package settings

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/telemetry"
	"github.com/zalando/go-keyring"
)

type mapKeyring struct {
	mu  sync.Mutex
	m   map[string]string
	err error
}

func (k *mapKeyring) Get(s, u string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.err != nil {
		return "", k.err
	}
	v, ok := k.m[s+"/"+u]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

func (k *mapKeyring) Set(s, u, p string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.err != nil {
		return k.err
	}
	k.m[s+"/"+u] = p
	return nil
}

func (k *mapKeyring) Delete(s, u string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.err != nil {
		return k.err
	}
	delete(k.m, s+"/"+u)
	return nil
}

func TestSentryDSNLifecycle(t *testing.T) {
	t.Parallel()
	got := make(chan string, 8)
	ingest := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- string(b)
	}))
	defer ingest.Close()
	dsn := "http://publickey@" + strings.TrimPrefix(ingest.URL, "http://") + "/1"

	kr := &mapKeyring{m: map[string]string{}}
	env := map[string]string{}
	store := secret.New(kr, func(k string) string { return env[k] }, secret.EnvOverrides(), nil, logging.Discard())
	rep := telemetry.New(logging.Discard(), "test", "test")
	s := NewSentry(store, rep)
	s.Start()
	if st := s.Status(); st.Configured || st.Active {
		t.Fatalf("fresh status = %+v", st)
	}
	if _, err := s.SetDSN("nonsense"); err == nil {
		t.Fatal("bad DSN accepted")
	}
	st, err := s.SetDSN("  " + dsn + " ")
	if err != nil || !st.Configured || !st.Active || st.FromEnv {
		t.Fatalf("SetDSN = %+v, %v", st, err)
	}
	if kr.m[secret.Service+"/"+secret.NameSentryDSN] != dsn {
		t.Fatal("DSN not stored trimmed in the keyring")
	}
	rep.CaptureError(errors.New("reported"), nil)
	select {
	case body := <-got:
		if !strings.Contains(body, "reported") {
			t.Fatalf("envelope = %s", body)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("nothing reached the ingest after SetDSN")
	}
	st, err = s.SetDSN("")
	if err != nil || st.Configured || st.Active {
		t.Fatalf("clear = %+v, %v", st, err)
	}
	kr.mu.Lock()
	kr.err = errors.New("keyring locked")
	kr.mu.Unlock()
	if _, err := s.SetDSN(dsn); !errors.Is(err, secret.ErrUnavailable) {
		t.Fatalf("err = %v, want keyring unavailable", err)
	}
}
