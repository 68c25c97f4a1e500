package httpserver

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/agented/agented/backend/settings"
)

// Limit is "at most Requests per Window" for one client IP.
type Limit struct {
	Requests int
	Window   time.Duration
}

// Config is what New needs per request. Build it with ConfigFrom; DefaultConfig is for tests and
// for serve mode before settings are read.
type Config struct {
	CORSOrigins    []string       // exact Origin values that get Access-Control-Allow-Origin
	TrustedProxies []netip.Prefix // peers whose X-Forwarded-* headers are believed
	ProxyIPHeader  string         // the header naming the client behind them: settings.HeaderXForwardedFor or HeaderXRealIP

	GenericLimit      Limit     // POST /
	GitHubFailedLimit Limit     // deliveries that failed the signature check
	GitHubSignedLimit Limit     // correctly signed deliveries (a generous ceiling)
	APILimit          Limit     // everything under /admin and /api
	Admission         Admission // webhook deliveries handled at once (zero fields: DefaultAdmission)

	BodyLimit        int64         // bytes; larger bodies get 413
	BodyReadTimeout  time.Duration // how long a client may take to send its body
	ReadinessTimeout time.Duration // bound on deps.Readiness so a stuck check cannot hang probes

	maxTracked int // clients each rate limit tracks; 0 means maxTrackedClients (tests set less)
}

// DefaultBodyLimit is the largest request body accepted.
const DefaultBodyLimit = 10 << 20

// DefaultConfig returns the documented limits (README, HTTP listener) with no CORS origins and no trusted proxies.
func DefaultConfig() Config {
	return Config{
		GenericLimit:      Limit{Requests: 20, Window: 10 * time.Second},
		GitHubFailedLimit: Limit{Requests: 30, Window: time.Minute},
		GitHubSignedLimit: Limit{Requests: 600, Window: time.Minute},
		APILimit:          Limit{Requests: 300, Window: time.Minute},
		BodyLimit:         DefaultBodyLimit,
		BodyReadTimeout:   time.Minute,
		ReadinessTimeout:  5 * time.Second,
		ProxyIPHeader:     settings.HeaderXForwardedFor,
		Admission:         DefaultAdmission(),
		maxTracked:        maxTrackedClients,
	}
}

// withDefaults fills zero fields from DefaultConfig. A zero limit would refuse every request and
// a zero body limit every body, which is never what a caller that forgot a field meant.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	for _, f := range []struct{ got, def *Limit }{
		{&c.GenericLimit, &d.GenericLimit}, {&c.GitHubFailedLimit, &d.GitHubFailedLimit},
		{&c.GitHubSignedLimit, &d.GitHubSignedLimit}, {&c.APILimit, &d.APILimit},
	} {
		if f.got.Requests <= 0 || f.got.Window <= 0 {
			*f.got = *f.def
		}
	}
	if c.BodyLimit <= 0 {
		c.BodyLimit = d.BodyLimit
	}
	if c.Admission.InFlight <= 0 {
		c.Admission.InFlight = d.Admission.InFlight
	}
	if c.Admission.Wait <= 0 {
		c.Admission.Wait = d.Admission.Wait
	}
	if c.Admission.Budget <= 0 {
		c.Admission.Budget = d.Admission.Budget
	}
	if c.ReadinessTimeout <= 0 {
		c.ReadinessTimeout = d.ReadinessTimeout
	}
	if c.ProxyIPHeader == "" {
		c.ProxyIPHeader = d.ProxyIPHeader
	}
	if c.maxTracked <= 0 {
		c.maxTracked = maxTrackedClients
	}
	return c // BodyReadTimeout 0 is allowed: it turns the body deadline off
}

// Overrides are the command-line and environment values that beat the stored settings
// (flag > environment > settings > default). A nil slice means "not overridden".
type Overrides struct {
	Listen         string         // host:port from --listen or AGENTED_LISTEN
	CORSOrigins    []string       // AGENTED_CORS_ORIGINS
	TrustedProxies []netip.Prefix // AGENTED_TRUSTED_PROXIES
	ProxyIPHeader  string         // AGENTED_PROXY_IP_HEADER, canonical spelling; "" means not overridden
	ForceEnabled   bool           // agented serve: the listener is on whatever the setting says
}

