package httpserver

import (
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/agented/agented/backend/settings"
)

func TestClientIP(t *testing.T) {
	t.Parallel()
	nets := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.1/32")}
	trusted := newProxies(nets, settings.HeaderXForwardedFor)
	byRealIP := newProxies(nets, settings.HeaderXRealIP)
	unset := newProxies(nets, "") // a Config built by hand: X-Forwarded-For
	tests := []struct {
		name   string
		px     proxies
		remote string
		xff    []string
		realIP []string
		want   string
	}{
		{"direct, no proxies", proxies{}, "192.0.2.1:5000", []string{"198.51.100.7"}, []string{"198.51.100.8"}, "192.0.2.1"},
		{"untrusted peer spoofing", trusted, "192.0.2.1:5000", []string{"198.51.100.7"}, nil, "192.0.2.1"},
		{"trusted proxy, one hop", trusted, "10.1.1.1:5000", []string{"198.51.100.7"}, nil, "198.51.100.7"},
		{"client-supplied left part ignored", trusted, "10.1.1.1:5000", []string{"6.6.6.6, 198.51.100.7, 10.2.2.2"}, nil, "198.51.100.7"},
		{"several headers", trusted, "10.1.1.1:5000", []string{"6.6.6.6", "198.51.100.7"}, nil, "198.51.100.7"},
		{"all hops trusted", trusted, "10.1.1.1:5000", []string{"10.3.3.3, 10.2.2.2"}, nil, "10.3.3.3"},
		{"garbage hop stops the walk", trusted, "10.1.1.1:5000", []string{"198.51.100.7, nonsense"}, nil, "10.1.1.1"},
		{"hop with port", trusted, "10.1.1.1:5000", []string{"198.51.100.7:4711"}, nil, "198.51.100.7"},
		{"ipv6 hop", trusted, "10.1.1.1:5000", []string{"[2001:db8::9]"}, nil, "2001:db8::9"},
		{"unset header means x-forwarded-for", unset, "10.1.1.1:5000", []string{"198.51.100.7"}, []string{"198.51.100.9"}, "198.51.100.7"},

		// X-Forwarded-For configured: X-Real-IP is whatever the client wrote, never believed.
		{"x-real-ip without x-forwarded-for", trusted, "127.0.0.1:5000", nil, []string{"198.51.100.9"}, "127.0.0.1"},
		{"x-real-ip next to x-forwarded-for", trusted, "127.0.0.1:5000", []string{"198.51.100.7"}, []string{"198.51.100.9"}, "198.51.100.7"},

		// X-Real-IP configured: X-Forwarded-For is ignored.
		{"x-real-ip from a trusted proxy", byRealIP, "127.0.0.1:5000", nil, []string{"198.51.100.9"}, "198.51.100.9"},
		{"x-real-ip wins over x-forwarded-for", byRealIP, "10.1.1.1:5000", []string{"198.51.100.7"}, []string{"198.51.100.9"}, "198.51.100.9"},
		{"x-forwarded-for alone is ignored", byRealIP, "10.1.1.1:5000", []string{"198.51.100.7"}, nil, "10.1.1.1"},
		{"x-real-ip with port", byRealIP, "10.1.1.1:5000", nil, []string{"198.51.100.9:4711"}, "198.51.100.9"},
		{"bad x-real-ip", byRealIP, "127.0.0.1:5000", nil, []string{"nope"}, "127.0.0.1"},
		{"x-real-ip list", byRealIP, "127.0.0.1:5000", nil, []string{"6.6.6.6, 198.51.100.9"}, "127.0.0.1"},
		{"two x-real-ip headers", byRealIP, "127.0.0.1:5000", nil, []string{"6.6.6.6", "198.51.100.9"}, "127.0.0.1"},
		{"x-real-ip from an untrusted peer", byRealIP, "192.0.2.1:5000", nil, []string{"198.51.100.9"}, "192.0.2.1"},
		{"ipv4-mapped peer", trusted, "[::ffff:10.1.1.1]:5000", []string{"198.51.100.7"}, nil, "198.51.100.7"},
		{"ipv6 peer", proxies{}, "[2001:db8::1]:5000", nil, nil, "2001:db8::1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			for _, v := range tt.realIP {
				r.Header.Add("X-Real-IP", v)
			}
			if got := tt.px.clientIP(r); got != tt.want {
				t.Fatalf("clientIP = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLimitKeyGroupsIPv6ByNetwork(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"198.51.100.7", "198.51.100.7"},
		{"2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:bbbb::2", "2001:db8:1:2::/64"},
		{"::ffff:198.51.100.7", "198.51.100.7"},
		{"not-an-ip", "not-an-ip"},
	}
	for _, tt := range tests {
		if got := limitKey(tt.in); got != tt.want {
			t.Errorf("limitKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzClientIP(f *testing.F) {
	for _, s := range []string{"198.51.100.7", "6.6.6.6, 10.0.0.1", "[::1]:80, x", "", ",,,", "1.2.3.4:99999"} {
		f.Add(s)
	}
	px := newProxies([]netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.0.0.0/8")}, settings.HeaderXForwardedFor)
	f.Fuzz(func(t *testing.T, xff string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = "127.0.0.1:1234"
		r.Header.Set("X-Forwarded-For", xff)
		got := px.clientIP(r)
		if _, err := netip.ParseAddr(got); err != nil {
			t.Fatalf("clientIP(%q) = %q, not an address", xff, got)
		}
		r.RemoteAddr = "192.0.2.1:1234" // untrusted: the header must not matter
		if got := px.clientIP(r); got != "192.0.2.1" {
			t.Fatalf("untrusted peer with XFF %q became %q", xff, got)
		}
	})
}
