package settings

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/telemetry"
)

func TestSentryDSNLifecycle(t *testing.T) {
	t.Parallel()
	got := make(chan string, 8)
	ingest := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- string(b)
	}))
	defer ingest.Close()
	dsn := "http://publickey@" + strings.TrimPrefix(ingest.URL, "http://") + "/1"

	kr := secret.NewMemoryKeyring()
	env := map[string]string{}
	store := secret.New(kr, func(k string) string { return env[k] }, nil, logging.Discard())
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
	if kr.Peek(secret.Service, secret.SentryDSNName().Item()) != dsn {
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
	kr.Fail(errors.New("keyring locked"))
	if _, err := s.SetDSN(dsn); !errors.Is(err, secret.ErrUnavailable) {
		t.Fatalf("err = %v, want keyring unavailable", err)
	}
}

// TestSentryStatusSources: the status says where the DSN comes from and which variable wins.
func TestSentryStatusSources(t *testing.T) {
	t.Parallel()
	const dsn = "http://publickey@127.0.0.1:9/1"
	tests := []struct {
		name                    string
		env, stored             string
		wantConfigured, wantEnv bool
	}{
		{"nothing", "", "", false, false},
		{"stored", "", dsn, true, false},
		{"variable", dsn, "", true, true},
		{"variable wins over the stored dsn", dsn, dsn, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			kr := secret.NewMemoryKeyring()
			if tt.stored != "" {
				_ = kr.Set(secret.Service, secret.SentryDSNName().Item(), tt.stored)
			}
			store := secret.New(kr, func(k string) string { return map[string]string{"SENTRY_DSN": tt.env}[k] }, nil, logging.Discard())
			st := NewSentry(store, telemetry.New(logging.Discard(), "test", "test")).Status()
			if st.Configured != tt.wantConfigured || st.FromEnv != tt.wantEnv || st.EnvVar != "SENTRY_DSN" {
				t.Fatalf("status %+v, want configured %v, from env %v, variable SENTRY_DSN", st, tt.wantConfigured, tt.wantEnv)
			}
		})
	}
}
