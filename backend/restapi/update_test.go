package restapi

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/agented/agented/backend/update"
)

func TestUpdateOverREST(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/broken" {
			_, _ = io.WriteString(w, "<html>")
			return
		}
		_, _ = io.WriteString(w, `{"version":"1.3.0","url":"https://example.com/agented/1.3.0"}`)
	}))
	t.Cleanup(feed.Close)

	var st update.Status
	if code := e.do("GET", "/admin/update", nil, &st); code != http.StatusOK || st.Enabled || st.Current != "v1.2.3" || st.Latest != "" {
		t.Fatalf("GET before any check: %d %+v", code, st)
	}
	var body errorBody
	if code := e.do("POST", "/admin/update/check", nil, &body); code != http.StatusConflict || !strings.Contains(body.Error, "update checks are off") {
		t.Fatalf("check while off: %d %+v, want 409 saying they are off", code, body)
	}

	set := e.settings.Get()
	set.UpdateCheck, set.UpdateFeedURL = true, feed.URL+"/latest.json"
	if _, err := e.settings.Update(context.Background(), set); err != nil {
		t.Fatal(err)
	}
	if code := e.do("POST", "/admin/update/check", nil, &st); code != http.StatusOK || !st.Newer || st.Latest != "v1.3.0" ||
		st.URL != "https://example.com/agented/1.3.0" || st.CheckedAt == "" {
		t.Fatalf("check: %d %+v, want v1.3.0 newer", code, st)
	}
	if code := e.do("GET", "/admin/update", nil, &st); code != http.StatusOK || !st.Enabled || st.Latest != "v1.3.0" {
		t.Fatalf("GET after the check: %d %+v", code, st)
	}

	set.UpdateFeedURL = feed.URL + "/broken"
	if _, err := e.settings.Update(context.Background(), set); err != nil {
		t.Fatal(err)
	}
	if code := e.do("POST", "/admin/update/check", nil, &st); code != http.StatusOK || !strings.Contains(st.Error, "not a JSON object") || st.Latest != "v1.3.0" {
		t.Fatalf("check of a broken feed: %d %+v, want the reason and the last known release", code, st)
	}
}
