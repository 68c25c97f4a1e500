package project

import (
	"context"
	"slices"
	"testing"

	"github.com/agented/agented/backend/secret"
)

// Every project's token is among the secrets runs redact: the inventory finds it through
// SecretNames, follows a new token, and forgets a removed one.
func TestProjectTokensAreRedactionSecrets(t *testing.T) {
	t.Parallel()
	e := newTestService(t)
	ctx := context.Background()
	inv := secret.NewInventory(e.secrets, e.svc)

	withToken := e.create(t, Input{Name: "private", RepoURL: "acme/private", Token: ptr("ghp_project-token-for-redaction-1")})
	without := e.create(t, Input{Name: "public", RepoURL: "acme/public"})
	names, err := e.svc.SecretNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	items := []string{}
	for _, n := range names {
		items = append(items, n.Item())
	}
	slices.Sort(items)
	want := []string{secret.ProjectTokenName(withToken.ID).Item(), secret.ProjectTokenName(without.ID).Item()}
	slices.Sort(want)
	if !slices.Equal(items, want) {
		t.Fatalf("names %v, want %v", items, want)
	}
	if got := inv.Values(ctx); !slices.Contains(got, "ghp_project-token-for-redaction-1") {
		t.Fatalf("inventory %q lacks the project token", got)
	}

	if _, err := e.svc.Update(ctx, without.ID, Input{Name: "public", RepoURL: "acme/public", Token: ptr("glpat-second-token-2")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Update(ctx, withToken.ID, Input{Name: "private", RepoURL: "acme/private", Token: ptr("")}); err != nil {
		t.Fatal(err)
	}
	got := inv.Values(ctx)
	if !slices.Contains(got, "glpat-second-token-2") || slices.Contains(got, "ghp_project-token-for-redaction-1") {
		t.Fatalf("after a new and a removed token: %q", got)
	}
}
