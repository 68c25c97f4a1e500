package settings

import (
	"context"
	"database/sql"
	"errors"
	"reflect"
	"testing"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/validation"
)

func TestListenerDefaultsOnFreshStore(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	if got := s.Listener(); !reflect.DeepEqual(got, DefaultListener()) {
		t.Fatalf("got %+v, want %+v", got, DefaultListener())
	}
}

func TestUpdateListenerPersistsAcrossRestartAndNormalises(t *testing.T) {
	t.Parallel()
	d := testutil.OpenDB(t)
	ctx := context.Background()
	s, err := New(ctx, d, &events.Recorder{}, logging.Discard())
	if err != nil {
		t.Fatal(err)
	}
	in := Listener{
		Enabled: true, BindAddress: " 0.0.0.0 ", Port: 8080,
		CORSOrigins:      []string{"https://CI.example.com/", " ", "http://localhost:5173"},
		TrustedProxies:   []string{"10.0.0.0/8", "192.168.1.7", "::1"},
		ProxyIPHeader:    " x-real-ip ",
		APIRatePerMinute: 60, GitHubSignedPerMinute: 1000,
	}
	saved, err := s.UpdateListener(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	want := in
	want.BindAddress = "0.0.0.0"
	want.CORSOrigins = []string{"https://ci.example.com", "http://localhost:5173"}
	want.ProxyIPHeader = HeaderXRealIP
	want.WebhookRatePer10s = 20 // left out: the default
	if !reflect.DeepEqual(saved, want) {
		t.Fatalf("saved %+v, want %+v", saved, want)
	}
	again, err := New(ctx, d, &events.Recorder{}, logging.Discard())
	if err != nil {
		t.Fatal(err)
	}
	if got := again.Listener(); !reflect.DeepEqual(got, want) {
		t.Fatalf("after restart %+v, want %+v", got, want)
	}
	if again.Get() != Defaults() {
		t.Fatal("listener settings leaked into Settings")
	}
}

func TestUpdateListenerRejectsInvalidFields(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mutate func(*Listener)
		field  string
	}{
		{"port zero", func(l *Listener) { l.Port = 0 }, "port"},
		{"port too big", func(l *Listener) { l.Port = 65536 }, "port"},
		{"host name bind", func(l *Listener) { l.BindAddress = "example.com" }, "bindAddress"},
		{"empty bind", func(l *Listener) { l.BindAddress = "" }, "bindAddress"},
		{"origin with path", func(l *Listener) { l.CORSOrigins = []string{"https://a.example/app"} }, "corsOrigins"},
		{"origin without scheme", func(l *Listener) { l.CORSOrigins = []string{"a.example:443"} }, "corsOrigins"},
		{"wildcard origin", func(l *Listener) { l.CORSOrigins = []string{"*"} }, "corsOrigins"},
		{"origin bad port", func(l *Listener) { l.CORSOrigins = []string{"http://a.example:99999"} }, "corsOrigins"},
		{"origin with query", func(l *Listener) { l.CORSOrigins = []string{"http://a.example?x=1"} }, "corsOrigins"},
		{"origin with user", func(l *Listener) { l.CORSOrigins = []string{"http://u@a.example"} }, "corsOrigins"},
		{"proxy garbage", func(l *Listener) { l.TrustedProxies = []string{"10.0.0.x"} }, "trustedProxies"},
		{"proxy bad cidr", func(l *Listener) { l.TrustedProxies = []string{"10.0.0.0/33"} }, "trustedProxies"},
		{"api rate zero", func(l *Listener) { l.APIRatePerMinute = 0 }, "apiRatePerMinute"},
		{"signed rate huge", func(l *Listener) { l.GitHubSignedPerMinute = 100001 }, "githubSignedPerMinute"},
		{"unknown client-IP header", func(l *Listener) { l.ProxyIPHeader = "X-Client-IP" }, "proxyIpHeader"},
		{"both client-IP headers", func(l *Listener) { l.ProxyIPHeader = "X-Forwarded-For, X-Real-IP" }, "proxyIpHeader"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := newTestService(t)
			in := DefaultListener()
			tt.mutate(&in)
			got, err := s.UpdateListener(context.Background(), in)
			var fe *validation.Errors
			if !errors.As(err, &fe) || fe.Fields[tt.field] == "" {
				t.Fatalf("err = %v, want a message for %s", err, tt.field)
			}
			if len(fe.Fields) != 1 {
				t.Errorf("unrelated fields flagged: %v", fe.Fields)
			}
			if !reflect.DeepEqual(got, DefaultListener()) {
				t.Fatalf("returned %+v, want the stored defaults", got)
			}
		})
	}
}

func TestValidListenerEdgeValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mutate func(*Listener)
	}{
		{"localhost bind", func(l *Listener) { l.BindAddress = "localhost" }},
		{"ipv6 bind", func(l *Listener) { l.BindAddress = "::1" }},
		{"max port and rates", func(l *Listener) { l.Port, l.APIRatePerMinute, l.GitHubSignedPerMinute = 65535, 100000, 1 }},
		{"custom scheme origin", func(l *Listener) { l.CORSOrigins = []string{"wails://wails", "http://[::1]:3000"} }},
		{"ipv6 cidr proxy", func(l *Listener) { l.TrustedProxies = []string{"fd00::/8", "2001:db8::1"} }},
		{"x-real-ip", func(l *Listener) { l.ProxyIPHeader = "X-Real-IP" }},
		{"header in any case", func(l *Listener) { l.ProxyIPHeader = "x-forwarded-for" }},
		{"header unset (saved by an older version)", func(l *Listener) { l.ProxyIPHeader = "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l := DefaultListener()
			tt.mutate(&l)
			if errs := ValidateListener(NormalizeListener(l)); errs != nil {
				t.Fatal(errs)
			}
		})
	}
}

func TestStoredInvalidListenerFieldFallsBack(t *testing.T) {
	t.Parallel()
	d := testutil.OpenDB(t)
	ctx := context.Background()
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		return putJSON(ctx, tx, keyListener, map[string]any{"enabled": true, "port": 70000, "apiRatePerMinute": 42,
			"proxyIpHeader": "Forwarded"})
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(ctx, d, &events.Recorder{}, logging.Discard())
	if err != nil {
		t.Fatal(err)
	}
	got := s.Listener()
	if !got.Enabled || got.Port != 20000 || got.APIRatePerMinute != 42 || got.BindAddress != "127.0.0.1" ||
		got.ProxyIPHeader != HeaderXForwardedFor {
		t.Fatalf("got %+v", got)
	}
}

func TestParseTrustedProxy(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"10.1.2.3", "10.1.2.3/32"},
		{"10.1.2.3/8", "10.0.0.0/8"},
		{"::ffff:10.1.2.3", "10.1.2.3/32"},
		{"2001:db8::1", "2001:db8::1/128"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			p, err := ParseTrustedProxy(tt.in)
			if err != nil || p.String() != tt.want {
				t.Fatalf("ParseTrustedProxy(%q) = %v, %v; want %s", tt.in, p, err, tt.want)
			}
		})
	}
}

func TestCheckProxyIPHeader(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want, err string }{
		{"X-Forwarded-For", "X-Forwarded-For", ""},
		{"x-forwarded-for", "X-Forwarded-For", ""},
		{" X-REAL-IP ", "X-Real-IP", ""},
		{"Forwarded", "", `"Forwarded" is not supported: use X-Forwarded-For or X-Real-IP`},
		{"", "", `"" is not supported: use X-Forwarded-For or X-Real-IP`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := CheckProxyIPHeader(tt.in)
			if got != tt.want || (err == nil) != (tt.err == "") || (err != nil && err.Error() != tt.err) {
				t.Fatalf("CheckProxyIPHeader(%q) = %q, %v; want %q, %q", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}
