package restapi

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/agented/agented/backend/execution"
)

// getTagged sends GET path with the given If-None-Match values and returns status, ETag and body.
func (e *env) getTagged(path string, ifNoneMatch ...string) (int, string, string) {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, v := range ifNoneMatch {
		req.Header.Add("If-None-Match", v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	if res.Header.Get("ETag") != "" && res.Header.Get("Cache-Control") != "no-cache" {
		e.t.Errorf("Cache-Control = %q, want no-cache", res.Header.Get("Cache-Control"))
	}
	return res.StatusCode, res.Header.Get("ETag"), string(b)
}

// TestTriggerListConditional: the list carries an ETag; sending it back gets 304 with no body
// until the list changes, and a change (a new trigger, a run) gives a new tag at once.
func TestTriggerListConditional(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	code, tag, body := e.getTagged("/admin/triggers")
	if code != http.StatusOK || tag == "" || len(body) < 100 {
		t.Fatalf("first GET: %d, ETag %q, %d bytes", code, tag, len(body))
	}
	if code, again, body2 := e.getTagged("/admin/triggers"); code != http.StatusOK || again != tag || body2 != body {
		t.Fatalf("unchanged list: %d, ETag %q (was %q), same body %v", code, again, tag, body2 == body)
	}
	tests := []struct {
		name   string
		header []string
		want   int
	}{
		{"same tag", []string{tag}, http.StatusNotModified},
		{"weak form of the tag", []string{"W/" + tag}, http.StatusNotModified},
		{"among others", []string{`"other", ` + tag}, http.StatusNotModified},
		{"in a second header", []string{`"other"`, tag}, http.StatusNotModified},
		{"any", []string{"*"}, http.StatusNotModified},
		{"another tag", []string{`"other"`}, http.StatusOK},
		{"empty", []string{""}, http.StatusOK},
	}
	for _, tt := range tests {
		code, got, body := e.getTagged("/admin/triggers", tt.header...)
		if code != tt.want || got != tag {
			t.Errorf("%s: %d, ETag %q; want %d, %q", tt.name, code, got, tt.want, tag)
		}
		if code == http.StatusNotModified && body != "" {
			t.Errorf("%s: 304 with a body %q", tt.name, body)
		}
	}

	tr := e.newTrigger("Tagged")
	code, afterCreate, body := e.getTagged("/admin/triggers", tag)
	if code != http.StatusOK || afterCreate == tag || len(body) == 0 {
		t.Fatalf("after a create: %d, ETag %q (old %q)", code, afterCreate, tag)
	}
	id := e.run(tr.ID, "[fake:success] hi")
	e.wait(id, 30*time.Second, execution.StatusSuccess)
	code, afterRun, _ := e.getTagged("/admin/triggers", afterCreate)
	if code != http.StatusOK || afterRun == afterCreate {
		t.Fatalf("after a run: %d, ETag %q (before the run %q)", code, afterRun, afterCreate)
	}
	var list TriggerList
	e.do("GET", "/admin/triggers", nil, &list)
	for _, s := range list.Triggers {
		if s.ID == tr.ID && (s.LastExecutionID != id || s.LastStatus != execution.StatusSuccess) {
			t.Fatalf("listed run %q %q, want %q success", s.LastExecutionID, s.LastStatus, id)
		}
	}

	// A filtered list is built per request and carries no tag.
	if code, ftag, _ := e.getTagged("/admin/triggers?q=tagged"); code != http.StatusOK || ftag != "" {
		t.Fatalf("filtered list: %d, ETag %q", code, ftag)
	}
}
