package httpserver

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientIP(t *testing.T) {
	t.Parallel()
	trusted := proxies{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.1/32")}
	tests := []struct {
		name   string
		px     proxies
		remote string
		xff    []string
		realIP string
		want   string
	}{
		{"direct, no proxies", nil, "192.0.2.1:5000", []string{"198.51.100.7"}, "198.51.100.8", "192.0.2.1"},
		{"untrusted peer spoofing", trusted, "192.0.2.1:5000", []string{"198.51.100.7"}, "", "192.0.2.1"},
		{"trusted proxy, one hop", trusted, "10.1.1.1:5000", []string{"198.51.100.7"}, "", "198.51.100.7"},
		{"client-supplied left part ignored", trusted, "10.1.1.1:5000", []string{"6.6.6.6, 198.51.100.7, 10.2.2.2"}, "", "198.51.100.7"},
		{"several headers", trusted, "10.1.1.1:5000", []string{"6.6.6.6", "198.51.100.7"}, "", "198.51.100.7"},
		{"all hops trusted", trusted, "10.1.1.1:5000", []string{"10.3.3.3, 10.2.2.2"}, "", "10.3.3.3"},
		{"garbage hop stops the walk", trusted, "10.1.1.1:5000", []string{"198.51.100.7, nonsense"}, "", "10.1.1.1"},
		{"hop with port", trusted, "10.1.1.1:5000", []string{"198.51.100.7:4711"}, "", "198.51.100.7"},
		{"ipv6 hop", trusted, "10.1.1.1:5000", []string{"[2001:db8::9]"}, "", "2001:db8::9"},
		{"x-real-ip from a trusted proxy", trusted, "127.0.0.1:5000", nil, "198.51.100.9", "198.51.100.9"},
		{"bad x-real-ip", trusted, "127.0.0.1:5000", nil, "nope", "127.0.0.1"},
		{"ipv4-mapped peer", trusted, "[::ffff:10.1.1.1]:5000", []string{"198.51.100.7"}, "", "198.51.100.7"},
		{"ipv6 peer", nil, "[2001:db8::1]:5000", nil, "", "2001:db8::1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if tt.realIP != "" {
				r.Header.Set("X-Real-IP", tt.realIP)
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
	px := proxies{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.0.0.0/8")}
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
