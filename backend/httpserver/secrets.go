package httpserver

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/netip"

	"github.com/agented/agented/backend/apikey"
	"github.com/agented/agented/backend/secret"
)

// SecretStore is the part of *secret.Store the Manager uses.
type SecretStore interface {
	Get(name secret.Name) (string, secret.Source, error)
	State(name secret.Name) secret.State
	Writable(name secret.Name) error
	Set(name secret.Name, value string) error
	Delete(name secret.Name) error
}

var _ SecretStore = (*secret.Store)(nil)

// apiKeyBytes of randomness: 256 bits, far beyond guessing at any request rate.
const apiKeyBytes = 32

// secretState is what the Manager knows about its secrets. Only the API key's value is kept,
// because every request compares against it; reading the keyring per request would add a
// D-Bus round trip (or a 5 s timeout when it is locked) to each one.
type secretState struct {
	apiKeySource secret.Source
	githubSource secret.Source
	unavailable  string
}

func (s secretState) fill(st *Status) {
	st.APIKeyConfigured, st.APIKeySource = s.apiKeySource != secret.SourceNone, string(s.apiKeySource)
	st.GitHubSecretConfigured, st.GitHubSecretSource = s.githubSource != secret.SourceNone, string(s.githubSource)
	st.APIKeyEnvVar, st.GitHubSecretEnvVar = secret.ListenerAPIKeyName().EnvVar(), secret.GitHubWebhookSecretName().EnvVar()
	st.SecretsError = s.unavailable
}

// RefreshSecrets re-reads the API key and whether a GitHub secret exists. The secret setters
// below call it; call it too after changing those secrets any other way.
func (m *Manager) RefreshSecrets() {
	var st secretState
	var key *string
	if m.deps.Secrets != nil {
		v, src, err := m.deps.Secrets.Get(secret.ListenerAPIKeyName())
		if err == nil && v != "" {
			key, st.apiKeySource = &v, src
		} else if err != nil && !errors.Is(err, secret.ErrNotFound) {
			st.unavailable = err.Error()
		}
		// The GitHub secret's value is the webhook handler's business; only its presence is kept.
		st.githubSource = m.deps.Secrets.State(secret.GitHubWebhookSecretName()).Source()
	}
	m.apiKey.Store(key)
	m.secretsMu.Lock()
	m.secrets = st
	m.secretsMu.Unlock()
}

// currentKey is Deps.APIKey for the servers the Manager builds.
func (m *Manager) currentKey() (string, bool) {
	if k := m.apiKey.Load(); k != nil {
		return *k, true
	}
	return "", false
}

// legacyKeyName is the audit log's actor for a key stored before named keys existed.
const legacyKeyName = "listener key"

// currentKeyName is Deps.APIKeyName: the variable's name when the key comes from it.
func (m *Manager) currentKeyName() string {
	m.secretsMu.Lock()
	defer m.secretsMu.Unlock()
	if m.secrets.apiKeySource == secret.SourceEnv {
		return apikey.EnvKeyName
	}
	return legacyKeyName
}

// GenerateAPIKey stores a new random API key in the keyring and returns it, the only time it is
// shown, so the user can copy it. The old key stops working at once.
func (m *Manager) GenerateAPIKey() (string, error) {
	if err := m.writable(secret.ListenerAPIKeyName()); err != nil {
		return "", err
	}
	var b [apiKeyBytes]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("generate api key: %w", err)
	}
	key := base64.RawURLEncoding.EncodeToString(b[:])
	if err := m.deps.Secrets.Set(secret.ListenerAPIKeyName(), key); err != nil {
		return "", fmt.Errorf("store api key: %w", err)
	}
	m.RefreshSecrets()
	m.log.Info("listener api key generated") // never the key itself
	return key, nil
}

// ClearAPIKey deletes the stored API key; /admin and /api then refuse every request (unless
// AGENTED_API_KEY is set).
func (m *Manager) ClearAPIKey() (Status, error) {
	return m.clear(secret.ListenerAPIKeyName(), "api key")
}

// SetGitHubSecret stores the secret GitHub signs deliveries with.
func (m *Manager) SetGitHubSecret(value string) (Status, error) {
	if err := m.writable(secret.GitHubWebhookSecretName()); err != nil {
		return m.Status(), err
	}
	if err := m.deps.Secrets.Set(secret.GitHubWebhookSecretName(), value); err != nil {
		return m.Status(), fmt.Errorf("store github webhook secret: %w", err)
	}
	m.RefreshSecrets()
	return m.Status(), nil
}

// ClearGitHubSecret deletes the stored GitHub secret; every delivery is then rejected.
func (m *Manager) ClearGitHubSecret() (Status, error) {
	return m.clear(secret.GitHubWebhookSecretName(), "github webhook secret")
}

func (m *Manager) clear(name secret.Name, what string) (Status, error) {
	if m.deps.Secrets == nil {
		return m.Status(), fmt.Errorf("delete %s: %w", what, secret.ErrUnavailable)
	}
	if err := m.deps.Secrets.Delete(name); err != nil {
		return m.Status(), fmt.Errorf("delete %s: %w", what, err)
	}
	m.RefreshSecrets()
	return m.Status(), nil
}

// writable refuses to store a secret that its environment variable overrides
// (secret.ErrSetByEnv): the stored value would silently never be used.
func (m *Manager) writable(name secret.Name) error {
	if m.deps.Secrets == nil {
		return secret.ErrUnavailable
	}
	return m.deps.Secrets.Writable(name)
}

func prefixStrings(ps []netip.Prefix) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}
