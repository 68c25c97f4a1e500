//go:build !windows

package terminal

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/agented/agented/backend/events"
)

// screen is the test's event sink: it keeps every session's published output, checks that the
// batches follow each other without gap or overlap and are whole UTF-8, and keeps status events.
type screen struct {
	mu      sync.Mutex
	changed chan struct{}
	out     map[string]*strings.Builder
	next    map[string]uint64
	status  []Session
	errs    []string
}

func newScreen() *screen {
	return &screen{changed: make(chan struct{}, 1), out: map[string]*strings.Builder{}, next: map[string]uint64{}}
}

func (s *screen) Emit(name string, payload any) {
	s.mu.Lock()
	switch p := payload.(type) {
	case Output:
		if name != events.PtyOutput(p.ID) {
			s.errs = append(s.errs, "output of "+p.ID+" under "+name)
		}
		if p.Offset != s.next[p.ID] {
			s.errs = append(s.errs, "gap or overlap in "+p.ID)
		}
		if !utf8.ValidString(p.Data) {
			s.errs = append(s.errs, "batch is not whole UTF-8")
		}
		if uint64(len(p.Data)) != p.Size {
			s.errs = append(s.errs, "size differs from data")
		}
		s.next[p.ID] = p.Offset + p.Size
		b := s.out[p.ID]
		if b == nil {
			b = &strings.Builder{}
			s.out[p.ID] = b
		}
		b.WriteString(p.Data)
	case Session:
		if name == events.PtyChanged {
			s.status = append(s.status, p)
		}
	}
	s.mu.Unlock()
	select {
	case s.changed <- struct{}{}:
	default:
	}
}

func (s *screen) text(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := s.out[id]; b != nil {
		return b.String()
	}
	return ""
}

// waitFor waits until cond holds, re-checking on every event.
func (s *screen) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for !cond() {
		select {
		case <-s.changed:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// waitText waits for want to appear in the session's output after the first `after` bytes.
func (s *screen) waitText(t *testing.T, id string, after int, want string) {
	t.Helper()
	s.waitFor(t, "output "+want, func() bool {
		txt := s.text(id)
		return len(txt) > after && strings.Contains(txt[after:], want)
	})
}

func (s *screen) lastStatus(id string) (Session, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.status) - 1; i >= 0; i-- {
		if s.status[i].ID == id {
			return s.status[i], true
		}
	}
	return Session{}, false
}

func (s *screen) check(t *testing.T) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.errs {
		t.Error(e)
	}
}

// testEnv gives children a private HOME, so the tester's rc files play no part.
type testEnv struct{ home string }

func (e testEnv) Build(context.Context, string) ([]string, []string) {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "PROMPT_COMMAND=") {
			env = append(env, kv)
		}
	}
	return append(env, "HOME="+e.home), nil
}

type fakeResolver map[string]string

func (f fakeResolver) Resolve(_ context.Context, name string) (string, error) {
	if p, ok := f[name]; ok {
		return p, nil
	}
	return "", errors.New(name + ": command not found")
}

func newTestService(t *testing.T, mod func(*Deps)) (*Service, *screen) {
	t.Helper()
	sc := newScreen()
	d := Deps{Resolver: fakeResolver{}, Env: testEnv{home: t.TempDir()}, Emitter: sc,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Shell: "/bin/bash"}
	if mod != nil {
		mod(&d)
	}
	svc := New(d)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := svc.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		sc.check(t)
	})
	return svc, sc
}

// startShell starts bash in a temp dir and waits for its first prompt.
func startShell(t *testing.T, svc *Service, sc *screen, o StartOptions) Session {
	t.Helper()
	if o.Dir == "" && o.ProjectID == "" {
		o.Dir = t.TempDir()
	}
	s, err := svc.Start(context.Background(), o)
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	// A marker printed by the shell itself proves it reads input: the prompt's form varies.
	if err := svc.Write(s.ID, "echo READY$((1+1))\n"); err != nil {
		t.Fatal(err)
	}
	sc.waitText(t, s.ID, 0, "READY2")
	return s
}