// EnvConfig reads AGENTED_LISTEN, AGENTED_CORS_ORIGINS, AGENTED_TRUSTED_PROXIES and
// AGENTED_PROXY_IP_HEADER. Every bad
// value is reported, naming its variable, so a server fails at start rather than running with
// a half-applied configuration.
func EnvConfig(getenv func(string) string) (Overrides, error) {
	var o Overrides
	var errs []error
	if v := strings.TrimSpace(getenv("AGENTED_LISTEN")); v != "" {
		if err := CheckListen(v); err != nil {
			errs = append(errs, fmt.Errorf("AGENTED_LISTEN: %w", err))
		}
		o.Listen = v
	}
	if v, ok := envList(getenv, "AGENTED_CORS_ORIGINS"); ok {
		norm := settings.NormalizeListener(settings.Listener{CORSOrigins: v}).CORSOrigins
		for _, origin := range norm {
			if err := settings.CheckOrigin(origin); err != nil {
				errs = append(errs, fmt.Errorf("AGENTED_CORS_ORIGINS: %w", err))
			}
		}
		o.CORSOrigins = norm
	}
	if v, ok := envList(getenv, "AGENTED_TRUSTED_PROXIES"); ok {
		nets, err := parseProxies(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("AGENTED_TRUSTED_PROXIES: %w", err))
		}
		o.TrustedProxies = nets
	}
	if v := strings.TrimSpace(getenv("AGENTED_PROXY_IP_HEADER")); v != "" {
		h, err := settings.CheckProxyIPHeader(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("AGENTED_PROXY_IP_HEADER: %w", err))
		}
		o.ProxyIPHeader = h
	}
	return o, errors.Join(errs...)
}

// CheckListen validates a host:port listen address; port 0 (pick a free port) is allowed.
func CheckListen(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q must be host:port, e.g. 127.0.0.1:20000", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%q has an invalid port", addr)
	}
	if host != "" && host != "localhost" {
		if _, err := netip.ParseAddr(host); err != nil {
			return fmt.Errorf("%q: host must be an IP address or localhost", addr)
		}
	}
	return nil
}

// envList returns the comma-separated entries of name; ok is false when the variable is unset
// or blank, so an empty variable does not wipe the stored list.
func envList(getenv func(string) string, name string) ([]string, bool) {
	raw := strings.TrimSpace(getenv(name))
	if raw == "" {
		return nil, false
	}
	var out []string
	for _, part := range strings.Split(raw, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out, true
}

func parseProxies(in []string) ([]netip.Prefix, error) {
	out := make([]netip.Prefix, 0, len(in))
	var errs []error
	for _, s := range in {
		p, err := settings.ParseTrustedProxy(s)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, p)
	}
	return out, errors.Join(errs...)
}

// ConfigFrom merges stored settings and overrides into a Config, and returns the address to
// listen on.
func ConfigFrom(l settings.Listener, o Overrides) (Config, string, error) {
	cfg := DefaultConfig()
	cfg.CORSOrigins = l.CORSOrigins
	if o.CORSOrigins != nil {
		cfg.CORSOrigins = o.CORSOrigins
	}
	cfg.TrustedProxies = o.TrustedProxies
	if o.TrustedProxies == nil {
		nets, err := parseProxies(l.TrustedProxies)
		if err != nil {
			return cfg, "", fmt.Errorf("trusted proxies: %w", err)
		}
		cfg.TrustedProxies = nets
	}
	cfg.ProxyIPHeader = settings.NormalizeListener(settings.Listener{ProxyIPHeader: l.ProxyIPHeader}).ProxyIPHeader
	if o.ProxyIPHeader != "" {
		cfg.ProxyIPHeader = o.ProxyIPHeader
	}
	if _, err := settings.CheckProxyIPHeader(cfg.ProxyIPHeader); err != nil {
		return cfg, "", fmt.Errorf("client-IP header: %w", err)
	}
	if l.APIRatePerMinute > 0 {
		cfg.APILimit.Requests = l.APIRatePerMinute
	}
	if l.WebhookRatePer10s > 0 {
		cfg.GenericLimit.Requests = l.WebhookRatePer10s
	}
	if l.GitHubSignedPerMinute > 0 {
		cfg.GitHubSignedLimit.Requests = l.GitHubSignedPerMinute
	}
	addr := net.JoinHostPort(l.BindAddress, strconv.Itoa(l.Port))
	if o.Listen != "" {
		addr = o.Listen
	}
	return cfg, addr, nil
}
