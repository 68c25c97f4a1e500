package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/secret"
)

// Default returns the default account of a backend, or ok=false when it has none.
func (s *Service) Default(ctx context.Context, backend string) (Account, bool, error) {
	var id string
	err := s.db.Reader.QueryRowContext(ctx, `SELECT id FROM accounts WHERE backend = ? AND is_default = 1`, backend).Scan(&id)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Account{}, false, nil
		}
		return Account{}, false, fmt.Errorf("read default account: %w", err)
	}
	a, err := s.get(ctx, s.db.Reader, id)
	return a, err == nil, err
}

// Pick returns the account a run of backend uses for accountID ("" = the backend's default).
// ok is false when accountID is "" and the backend has no account at all: the run then uses the
// global provider keys of Settings.
func (s *Service) Pick(ctx context.Context, backend, accountID string) (Account, bool, error) {
	if accountID == "" {
		return s.Default(ctx, backend)
	}
	a, err := s.get(ctx, s.db.Reader, accountID)
	if err != nil {
		return Account{}, false, err
	}
	if a.Backend != backend {
		return Account{}, false, fmt.Errorf("%w: %s is a %s account, not %s", ErrWrongBackend, a.Name, a.Backend, backend)
	}
	return a, true, nil
}

// Check says whether accountID ("" always passes) exists and belongs to backend; the trigger
// editor uses it to refuse a chain that could never run.
func (s *Service) Check(ctx context.Context, backend, accountID string) error {
	if accountID == "" {
		return nil
	}
	_, _, err := s.Pick(ctx, backend, accountID)
	return err
}

// Resolve turns an account into the environment of one run. model is the run's model: opencode
// takes one provider's key, that of the model's provider (anthropic/..., openai/..., google/...).
// Without an account (ok false from Pick), the global provider keys apply and Resolved only says
// how the run bills.
func (s *Service) Resolve(ctx context.Context, backend, accountID, model string) (Resolved, error) {
	a, ok, err := s.Pick(ctx, backend, accountID)
	if err != nil {
		return Resolved{}, err
	}
	if !ok {
		r := Resolved{Backend: backend, Billing: BillingSubscription}
		for _, kv := range agent.KeyEnv(backend) {
			if v, _, err := s.secrets.Lookup(secret.ProviderName(kv.Provider)); err == nil && v != "" {
				r.Billing = BillingAPIKey
			}
		}
		return r, nil
	}
	r := Resolved{ID: a.ID, Name: a.Name, Backend: backend, Billing: BillingSubscription}
	if a.ConfigDir != "" {
		r.Env = append(r.Env, agent.ConfigDirEnv(backend, a.ConfigDir)...)
		if err := makeConfigDirs(r.Env); err != nil {
			return Resolved{}, fmt.Errorf("account %s: create its config directory: %w", a.Name, err)
		}
	}
	key, err := s.key(a)
	if err != nil {
		return Resolved{}, err
	}
	vars := keyVars(backend, model)
	if key != "" {
		r.Billing = BillingAPIKey
		r.Secrets = append(r.Secrets, key)
		for _, v := range vars {
			r.Env = append(r.Env, v+"="+key)
		}
	} else {
		// A subscription account must not bill the global API key that Settings would add.
		for _, kv := range agent.KeyEnv(backend) {
			r.Unset = append(r.Unset, kv.EnvVar)
		}
	}
	for k, v := range a.Env {
		r.Env = append(r.Env, k+"="+v)
	}
	return r, nil
}

// key reads an account's API key: the variable named by apiKeyEnv first (servers without a
// keyring), then the keyring's answer the secret store keeps (a run's start does not wait on
// the keyring).
func (s *Service) key(a Account) (string, error) {
	v, _, err := s.secrets.Lookup(keyName(a))
	switch {
	case err == nil:
		return v, nil
	case errors.Is(err, secret.ErrNotFound):
		if a.APIKeyEnv != "" {
			return "", fmt.Errorf("account %s: its key variable %s is not set and no key is stored", a.Name, a.APIKeyEnv)
		}
		return "", nil
	default:
		return "", fmt.Errorf("account %s: read its key: %w", a.Name, err)
	}
}

// keyVars are the variables an account's key goes into.
func keyVars(backend, model string) []string {
	if backend == agent.OpenCode {
		provider, _, _ := strings.Cut(model, "/")
		switch provider {
		case "anthropic":
			return []string{"ANTHROPIC_API_KEY"}
		case "openai":
			return []string{"OPENAI_API_KEY"}
		case "google":
			return []string{"GOOGLE_GENERATIVE_AI_API_KEY", "GEMINI_API_KEY"}
		}
		return []string{"OPENCODE_API_KEY"}
	}
	var out []string
	for _, kv := range agent.KeyEnv(backend) {
		out = append(out, kv.EnvVar)
	}
	return out
}

// makeConfigDirs creates the directories the config variables point at: codex refuses a
// CODEX_HOME that does not exist.
func makeConfigDirs(env []string) error {
	for _, kv := range env {
		_, dir, _ := strings.Cut(kv, "=")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
	}
	return nil
}
