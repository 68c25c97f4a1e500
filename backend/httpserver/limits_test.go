package httpserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/httpserver"
	"github.com/agented/agented/backend/settings"
)

func postGeneric(t *testing.T, f *fixture, h map[string]string) *http.Response {
	t.Helper()
	return f.do(t, req{method: http.MethodPost, path: "/", body: strings.NewReader(`{"n":1}`), header: h})
}

// assert429 checks the shape every refusal shares: Retry-After in whole seconds and a JSON body.
// maxRetry is the window plus one slot (a twentieth): the limiter errs on the strict side.
func assert429(t *testing.T, resp *http.Response, maxRetry int) {
	t.Helper()
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429", resp.StatusCode)
	}
	secs, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	if err != nil || secs < 1 || secs > maxRetry {
		t.Fatalf("Retry-After %q, want 1..%d seconds", resp.Header.Get("Retry-After"), maxRetry)
	}
	if msg := errorOf(t, resp); !strings.Contains(msg, "rate limit") {
		t.Fatalf("error %q", msg)
	}
}

func TestGenericWebhookTwentyPerTenSeconds(t *testing.T) {
	t.Parallel()
	f := start(t)
	for i := 1; i <= 20; i++ {
		if resp := postGeneric(t, f, nil); resp.StatusCode != http.StatusAccepted {
			t.Fatalf("request %d: status %d", i, resp.StatusCode)
		}
		f.clock.Add(400 * time.Millisecond) // 20 requests spread over 8 s: still one window
	}
	assert429(t, postGeneric(t, f, nil), 11)
	// Spoofed forwarding headers from an untrusted peer do not make a new client.
	for i := range 5 {
		ip := fmt.Sprintf("198.51.100.%d", i+1)
		resp := postGeneric(t, f, map[string]string{"X-Forwarded-For": ip, "X-Real-IP": ip})
		assert429(t, resp, 11)
	}
	// Once the first requests leave the window, the client is admitted again.
	f.clock.Add(3 * time.Second)
	if resp := postGeneric(t, f, nil); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("after the window: status %d", resp.StatusCode)
	}
}

func TestGenericWebhookIsAWindowNotABucket(t *testing.T) {
	t.Parallel()
	f := start(t)
	admitted := 0
	// A token bucket of burst 20 refilling 2/s would admit about 40 here.
	for range 100 {
		if postGeneric(t, f, nil).StatusCode == http.StatusAccepted {
			admitted++
		}
		f.clock.Add(100 * time.Millisecond)
	}
	if admitted != 20 {
		t.Fatalf("admitted %d in 10 s, want 20", admitted)
	}
}

func TestGitHubFailedSignaturesLimitedWhileSignedContinue(t *testing.T) {
	t.Parallel()
	f := start(t, func(c *httpserver.Config, _ *httpserver.Deps) {
		c.TrustedProxies = mustProxies(t, []string{"127.0.0.1"}) // so X-Forwarded-For names distinct clients
	})
	const forger, github = "203.0.113.9", "192.0.2.10"
	post := func(h map[string]string) *http.Response {
		return f.do(t, req{method: http.MethodPost, path: "/api/webhooks/github", header: h})
	}
	// The same address sends 40 signed and 30 forged deliveries: the signed ones do not count
	// against the 30 failures allowed.
	for i := range 70 {
		h, want := signed(forger), http.StatusOK
		if i%7 >= 4 { // the 30th failure is the last of the 70
			h, want = unsigned(forger), http.StatusUnauthorized
		}
		if resp := post(h); resp.StatusCode != want {
			t.Fatalf("delivery %d: status %d, want %d", i, resp.StatusCode, want)
		}
	}
	assert429(t, post(unsigned(forger)), 63) // the 31st failure in a minute
	// From then on the forger's address is refused before any handler runs, whatever it sends;
	// other clients are not affected.
	assert429(t, post(signed(forger)), 63)
	for range 50 {
		if resp := post(signed(github)); resp.StatusCode != http.StatusOK {
			t.Fatalf("signed delivery from another client refused: %d", resp.StatusCode)
		}
	}
	f.clock.Add(63 * time.Second) // the window plus one slot
	if resp := post(unsigned(forger)); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("after a minute: status %d, want the handler's 401", resp.StatusCode)
	}
}

func TestGitHubSignedCeiling(t *testing.T) {
	t.Parallel()
	f := start(t, func(c *httpserver.Config, _ *httpserver.Deps) { c.GitHubSignedLimit.Requests = 5 })
	for i := range 5 {
		resp := f.do(t, req{method: http.MethodPost, path: "/api/webhooks/github", header: signed("")})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("delivery %d: %d", i, resp.StatusCode)
		}
	}
	assert429(t, f.do(t, req{method: http.MethodPost, path: "/api/webhooks/github", header: signed("")}), 63)
}

