// Package apikey manages the named keys that open the HTTP listener's /admin and /api routes.
// Each key has a scope (read, run or admin); its secret is shown once at creation and only its
// SHA-256 is stored. Authenticate reads the store on every request, so a revoked key fails at once.
package apikey

// Scope is what a key may do. Each scope includes the ones before it.
type Scope string

// The scopes, weakest first.
const (
	ScopeRead  Scope = "read"  // read everything except secrets
	ScopeRun   Scope = "run"   // also start, cancel and replay runs
	ScopeAdmin Scope = "admin" // change anything
)

// Scopes lists every scope, weakest first.
var Scopes = []Scope{ScopeRead, ScopeRun, ScopeAdmin}

func (s Scope) rank() int {
	for i, v := range Scopes {
		if v == s {
			return i + 1
		}
	}
	return 0
}

// Valid reports whether s is one of Scopes.
func (s Scope) Valid() bool { return s.rank() > 0 }

// Allows reports whether a key of scope s may call a route that needs scope need. An unknown
// scope allows nothing and an unknown need is allowed to no one: both fail closed.
func (s Scope) Allows(need Scope) bool {
	return s.rank() > 0 && need.rank() > 0 && s.rank() >= need.rank()
}

// Key is a stored key as lists show it; the secret is never part of it.
type Key struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Scope      Scope  `json:"scope"`
	CreatedAt  string `json:"createdAt"`
	LastUsedAt string `json:"lastUsedAt"` // "" until first used; updated at most once a minute
}

// Created is the answer to a creation: the only time the secret is shown.
type Created struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Scope Scope  `json:"scope"`
	Key   string `json:"key"`
}

// Input is what a creation asks for.
type Input struct {
	Name  string `json:"name"`
	Scope Scope  `json:"scope"`
}

// Principal is who a request authenticated as: a key's name and scope.
type Principal struct {
	Name  string
	Scope Scope
}
