package settings

import (
	"context"
	"database/sql"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"github.com/agented/agented/backend/validation"
)

// keyListener holds the whole Listener as one JSON object: its fields are only meaningful
// together (a port without its bind address), so they are saved and read as a unit.
const keyListener = "listener"

// Listener is the HTTP listener's persisted, non-secret configuration. The API key and the
// GitHub webhook secret live in the keyring, never here.
type Listener struct {
	Enabled               bool     `json:"enabled"`
	BindAddress           string   `json:"bindAddress"`           // an IP or "localhost"; default 127.0.0.1
	Port                  int      `json:"port"`                  // 1..65535; default 20000
	CORSOrigins           []string `json:"corsOrigins"`           // exact origins, scheme://host[:port]
	TrustedProxies        []string `json:"trustedProxies"`        // IPs or CIDRs whose forwarded headers are believed
	ProxyIPHeader         string   `json:"proxyIpHeader"`         // the one header naming the client behind a trusted proxy
	APIRatePerMinute      int      `json:"apiRatePerMinute"`      // per client IP on /admin and /api; default 300
	GitHubSignedPerMinute int      `json:"githubSignedPerMinute"` // ceiling for correctly signed deliveries; default 600
	WebhookRatePer10s     int      `json:"webhookRatePer10s"`     // POST / per client IP per 10 s; default 20
}

// The headers a trusted proxy can name the client in. Only the configured one is believed: a
// proxy sets its own header but passes the other through untouched, so believing both would
// let any client behind it pick its address, and dodge the per-IP limits, by sending the other.
const (
	HeaderXForwardedFor = "X-Forwarded-For"
	HeaderXRealIP       = "X-Real-IP"
)

// Rate bounds shared by the rate settings.
const (
	minRatePerMinute = 1
	maxRatePerMinute = 100000
)

// DefaultListener returns the configuration of a fresh install: off, loopback only.
func DefaultListener() Listener {
	return Listener{
		BindAddress:           "127.0.0.1",
		Port:                  20000,
		CORSOrigins:           []string{},
		TrustedProxies:        []string{},
		ProxyIPHeader:         HeaderXForwardedFor,
		APIRatePerMinute:      300,
		GitHubSignedPerMinute: 600,
		WebhookRatePer10s:     20,
	}
}

// Listener returns the stored listener configuration over the defaults. It reads SQLite on each
// call (it is needed only at start-up and when the Settings page opens, so no cache is kept); a
// read error or a hand-edited invalid field falls back to the default and is logged.
func (s *Service) Listener() Listener {
	l := DefaultListener()
	if _, err := s.getJSON(context.Background(), keyListener, &l); err != nil {
		s.log.Warn("read listener settings, using defaults", "err", err)
		return DefaultListener()
	}
	l = NormalizeListener(l)
	if errs := ValidateListener(l); errs != nil {
		s.log.Warn("stored listener settings invalid, using defaults for bad fields", "errors", errs.Error())
		l = repairListener(l, errs)
	}
	return l
}

// UpdateListener normalises, validates and stores the listener configuration. On a validation
// error it returns the stored configuration and a *validation.Errors naming each bad field.
func (s *Service) UpdateListener(ctx context.Context, in Listener) (Listener, error) {
	in = NormalizeListener(in)
	if errs := ValidateListener(in); errs != nil {
		return s.Listener(), errs
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error { return putJSON(ctx, tx, keyListener, in) })
	if err != nil {
		return s.Listener(), fmt.Errorf("save listener settings: %w", err)
	}
	s.log.InfoContext(ctx, "listener settings updated", "enabled", in.Enabled, "bind", in.BindAddress, "port", in.Port,
		"cors_origins", len(in.CORSOrigins), "trusted_proxies", len(in.TrustedProxies), "proxy_ip_header", in.ProxyIPHeader)
	return in, nil
}

// NormalizeListener trims what users paste: spaces, empty list entries and a trailing slash or
// upper case in an origin (browsers send origins lower-case and without a path, so a stored
// "https://CI.example.com/" would otherwise never match).
func NormalizeListener(l Listener) Listener {
	l.BindAddress = strings.TrimSpace(l.BindAddress)
	l.CORSOrigins = cleanList(l.CORSOrigins, func(s string) string {
		return strings.ToLower(strings.TrimSuffix(s, "/"))
	})
	l.TrustedProxies = cleanList(l.TrustedProxies, func(s string) string { return s })
	// Zero is what a configuration saved before the setting existed holds.
	if l.WebhookRatePer10s == 0 {
		l.WebhookRatePer10s = DefaultListener().WebhookRatePer10s
	}
	// Empty is what a configuration saved before the setting existed holds.
	if h := strings.TrimSpace(l.ProxyIPHeader); h == "" {
		l.ProxyIPHeader = HeaderXForwardedFor
	} else if canon, err := CheckProxyIPHeader(h); err == nil {
		l.ProxyIPHeader = canon
	}
	return l
}

