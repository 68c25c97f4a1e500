package httpserver

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strings"
	"syscall"
)

// Status is what the Settings page shows about the listener. It never holds a secret, only
// whether each one is configured and where it comes from.
type Status struct {
	Enabled           bool   `json:"enabled"`
	Running           bool   `json:"running"`
	Address           string `json:"address"` // the bound address, e.g. 127.0.0.1:20000
	BaseURL           string `json:"baseUrl"`
	GenericWebhookURL string `json:"genericWebhookUrl"`
	GitHubWebhookURL  string `json:"githubWebhookUrl"`
	Error             string `json:"error"` // why it is not running although enabled
	// ListenOverride is set when --listen or AGENTED_LISTEN decides the address, so the UI can
	// say why the stored port is not used.
	ListenOverride string `json:"listenOverride"`

	APIKeyConfigured       bool   `json:"apiKeyConfigured"`
	APIKeySource           string `json:"apiKeySource"` // "keyring" | "env" | ""
	APIKeyEnvVar           string `json:"apiKeyEnvVar"` // the variable that overrides the stored key
	GitHubSecretConfigured bool   `json:"githubSecretConfigured"`
	GitHubSecretSource     string `json:"githubSecretSource"`
	GitHubSecretEnvVar     string `json:"githubSecretEnvVar"` // the variable that overrides the stored secret
	SecretsError           string `json:"secretsError"`       // why the keyring could not be read

	CORSOrigins    []string `json:"corsOrigins"`
	TrustedProxies []string `json:"trustedProxies"`
	// ProxyIPHeader is the header believed from trusted proxies; ProxyIPHeaderOverride is set
	// when AGENTED_PROXY_IP_HEADER decides it rather than the stored setting.
	ProxyIPHeader         string `json:"proxyIpHeader"`
	ProxyIPHeaderOverride string `json:"proxyIpHeaderOverride"`
}

// withURLs fills the address fields from the listener's actual address (which differs from the
// configured one when the port is 0).
func (s *Status) withURLs(addr net.Addr) {
	s.Address = addr.String()
	host, port, err := net.SplitHostPort(s.Address)
	if err != nil {
		return
	}
	// A wildcard bind is reachable on loopback; that is the URL that works on this machine.
	if a, err := netip.ParseAddr(host); err == nil && a.IsUnspecified() {
		host = "127.0.0.1"
		if a.Is6() && !a.Is4In6() {
			host = "::1"
		}
	}
	s.BaseURL = "http://" + net.JoinHostPort(host, port)
	s.GenericWebhookURL = s.BaseURL + "/"
	s.GitHubWebhookURL = s.BaseURL + "/api/webhooks/github"
}

// bindMessage explains a failed bind in words a user can act on.
func bindMessage(addr string, err error, overridden bool) string {
	host, port, splitErr := net.SplitHostPort(addr)
	if splitErr != nil {
		return fmt.Sprintf("cannot listen on %s: %v", addr, err)
	}
	hint := "choose another port in Settings → Listener"
	if overridden {
		hint = "choose another address with --listen or AGENTED_LISTEN"
	}
	text := err.Error()
	switch {
	case errors.Is(err, syscall.EADDRINUSE) || strings.Contains(text, "address already in use") ||
		strings.Contains(text, "Only one usage of each socket address"):
		return fmt.Sprintf("port %s is already in use on %s — %s", port, host, hint)
	case errors.Is(err, os.ErrPermission) || errors.Is(err, syscall.EACCES):
		return fmt.Sprintf("not allowed to listen on port %s on %s (ports below 1024 need administrator rights) — %s", port, host, hint)
	case errors.Is(err, syscall.EADDRNOTAVAIL) || strings.Contains(text, "cannot assign requested address"):
		return fmt.Sprintf("%s is not an address of this machine — choose another bind address", host)
	}
	return fmt.Sprintf("cannot listen on %s: %v", addr, err)
}
