package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// keyRequest sends a JSON request with the given X-API-Key ("" sends none).
func keyRequest(t *testing.T, key, method, url string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("X-API-Key", key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, raw
}

// The whole app over its own listener: AGENTED_API_KEY creates named keys, a read key is refused
// a change, an admin key changes the listener's own webhook rate limit over REST (the listener
// re-binds after answering), the new limit holds on POST /, and the audit log names each actor.
func TestNamedKeysAndListenerSettingsOverREST(t *testing.T) {
	a, base := startServeApp(t)
	var reader, admin struct {
		ID, Key string
	}
	for _, k := range []struct {
		name, scope string
		out         any
	}{{"dashboards", "read", &reader}, {"ops", "admin", &admin}} {
		code, raw := keyRequest(t, testAPIKey, "POST", base+"/admin/api-keys", map[string]string{"name": k.name, "scope": k.scope})
		if code != http.StatusCreated {
			t.Fatalf("create %s: %d %s", k.name, code, raw)
		}
		_ = json.Unmarshal(raw, k.out)
	}
	if code, raw := keyRequest(t, reader.Key, "PUT", base+"/admin/listener", map[string]int{"webhookRatePer10s": 2}); code != http.StatusForbidden ||
		!strings.Contains(string(raw), "needs scope admin") {
		t.Fatalf("read key PUT /admin/listener: %d %s", code, raw)
	}
	code, raw := keyRequest(t, admin.Key, "PUT", base+"/admin/listener", map[string]int{"webhookRatePer10s": 2})
	if code != http.StatusOK || !strings.Contains(string(raw), `"webhookRatePer10s":2`) {
		t.Fatalf("admin key PUT /admin/listener: %d %s", code, raw)
	}
	// Port 0 was asked for, so the re-bound listener has a new address.
	var now string
	waitFor(t, 10*time.Second, "the listener to re-bind", func() bool {
		st := a.listener.Status()
		now = st.BaseURL
		return st.Running && now != base
	})
	var got []int
	for range 3 {
		code, _ := keyRequest(t, "", "POST", now+"/", map[string]string{"text": "hi"})
		got = append(got, code)
	}
	if got[2] != http.StatusTooManyRequests || got[0] == http.StatusTooManyRequests {
		t.Fatalf("POST / statuses %v with a limit of 2 per 10 s, want the third refused", got)
	}
	code, raw = keyRequest(t, reader.Key, "GET", now+"/admin/audit?action=listener.update", nil)
	var page struct {
		Entries []struct {
			Actor string         `json:"actor"`
			Diff  map[string]any `json:"diff"`
		} `json:"entries"`
		Total int `json:"total"`
	}
	if err := json.Unmarshal(raw, &page); err != nil || code != http.StatusOK || page.Total != 1 || page.Entries[0].Actor != "ops" ||
		fmt.Sprint(page.Entries[0].Diff["webhookRatePer10s"]) != "map[after:2 before:20]" {
		t.Fatalf("audit: %d %s", code, raw)
	}
	if code, _ := keyRequest(t, testAPIKey, "DELETE", now+"/admin/api-keys/"+admin.ID, nil); code != http.StatusNoContent {
		t.Fatalf("revoke: %d", code)
	}
	if code, _ := keyRequest(t, admin.Key, "GET", now+"/admin/triggers", nil); code != http.StatusUnauthorized {
		t.Fatalf("revoked key: %d, want 401", code)
	}
}
