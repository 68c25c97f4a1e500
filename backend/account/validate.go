package account

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/validation"
)

// Caps of account fields.
const (
	maxName    = 100
	maxEnvVars = 50
	maxEnvLen  = 4 << 10
)

var envNameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// normalize trims text fields so create and update store the same shapes.
func normalize(in *Input) {
	in.Backend = strings.TrimSpace(in.Backend)
	in.Name = strings.TrimSpace(in.Name)
	in.APIKeyEnv = strings.TrimSpace(in.APIKeyEnv)
	in.ConfigDir = strings.TrimSpace(in.ConfigDir)
	if in.ConfigDir != "" && filepath.IsAbs(in.ConfigDir) {
		in.ConfigDir = filepath.Clean(in.ConfigDir)
	}
	if in.Env == nil {
		in.Env = map[string]string{}
	}
}

// validate checks a normalized input. Secrets never go in env: the variables that carry the
// backend's key are refused there (use apiKey or apiKeyEnv), and so are the config-dir variables
// (use configDir) and Agented's own.
func validate(in Input) error {
	errs := validation.New("account")
	if !slices.Contains(agent.Backends, in.Backend) {
		errs.Add("backend", "must be one of "+strings.Join(agent.Backends, ", "))
	}
	switch {
	case in.Name == "":
		errs.Add("name", "is required")
	case len(in.Name) > maxName:
		errs.Add("name", "must be at most 100 characters")
	case strings.IndexFunc(in.Name, unicode.IsControl) >= 0:
		errs.Add("name", "must be a single line without control characters")
	}
	if in.APIKey != nil && *in.APIKey != "" {
		if err := secret.ValidateValue(*in.APIKey); err != nil {
			errs.Add("apiKey", strings.TrimPrefix(err.Error(), secret.ErrInvalid.Error()+": "))
		}
	}
	if in.APIKeyEnv != "" && !envNameRe.MatchString(in.APIKeyEnv) {
		errs.Add("apiKeyEnv", "must be an environment variable name such as ANTHROPIC_API_KEY_WORK")
	}
	if in.ConfigDir != "" {
		switch {
		case !filepath.IsAbs(in.ConfigDir):
			errs.Add("configDir", "must be an absolute path")
		case in.ConfigDir == string(filepath.Separator):
			errs.Add("configDir", "must not be the file system root")
		case strings.ContainsAny(in.ConfigDir, "\x00\r\n"):
			errs.Add("configDir", "must be a single line")
		}
	}
	validateEnv(in, errs)
	return errs.Err()
}

func validateEnv(in Input, errs *validation.Errors) {
	if len(in.Env) > maxEnvVars {
		errs.Add("env", "must hold at most 50 variables")
		return
	}
	reserved := map[string]string{}
	for _, v := range secret.AgentedOnlyEnvVars() {
		reserved[v] = "is Agented's own secret and never reaches a CLI"
	}
	for _, kv := range agent.KeyEnv(in.Backend) {
		reserved[kv.EnvVar] = "carries an API key: put the key in apiKey (stored in the keyring) or name its variable in apiKeyEnv"
	}
	for _, v := range agent.ConfigDirVars(in.Backend) {
		reserved[v] = "is set from configDir"
	}
	keys := make([]string, 0, len(in.Env))
	for k := range in.Env {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := in.Env[k]
		switch {
		case !envNameRe.MatchString(k):
			errs.Add("env", "variable name "+quote(k)+" must be letters, digits and _ (not starting with a digit)")
		case reserved[k] != "":
			errs.Add("env", k+" "+reserved[k])
		case strings.ContainsAny(v, "\x00\r\n"):
			errs.Add("env", k+" must be a single line")
		case len(v) > maxEnvLen:
			errs.Add("env", k+" is longer than 4 KiB")
		}
	}
}

func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return `"` + s + `"`
}
