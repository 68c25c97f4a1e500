package execution

import (
	"context"
	"os"
	"strings"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/shellenv"
)

// SecretGetter reads a secret by name (env override first, then the keyring, whose answers it
// may keep: a run's start must not wait on a keyring round trip per key).
type SecretGetter interface {
	Lookup(name secret.Name) (string, secret.Source, error)
}

// KeyNames lists the user's free-form keys.
type KeyNames interface {
	CustomKeyNames(ctx context.Context) ([]string, error)
}

// ChildEnv builds a run's environment: this process's environment, overlaid with the login
// shell's (a launcher-started app has a minimal one), PATH merged, Agented's own secrets removed,
// and the provider keys of the run's backend added from the keyring — only in the child.
type ChildEnv struct {
	LoginEnv func(ctx context.Context) map[string]string
	Secrets  SecretGetter
	Names    KeyNames
	// KeyVars lists a backend's key variables (agent.KeyEnv).
	KeyVars func(backend string) []agent.KeyVar
}

// Build implements EnvBuilder.
func (c *ChildEnv) Build(ctx context.Context, backend string) ([]string, []string) {
	env := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	processPath := env["PATH"]
	if c.LoginEnv != nil {
		for k, v := range c.LoginEnv(ctx) {
			switch k {
			case "PWD", "OLDPWD", "SHLVL", "_":
				continue
			}
			if _, set := env[k]; !set {
				env[k] = v
			}
		}
		env["PATH"] = shellenv.MergePath(processPath, c.LoginEnv(ctx)["PATH"])
	}
	for _, k := range secret.AgentedOnlyEnvVars() { // they unlock Agented itself
		delete(env, k)
	}
	var secrets []string
	for _, kv := range c.KeyVars(backend) {
		v, _, err := c.Secrets.Lookup(secret.ProviderName(kv.Provider))
		if err == nil && v != "" {
			env[kv.EnvVar] = v
			secrets = append(secrets, v)
		}
	}
	if c.Names != nil {
		names, _ := c.Names.CustomKeyNames(ctx)
		for _, n := range names {
			if v, _, err := c.Secrets.Lookup(secret.ProviderName(n)); err == nil && v != "" {
				env[n] = v
				secrets = append(secrets, v)
			}
		}
	}
	out := make([]string, 0, len(env))
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	return out, secrets
}