func cleanList(in []string, norm func(string) string) []string {
	out := make([]string, 0, len(in))
	for _, v := range in {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, norm(v))
		}
	}
	return out
}

// ValidateListener checks every field and returns nil when all are valid.
func ValidateListener(l Listener) *validation.Errors {
	errs := validation.New("listener settings")
	if l.BindAddress != "localhost" {
		if _, err := netip.ParseAddr(l.BindAddress); err != nil {
			errs.Add("bindAddress", "must be an IP address (e.g. 127.0.0.1 or 0.0.0.0) or localhost")
		}
	}
	if l.Port < 1 || l.Port > 65535 {
		errs.Add("port", "must be between 1 and 65535")
	}
	for _, o := range l.CORSOrigins {
		if err := CheckOrigin(o); err != nil {
			errs.Add("corsOrigins", err.Error())
		}
	}
	for _, p := range l.TrustedProxies {
		if _, err := ParseTrustedProxy(p); err != nil {
			errs.Add("trustedProxies", err.Error())
		}
	}
	if _, err := CheckProxyIPHeader(l.ProxyIPHeader); err != nil {
		errs.Add("proxyIpHeader", err.Error())
	}
	for field, v := range map[string]int{"apiRatePerMinute": l.APIRatePerMinute, "githubSignedPerMinute": l.GitHubSignedPerMinute, "webhookRatePer10s": l.WebhookRatePer10s} {
		if v < minRatePerMinute || v > maxRatePerMinute {
			errs.Add(field, fmt.Sprintf("must be between %d and %d", minRatePerMinute, maxRatePerMinute))
		}
	}
	if len(errs.Fields) == 0 {
		return nil
	}
	return errs
}

// CheckOrigin accepts exactly what a browser sends in the Origin header: scheme://host[:port],
// nothing else. Wildcards are refused on purpose: the allowlist guards an API that can start
// agents, so each origin must be named.
func CheckOrigin(o string) error {
	if strings.Contains(o, "*") {
		return fmt.Errorf("%q: wildcards are not allowed, list each origin", o)
	}
	u, err := url.Parse(o)
	if err != nil || u.Scheme == "" || u.Host == "" || u.Opaque != "" || u.User != nil ||
		u.Path != "" || u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(o, "?") || strings.HasSuffix(o, "#") {
		return fmt.Errorf("%q must look like scheme://host[:port], e.g. https://ci.example.com", o)
	}
	if o != strings.ToLower(o) {
		return fmt.Errorf("%q must be lower-case", o)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("%q has an invalid port", o)
		}
	} else if strings.HasSuffix(u.Host, ":") {
		return fmt.Errorf("%q has an empty port", o)
	}
	return nil
}

// CheckProxyIPHeader returns the canonical spelling of a client-IP header name, which is matched
// case-insensitively like every header name, or an error naming the choices.
func CheckProxyIPHeader(s string) (string, error) {
	for _, h := range []string{HeaderXForwardedFor, HeaderXRealIP} {
		if strings.EqualFold(strings.TrimSpace(s), h) {
			return h, nil
		}
	}
	return "", fmt.Errorf("%q is not supported: use %s or %s", s, HeaderXForwardedFor, HeaderXRealIP)
}

// ParseTrustedProxy parses one trusted-proxy entry: a single IP (as a /32 or /128) or a CIDR.
func ParseTrustedProxy(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("%q is not a valid CIDR (e.g. 10.0.0.0/8)", s)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, fmt.Errorf("%q is not an IP address or CIDR", s)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// repairListener replaces each invalid field with its default, so one bad value stored by hand
// does not turn the whole listener off.
func repairListener(l Listener, errs *validation.Errors) Listener {
	d := DefaultListener()
	for field := range errs.Fields {
		switch field {
		case "bindAddress":
			l.BindAddress = d.BindAddress
		case "port":
			l.Port = d.Port
		case "corsOrigins":
			l.CORSOrigins = d.CORSOrigins
		case "trustedProxies":
			l.TrustedProxies = d.TrustedProxies
		case "proxyIpHeader":
			l.ProxyIPHeader = d.ProxyIPHeader
		case "apiRatePerMinute":
			l.APIRatePerMinute = d.APIRatePerMinute
		case "githubSignedPerMinute":
			l.GitHubSignedPerMinute = d.GitHubSignedPerMinute
		case "webhookRatePer10s":
			l.WebhookRatePer10s = d.WebhookRatePer10s
		}
	}
	return l
}
