package project

import (
	"context"
	"errors"
	"testing"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/settings"
	"github.com/agented/agented/backend/validation"
)

// testEnv is a service on a fresh SQLite file, the real OS keyring (scripts/with-keyring.sh)
// and a workspace in a temp dir.
type testEnv struct {
	svc       *Service
	rec       *events.Recorder
	secrets   *secret.Store
	workspace string
}

func newTestService(t *testing.T) *testEnv {
	t.Helper()
	d := testutil.OpenDB(t)
	rec := &events.Recorder{}
	log := logging.Discard()
	set, err := settings.New(context.Background(), d, rec, log)
	if err != nil {
		t.Fatal(err)
	}
	sec := secret.New(secret.OSKeyring{}, func(string) string { return "" }, nil, log)
	ws := t.TempDir()
	svc := New(Deps{DB: d, Secrets: sec, Settings: set, Emitter: rec, Log: log, DefaultWorkspace: ws})
	t.Cleanup(func() {
		svc.Shutdown()
		list, _ := svc.List(context.Background())
		for _, p := range list {
			_ = sec.Delete(secret.ProjectTokenName(p.ID))
		}
	})
	return &testEnv{svc: svc, rec: rec, secrets: sec, workspace: ws}
}

func (e *testEnv) create(t *testing.T, in Input) Project {
	t.Helper()
	p, err := e.svc.Create(context.Background(), in)
	if err != nil {
		t.Fatalf("create %+v: %v", in, err)
	}
	return p
}

// fieldOf returns the message a validation error has for field, "" when it has none.
func fieldOf(err error, field string) string {
	var verrs *validation.Errors
	if !errors.As(err, &verrs) {
		return ""
	}
	return verrs.Fields[field]
}

func ptr[T any](v T) *T { return &v }
