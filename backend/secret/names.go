package secret

import "slices"

// Name identifies one secret: the keyring item it is stored under and the environment variable
// that overrides it. Only this package builds names, so every item follows one scheme,
// "<kind>:<id>" under the service Service:
//
//	provider:<id>                 a built-in provider key (provider:anthropic) or a custom key (provider:OPENROUTER_API_KEY)
//	account:<account id>          an account's API key
//	trigger:webhook-secret:<id>   a webhook trigger's signing secret
//	project:token:<id>            the access token a project's repository is cloned with
//	listener:api-key              the listener's X-API-Key
//	github:webhook-secret         the GitHub webhook signing secret
//	github:token                  the token pull request reviews call the GitHub API with
//	sentry:dsn                    the crash-reporting DSN
//
// These item names are what users' keyrings already hold: changing one means reading the old
// item too (and moving it), or every stored key of that kind is lost on upgrade.
type Name struct {
	item string // the keyring "user" attribute
	env  string // the variable whose value wins over the keyring; "" when none does
}

// Item is the keyring item name, safe to log: it never contains the value.
func (n Name) Item() string { return n.item }

// EnvVar is the environment variable that overrides this secret, or "" when none does.
func (n Name) EnvVar() string { return n.env }

// String is the item name, so a Name logs as what a user sees in their keyring manager.
func (n Name) String() string { return n.item }

// SentryDSNName is the crash-reporting DSN (a DSN lets anyone post events to the project).
func SentryDSNName() Name { return Name{item: "sentry:dsn", env: "SENTRY_DSN"} }

// ListenerAPIKeyName guards /admin and /api of the HTTP listener (X-API-Key).
func ListenerAPIKeyName() Name { return Name{item: "listener:api-key", env: "AGENTED_API_KEY"} }

// GitHubWebhookSecretName signs GitHub deliveries (X-Hub-Signature-256).
func GitHubWebhookSecretName() Name {
	return Name{item: "github:webhook-secret", env: "GITHUB_WEBHOOK_SECRET"}
}

// GitHubTokenName is the token Agented calls the GitHub API with (polling pull requests, writing
// review comments); GITHUB_TOKEN overrides it.
func GitHubTokenName() Name { return Name{item: "github:token", env: "GITHUB_TOKEN"} }

// TriggerWebhookSecretName is a webhook trigger's HMAC secret. No variable overrides it: a server
// without a keyring cannot have per-trigger secrets, and says so when one is set.
func TriggerWebhookSecretName(triggerID string) Name {
	return Name{item: "trigger:webhook-secret:" + triggerID}
}

// ProviderName is the key of a built-in provider ("anthropic", "openai", "google"), overridden by
// its variable (ANTHROPIC_API_KEY), or of a custom key, whose id is the variable a CLI reads it
// from and which that same variable overrides.
func ProviderName(id string) Name {
	n := Name{item: "provider:" + id, env: id}
	if p, ok := builtin(id); ok {
		n.env = p.EnvVar
	}
	return n
}

// AccountKeyName is an account's API key. envVar is the variable the account names to hold its key
// instead ("" for none): a server without a keyring keeps each account's key in its own variable.
func AccountKeyName(accountID, envVar string) Name {
	return Name{item: "account:" + accountID, env: envVar}
}

// ProjectTokenName is the access token a project's private repository is cloned and fetched
// with. No variable overrides it: each project has its own.
func ProjectTokenName(projectID string) Name {
	return Name{item: "project:token:" + projectID}
}

// Provider is a built-in API key slot.
type Provider struct {
	ID      string
	Label   string
	EnvVar  string
	Aliases []string // other variables the same key is given as (codex exec reads CODEX_API_KEY)
}

// Providers are the built-in key slots, one per model vendor the four CLIs use.
var Providers = []Provider{
	{ID: "anthropic", Label: "Anthropic", EnvVar: "ANTHROPIC_API_KEY"},
	{ID: "openai", Label: "OpenAI", EnvVar: "OPENAI_API_KEY", Aliases: []string{"CODEX_API_KEY"}},
	{ID: "google", Label: "Google (Gemini)", EnvVar: "GEMINI_API_KEY"},
}

func builtin(id string) (Provider, bool) {
	i := slices.IndexFunc(Providers, func(p Provider) bool { return p.ID == id })
	if i < 0 {
		return Provider{}, false
	}
	return Providers[i], true
}

// wellKnown are the secrets that exist whatever the user configured: each has a fixed variable,
// which is what a server without a keyring is told to set.
func wellKnown() []Name {
	out := []Name{ListenerAPIKeyName(), GitHubWebhookSecretName(), GitHubTokenName(), SentryDSNName()}
	for _, p := range Providers {
		out = append(out, ProviderName(p.ID))
	}
	return out
}

// AgentedOnlyEnvVars are the variables that unlock Agented itself (the listener's key, the
// GitHub secret, the DSN): a CLI run by Agented must never see them.
func AgentedOnlyEnvVars() []string {
	return []string{ListenerAPIKeyName().env, GitHubWebhookSecretName().env, SentryDSNName().env}
}
