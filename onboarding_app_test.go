package main

import (
	"context"
	"testing"

	"github.com/agented/agented/backend/bindings"
	"github.com/agented/agented/backend/secret"
)

// TestOnboardingAcrossRestarts: a fresh data directory opens the first-run guide; once it is
// skipped, the next start of the same directory does not open it again.
func TestOnboardingAcrossRestarts(t *testing.T) {
	home := t.TempDir()
	kr := secret.NewMemoryKeyring()
	tests := []struct {
		name  string
		act   func(*bindings.OnboardingAPI) error
		first bool
		done  bool
	}{
		{name: "fresh data directory", act: func(*bindings.OnboardingAPI) error { return nil }, first: true},
		{name: "skipped", act: func(o *bindings.OnboardingAPI) error { _, err := o.Finish(true); return err }, done: true},
		{name: "after a restart", act: func(*bindings.OnboardingAPI) error { return nil }, done: true},
	}
	for _, tt := range tests {
		a := startApp(t, home, kr)
		o := binding[*bindings.OnboardingAPI](a)
		err := tt.act(o)
		st, serr := o.State()
		_ = a.Stop(context.Background())
		if err != nil || serr != nil {
			t.Fatalf("%s: %v, %v", tt.name, err, serr)
		}
		if st.FirstLaunch != tt.first || st.Done != tt.done || st.UserTriggers != 0 {
			t.Fatalf("%s: state %+v, want firstLaunch %v, done %v", tt.name, st, tt.first, tt.done)
		}
	}
}