func TestAPILimitAppliesBeforeAuth(t *testing.T) {
	t.Parallel()
	f := start(t, func(c *httpserver.Config, _ *httpserver.Deps) { c.APILimit.Requests = 3 })
	codes := []int{}
	for _, h := range []map[string]string{withKey(nil), nil, withKey(nil), withKey(nil), nil} {
		codes = append(codes, f.do(t, req{path: "/admin/ping", header: h}).StatusCode)
	}
	want := []int{200, 401, 200, 429, 429}
	if fmt.Sprint(codes) != fmt.Sprint(want) {
		t.Fatalf("codes %v, want %v (key guesses count against the limit)", codes, want)
	}
	// /admin and /api share the window; health and webhooks do not.
	assert429(t, f.do(t, req{path: "/api/version", header: withKey(nil)}), 63)
	if resp := f.do(t, req{path: "/health/liveness"}); resp.StatusCode != http.StatusOK {
		t.Fatalf("liveness limited: %d", resp.StatusCode)
	}
	resp := f.do(t, req{path: "/health/readiness", header: withKey(nil)})
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	if resp.StatusCode != http.StatusOK || body["components"] == nil {
		t.Fatalf("readiness limited: %d %v", resp.StatusCode, body)
	}
}

// TestFullRateLimitTableLocksNobodyOut: strangers spraying distinct addresses through a trusted
// proxy fill every rate-limit table many times over. A client with the valid key arriving from
// yet another address is still served, and an abuser that keeps sending stays refused.
func TestFullRateLimitTableLocksNobodyOut(t *testing.T) {
	t.Parallel()
	const tableSize = 64
	f := start(t, func(c *httpserver.Config, _ *httpserver.Deps) {
		c.TrustedProxies = mustProxies(t, []string{"127.0.0.1"})
		c.APILimit.Requests = 5
		httpserver.SetMaxTrackedClients(c, tableSize)
	})
	from := func(ip string, h map[string]string) map[string]string {
		out := map[string]string{"X-Forwarded-For": ip}
		for k, v := range h {
			out[k] = v
		}
		return out
	}
	const abuser = "203.0.113.66"
	for i := range 5 {
		if resp := f.do(t, req{path: "/admin/ping", header: from(abuser, nil)}); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("abuser request %d: %d, want 401 under its limit", i, resp.StatusCode)
		}
	}
	sprayed := 0
	for i := range 4 * tableSize {
		ip := fmt.Sprintf("198.18.%d.%d", i/250, i%250+1)
		if resp := f.do(t, req{path: "/admin/ping", header: from(ip, nil)}); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("stranger %d: %d, want 401", i, resp.StatusCode)
		}
		if resp := postGeneric(t, f, from(ip, nil)); resp.StatusCode != http.StatusAccepted {
			t.Fatalf("stranger %d on POST /: %d, want 202", i, resp.StatusCode)
		}
		sprayed++
		if i%8 == 0 { // the abuser keeps at it, a few times per table's worth of strangers
			assert429(t, f.do(t, req{path: "/admin/ping", header: from(abuser, nil)}), 63)
		}
	}
	for i := range 3 {
		ip := fmt.Sprintf("192.0.2.%d", i+1)
		if resp := f.do(t, req{path: "/admin/ping", header: from(ip, withKey(nil))}); resp.StatusCode != http.StatusOK {
			t.Fatalf("valid key from new address %s after %d strangers: %d, want 200", ip, sprayed, resp.StatusCode)
		}
		if resp := postGeneric(t, f, from(ip, nil)); resp.StatusCode != http.StatusAccepted {
			t.Fatalf("webhook from new address %s: %d, want 202", ip, resp.StatusCode)
		}
	}
	assert429(t, f.do(t, req{path: "/admin/ping", header: from(abuser, withKey(nil))}), 63)
	t.Logf("%d strangers through a %d-client table: new clients served, the abuser still refused", sprayed, tableSize)
}

// TestOnlyTheConfiguredClientIPHeaderIsBelieved: behind a trusted proxy the client is named by
// one header, X-Forwarded-For unless configured otherwise. A client that sends a fresh X-Real-IP
// with every request must not become a fresh client to the limiter.
func TestOnlyTheConfiguredClientIPHeaderIsBelieved(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		header string // Config.ProxyIPHeader; "" leaves the default
		vary   string // the header given a new address on each of 25 requests
		fixed  map[string]string
		admit  int // how many of the 25 get through
	}{
		{"default, X-Real-IP varied", "", "X-Real-IP", nil, 20},
		{"default, X-Real-IP varied next to a fixed X-Forwarded-For", "", "X-Real-IP", map[string]string{"X-Forwarded-For": "192.0.2.1"}, 20},
		{"default, X-Forwarded-For varied", "", "X-Forwarded-For", nil, 25},
		{"X-Real-IP configured, X-Real-IP varied", settings.HeaderXRealIP, "X-Real-IP", nil, 25},
		{"X-Real-IP configured, X-Forwarded-For varied", settings.HeaderXRealIP, "X-Forwarded-For", map[string]string{"X-Real-IP": "192.0.2.1"}, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := start(t, func(c *httpserver.Config, _ *httpserver.Deps) {
				c.TrustedProxies = mustProxies(t, []string{"127.0.0.1"})
				c.ProxyIPHeader = tt.header
			})
			admitted := 0
			for i := range 25 {
				h := map[string]string{tt.vary: fmt.Sprintf("198.51.100.%d", i+1)}
				for k, v := range tt.fixed {
					h[k] = v
				}
				resp := postGeneric(t, f, h)
				switch {
				case resp.StatusCode == http.StatusAccepted:
					admitted++
				case i < 20:
					t.Fatalf("request %d: status %d", i+1, resp.StatusCode)
				default:
					assert429(t, resp, 11)
				}
			}
			if admitted != tt.admit {
				t.Fatalf("%d of 25 admitted, want %d", admitted, tt.admit)
			}
		})
	}
}
