package httpserver

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/agented/agented/backend/settings"
)

func TestEnvConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		env     map[string]string
		want    string // fmt of the parsed overrides
		wantErr []string
	}{
		{"nothing set", nil, "{ [] []  false}", nil},
		{"all set", map[string]string{
			"AGENTED_LISTEN":          "0.0.0.0:8080",
			"AGENTED_CORS_ORIGINS":    " https://CI.example.com/ , http://localhost:5173,",
			"AGENTED_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.1",
			"AGENTED_PROXY_IP_HEADER": " x-real-ip ",
		}, "{0.0.0.0:8080 [https://ci.example.com http://localhost:5173] [10.0.0.0/8 192.168.1.1/32] X-Real-IP false}", nil},
		{"blank lists do not override", map[string]string{"AGENTED_CORS_ORIGINS": "  ", "AGENTED_TRUSTED_PROXIES": "",
			"AGENTED_PROXY_IP_HEADER": " "}, "{ [] []  false}", nil},
		{"every bad value named", map[string]string{
			"AGENTED_LISTEN":          "20000",
			"AGENTED_CORS_ORIGINS":    "ci.example.com,*",
			"AGENTED_TRUSTED_PROXIES": "10.0.0.x,10.0.0.0/8",
			"AGENTED_PROXY_IP_HEADER": "X-Forwarded-For,X-Real-IP",
		}, "", []string{"AGENTED_LISTEN", `"20000" must be host:port`, "AGENTED_CORS_ORIGINS", "wildcards", "AGENTED_TRUSTED_PROXIES", "10.0.0.x",
			`AGENTED_PROXY_IP_HEADER: "X-Forwarded-For,X-Real-IP" is not supported: use X-Forwarded-For or X-Real-IP`}},
		{"listen with a host name", map[string]string{"AGENTED_LISTEN": "example.com:80"}, "", []string{"IP address or localhost"}},
		{"listen port out of range", map[string]string{"AGENTED_LISTEN": "127.0.0.1:70000"}, "", []string{"invalid port"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o, err := EnvConfig(func(k string) string { return tt.env[k] })
			if tt.wantErr == nil {
				if err != nil {
					t.Fatal(err)
				}
				if got := fmt.Sprint(o); got != tt.want {
					t.Fatalf("got %s, want %s", got, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestConfigFromPrefersOverrides(t *testing.T) {
	t.Parallel()
	l := settings.DefaultListener()
	l.Port, l.APIRatePerMinute, l.GitHubSignedPerMinute, l.WebhookRatePer10s = 9000, 42, 1200, 7
	l.CORSOrigins, l.TrustedProxies = []string{"https://stored.example"}, []string{"10.0.0.1"}

	cfg, addr, err := ConfigFrom(l, Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	if addr != "127.0.0.1:9000" || cfg.APILimit.Requests != 42 || cfg.GitHubSignedLimit.Requests != 1200 || cfg.GenericLimit.Requests != 7 ||
		fmt.Sprint(cfg.CORSOrigins, cfg.TrustedProxies) != "[https://stored.example] [10.0.0.1/32]" {
		t.Fatalf("from settings: %s %+v", addr, cfg)
	}
	if cfg.ProxyIPHeader != settings.HeaderXForwardedFor {
		t.Fatalf("client-IP header %q, want the default", cfg.ProxyIPHeader)
	}
	l.ProxyIPHeader = settings.HeaderXRealIP
	if cfg, _, _ = ConfigFrom(l, Overrides{}); cfg.ProxyIPHeader != settings.HeaderXRealIP {
		t.Fatalf("client-IP header %q, want the stored X-Real-IP", cfg.ProxyIPHeader)
	}
	if cfg.GenericLimit.Window != 10*time.Second || cfg.GitHubFailedLimit.Requests != 30 || cfg.BodyLimit != 10<<20 {
		t.Fatalf("fixed limits changed: %+v", cfg)
	}

	o, err := EnvConfig(func(k string) string {
		return map[string]string{"AGENTED_LISTEN": "[::1]:0", "AGENTED_CORS_ORIGINS": "https://env.example", "AGENTED_TRUSTED_PROXIES": "fd00::/8",
			"AGENTED_PROXY_IP_HEADER": "X-Forwarded-For"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg, addr, _ = ConfigFrom(l, o)
	if addr != "[::1]:0" || fmt.Sprintln(cfg.CORSOrigins, cfg.TrustedProxies, cfg.ProxyIPHeader) != "[https://env.example] [fd00::/8] X-Forwarded-For\n" {
		t.Fatalf("with overrides: %s %+v", addr, cfg)
	}
}

func TestBindMessage(t *testing.T) {
	t.Parallel()
	opErr := func(errno error) error { return &net.OpError{Op: "listen", Net: "tcp", Err: errno} }
	tests := []struct {
		name       string
		err        error
		overridden bool
		want       string
	}{
		{"in use", opErr(syscall.EADDRINUSE), false, "port 20000 is already in use on 127.0.0.1 — choose another port in Settings → Listener"},
		{"in use, serve mode", opErr(syscall.EADDRINUSE), true, "port 20000 is already in use on 127.0.0.1 — choose another address with --listen or AGENTED_LISTEN"},
		{"permission", opErr(syscall.EACCES), false, "not allowed to listen on port 20000"},
		{"foreign address", opErr(syscall.EADDRNOTAVAIL), false, "127.0.0.1 is not an address of this machine"},
		{"other", errors.New("boom"), false, "cannot listen on 127.0.0.1:20000: boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := bindMessage("127.0.0.1:20000", tt.err, tt.overridden); !strings.HasPrefix(got, tt.want) {
				t.Fatalf("got %q, want prefix %q", got, tt.want)
			}
		})
	}
}

func TestZeroConfigGetsTheDefaultLimits(t *testing.T) {
	t.Parallel()
	got := Config{}.withDefaults()
	want := DefaultConfig()
	want.BodyReadTimeout = 0 // zero is a valid choice there: no body deadline
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}
