package pullrequest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/agented/agented/backend/github"
	"github.com/agented/agented/backend/secret"
)

// EnvAPIURL overrides the GitHub API URL setting (GitHub Enterprise Server: https://HOST/api/v3).
const EnvAPIURL = "AGENTED_GITHUB_API_URL"

// apiURLKey is the settings-table key of the API URL.
const apiURLKey = "github_api_url"

// apiURL is the API root to call: the variable, else the setting, else api.github.com.
func (s *Service) apiURL(ctx context.Context) (effective, stored string, fromEnv bool) {
	if s.d.Values != nil {
		if _, err := s.d.Values.Value(ctx, apiURLKey, &stored); err != nil {
			s.log.Warn("read github api url setting", "err", err)
		}
	}
	if env := strings.TrimSpace(s.d.Getenv(EnvAPIURL)); env != "" {
		return strings.TrimRight(env, "/"), stored, true
	}
	if stored != "" {
		return stored, stored, false
	}
	return github.DefaultBaseURL, stored, false
}

// client returns a GitHub client with the current URL and token.
func (s *Service) client(ctx context.Context) *github.Client {
	base, _, _ := s.apiURL(ctx)
	token := ""
	if s.d.Secrets != nil {
		v, _, err := s.d.Secrets.Get(secret.GitHubTokenName())
		if err != nil && !errors.Is(err, secret.ErrNotFound) {
			s.log.Warn("read github token", "err", err)
		}
		token = v
	}
	return github.New(base, token, s.d.HTTP)
}

// GitHubSettings returns Settings → GitHub.
func (s *Service) GitHubSettings(ctx context.Context) GitHubSettings {
	eff, stored, fromEnv := s.apiURL(ctx)
	out := GitHubSettings{APIURL: stored, EffectiveURL: eff, APIURLFromEnv: fromEnv, TokenEnvVar: secret.GitHubTokenName().EnvVar()}
	if s.d.Secrets != nil {
		v, src, err := s.d.Secrets.Get(secret.GitHubTokenName())
		out.TokenSet = err == nil && v != ""
		out.TokenFromEnv = out.TokenSet && src == secret.SourceEnv
	}
	return out
}

// SetAPIURL stores the API URL setting; "" goes back to the default.
func (s *Service) SetAPIURL(ctx context.Context, raw string) (GitHubSettings, error) {
	raw = strings.TrimRight(strings.TrimSpace(raw), "/")
	if raw != "" {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.RawQuery != "" {
			return GitHubSettings{}, fmt.Errorf("%w: apiUrl must be an http(s) URL such as https://api.github.com or https://HOST/api/v3", ErrBadInput)
		}
	}
	if s.d.Values == nil {
		return GitHubSettings{}, errors.New("settings are not available")
	}
	if err := s.d.Values.SetValue(ctx, apiURLKey, raw); err != nil {
		return GitHubSettings{}, err
	}
	return s.GitHubSettings(ctx), nil
}

// SetToken stores the GitHub token in the keyring; "" clears it.
func (s *Service) SetToken(ctx context.Context, token string) (GitHubSettings, error) {
	token = strings.TrimSpace(token)
	if strings.ContainsAny(token, " \t\r\n") || len(token) > 1024 {
		return GitHubSettings{}, fmt.Errorf("%w: token must be one line without spaces", ErrBadInput)
	}
	var err error
	if token == "" {
		err = s.d.Secrets.Delete(secret.GitHubTokenName())
		if errors.Is(err, secret.ErrNotFound) {
			err = nil
		}
	} else {
		err = s.d.Secrets.Set(secret.GitHubTokenName(), token)
	}
	if err != nil {
		return GitHubSettings{}, err
	}
	return s.GitHubSettings(ctx), nil
}
