package httpserver

import (
	"net/http"
	"net/netip"
	"strings"

	"github.com/agented/agented/backend/settings"
)

// proxies decides whose forwarding headers to believe. Echo's default RealIP() trusts
// X-Forwarded-For from anyone, which lets a client pick a fresh "IP" per request and walk past
// every per-IP limit; here the TCP peer is the client unless that peer is a configured proxy,
// and even then only the one header the configuration names is read. A proxy overwrites or
// appends to the header it is set up to send and passes any other through as the client wrote
// it, so falling back to a second header would hand the choice of address back to the client.
type proxies struct {
	nets   []netip.Prefix
	header string // settings.HeaderXForwardedFor (also for "") or settings.HeaderXRealIP
}

func newProxies(nets []netip.Prefix, header string) proxies {
	return proxies{nets: nets, header: header}
}

// trusted reports whether a is one of the configured proxies.
func (p proxies) trusted(a netip.Addr) bool {
	for _, n := range p.nets {
		if n.Contains(a) {
			return true
		}
	}
	return false
}

// peer is the TCP peer of r; ok is false for peers without an IP (a unix socket, a test
// recorder), which are never trusted.
func peer(r *http.Request) (netip.Addr, bool) {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		a, err := netip.ParseAddr(r.RemoteAddr)
		return a.Unmap(), err == nil
	}
	return ap.Addr().Unmap(), true
}

// clientIP returns the client's address. Forwarded headers count only when the peer is a
// trusted proxy, and only the configured one.
func (p proxies) clientIP(r *http.Request) string {
	a, ok := peer(r)
	if !ok {
		return r.RemoteAddr
	}
	if !p.trusted(a) {
		return a.String()
	}
	if p.header == settings.HeaderXRealIP {
		return realIP(r, a)
	}
	return p.forwardedFor(r, a)
}

// realIP reads X-Real-IP, which the proxy sets to the address it saw. Anything but exactly one
// valid address means the header is not the proxy's own, and the proxy itself is taken as the
// client: stricter for everyone behind it, never a way around the limits.
func realIP(r *http.Request, proxy netip.Addr) string {
	vals := r.Header.Values(settings.HeaderXRealIP)
	if len(vals) != 1 {
		return proxy.String()
	}
	if h, ok := parseHop(vals[0]); ok {
		return h.String()
	}
	return proxy.String()
}

// forwardedFor walks X-Forwarded-For from the right, skipping trusted hops, because only the
// entries appended by our own proxies are reliable: the left part is whatever the client sent.
// Without the header the client is the proxy itself.
func (p proxies) forwardedFor(r *http.Request, a netip.Addr) string {
	if xff := r.Header.Values(settings.HeaderXForwardedFor); len(xff) > 0 {
		hops := strings.Split(strings.Join(xff, ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			h, ok := parseHop(hops[i])
			if !ok {
				// A broken chain: stop at the last hop we trust rather than believe what follows.
				return a.String()
			}
			a = h
			if !p.trusted(h) {
				return h.String()
			}
		}
		return a.String() // every hop is one of ours: the leftmost is the best we know
	}
	return a.String()
}

// isHTTPS reports whether the client reached us over TLS: directly, or as told by a trusted
// proxy's X-Forwarded-Proto (its first entry, the scheme the outermost proxy saw).
func (p proxies) isHTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	a, ok := peer(r)
	if !ok || !p.trusted(a) {
		return false
	}
	proto, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
	return strings.EqualFold(strings.TrimSpace(proto), "https")
}

// scheme is Echo's SchemeExtractor; Echo's default believes X-Forwarded-Proto from any private
// address, which is not the same set as our trusted proxies.
func (p proxies) scheme(r *http.Request) string {
	if p.isHTTPS(r) {
		return "https"
	}
	return "http"
}

// parseHop parses one forwarded address: "1.2.3.4", "1.2.3.4:5678", "[::1]" or "[::1]:80".
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return netip.Addr{}, false
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"))
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// limitKey is the rate-limit bucket of an address. An IPv6 host usually owns a whole /64, so
// counting per address would let it rotate through 2^64 fresh buckets.
func limitKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	if a = a.WithZone("").Unmap(); a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}
