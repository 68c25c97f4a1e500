package secret

import "context"

// A CLI run by Agented can print anything it reads, including secrets it was never given (a
// file, another process's memory). Output is therefore redacted of every secret Agented holds,
// which Inventory gathers at each run's start from the keyring answers the Store keeps.

// NameLister lists secrets that exist per user-made thing: a custom key, an account, a trigger.
type NameLister interface {
	SecretNames(ctx context.Context) ([]Name, error)
}

// Inventory gathers every secret Agented knows: the listener API key, the GitHub webhook secret,
// the Sentry DSN, the built-in provider keys (and the variables they are also given as), and
// whatever the listers name: custom keys, account keys, trigger webhook secrets. Each comes from
// the keyring and from the environment variable that stands in for it.
type Inventory struct {
	store   *Store
	listers []NameLister
}

// NewInventory returns an inventory over store and the secrets the listers name.
func NewInventory(store *Store, listers ...NameLister) *Inventory {
	return &Inventory{store: store, listers: listers}
}

// Values returns every known secret value (unsorted, possibly repeated).
func (inv *Inventory) Values(ctx context.Context) []string {
	names := wellKnown()
	for _, l := range inv.listers {
		more, err := l.SecretNames(ctx)
		if err != nil {
			// Redacting fewer secrets beats refusing to run; the log says which list failed.
			inv.store.log.Warn("list secrets for redaction", "err", err)
		}
		names = append(names, more...)
	}
	out := inv.store.Values(names)
	for _, p := range Providers {
		for _, v := range p.Aliases {
			if val := inv.store.getenv(v); val != "" {
				out = append(out, val)
			}
		}
	}
	return out
}

// NameListerFunc adapts a function to NameLister, for a list whose owner is built after the
// inventory.
type NameListerFunc func(ctx context.Context) ([]Name, error)

// SecretNames calls f.
func (f NameListerFunc) SecretNames(ctx context.Context) ([]Name, error) { return f(ctx) }
