package trigger

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/agented/agented/backend/validation"
)

// fakeAccounts knows accounts by id -> backend.
type fakeAccounts map[string]string

func (f fakeAccounts) Check(_ context.Context, backend, id string) error {
	if id == "" {
		return nil
	}
	b, ok := f[id]
	if !ok {
		return fmt.Errorf("account not found: %s", id)
	}
	if b != backend {
		return fmt.Errorf("account belongs to another backend: %s is a %s account", id, b)
	}
	return nil
}

func TestRouteValidation(t *testing.T) {
	t.Parallel()
	svc, _ := newTestService(t, func(d *Deps) {
		d.Accounts = fakeAccounts{"acct-a": "claude", "acct-b": "claude", "acct-c": "codex"}
	})
	base := func(mut func(*Trigger)) Trigger {
		tr := Trigger{Name: "route " + t.Name(), PromptTemplate: "p", BackendType: "claude", AccountID: "acct-a"}
		mut(&tr)
		return tr
	}
	tests := []struct {
		name  string
		mut   func(*Trigger)
		field string // "" = valid
	}{
		{"two accounts of one backend", func(tr *Trigger) { tr.FallbackChain = []ChainEntry{{Backend: "claude", AccountID: "acct-b"}} }, ""},
		{"another backend, default account", func(tr *Trigger) { tr.FallbackChain = []ChainEntry{{Backend: "codex", Model: "gpt-5"}} }, ""},
		{"unknown backend", func(tr *Trigger) { tr.FallbackChain = []ChainEntry{{Backend: "cursor"}} }, "fallbackChain[0].backend"},
		{"repeats the trigger's own", func(tr *Trigger) { tr.FallbackChain = []ChainEntry{{Backend: "claude", AccountID: "acct-a"}} }, "fallbackChain[0]"},
		{"repeats an entry", func(tr *Trigger) {
			tr.FallbackChain = []ChainEntry{{Backend: "codex"}, {Backend: "codex"}}
		}, "fallbackChain[1]"},
		{"model with a space", func(tr *Trigger) { tr.FallbackChain = []ChainEntry{{Backend: "codex", Model: "gpt 5"}} }, "fallbackChain[0].model"},
		{"opencode model without provider", func(tr *Trigger) { tr.FallbackChain = []ChainEntry{{Backend: "opencode", Model: "sonnet"}} }, "fallbackChain[0].model"},
		{"too long", func(tr *Trigger) {
			for i := range MaxChain + 1 {
				tr.FallbackChain = append(tr.FallbackChain, ChainEntry{Backend: "codex", AccountID: fmt.Sprint(i)})
			}
		}, "fallbackChain"},
		{"missing account", func(tr *Trigger) { tr.AccountID = "acct-gone" }, "accountId"},
		{"account of another backend", func(tr *Trigger) { tr.FallbackChain = []ChainEntry{{Backend: "claude", AccountID: "acct-c"}} }, "fallbackChain[0].accountId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base(tt.mut)
			in.Name = "route " + tt.name
			got, err := svc.Create(context.Background(), in)
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				again, err := svc.Get(context.Background(), got.ID)
				if err != nil {
					t.Fatal(err)
				}
				if again.AccountID != in.AccountID || len(again.FallbackChain) != len(in.FallbackChain) {
					t.Fatalf("stored route %q %+v, want %q %+v", again.AccountID, again.FallbackChain, in.AccountID, in.FallbackChain)
				}
				return
			}
			var verrs *validation.Errors
			if !errors.As(err, &verrs) || verrs.Fields[tt.field] == "" {
				t.Fatalf("error %v, want one on %s", err, tt.field)
			}
		})
	}
}

func TestRouteInListAndUpdate(t *testing.T) {
	t.Parallel()
	svc, _ := newTestService(t)
	tr, err := svc.Create(context.Background(), Trigger{Name: "listed", PromptTemplate: "p", BackendType: "claude"})
	if err != nil {
		t.Fatal(err)
	}
	if tr.FallbackChain == nil || len(tr.FallbackChain) != 0 {
		t.Fatalf("a new trigger's chain is %#v, want []", tr.FallbackChain)
	}
	tr.FallbackChain = []ChainEntry{{Backend: " codex ", Model: "gpt-5"}}
	if _, err := svc.Update(context.Background(), tr); err != nil {
		t.Fatal(err)
	}
	list, err := svc.List(context.Background(), "listed")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || len(list[0].FallbackChain) != 1 || list[0].FallbackChain[0].Backend != "codex" {
		t.Fatalf("list %+v", list)
	}
	if !strings.Contains(chainJSON(nil), "[]") {
		t.Fatal("an empty chain must be stored as []")
	}
}
