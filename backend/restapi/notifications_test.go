package restapi

import (
	"net/http"
	"testing"
	"time"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/notify"
)

// A failed run is listed under GET /admin/notifications with the run it names, and can be marked
// read one by one or all at once.
func TestNotificationsOverREST(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	tr := e.newTrigger("notify-me")
	id := e.run(tr.ID, "[fake:auth]")
	e.wait(id, 30*time.Second, execution.StatusFailed)

	var page notify.Page
	deadline := time.Now().Add(10 * time.Second)
	for {
		if code := e.do("GET", "/admin/notifications", nil, &page); code != http.StatusOK {
			t.Fatalf("list: status %d", code)
		}
		if len(page.Notifications) > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if len(page.Notifications) != 1 || page.Unread != 1 {
		t.Fatalf("page = %+v, want one unread notification", page)
	}
	n := page.Notifications[0]
	if n.Kind != events.KindRunFailed || n.ExecutionID != id || n.Title != "Run failed: notify-me" || n.Level != events.LevelError {
		t.Fatalf("notification = %+v, want run_failed naming run %s", n, id)
	}

	if code := e.do("POST", "/admin/notifications/"+n.ID+"/read", nil, nil); code != http.StatusNoContent {
		t.Fatalf("mark read: status %d", code)
	}
	if code := e.do("GET", "/admin/notifications?unread=true", nil, &page); code != http.StatusOK || len(page.Notifications) != 0 || page.Unread != 0 {
		t.Fatalf("unread after mark read: %d %+v", code, page)
	}
	if code := e.do("POST", "/admin/notifications/read-all", nil, nil); code != http.StatusNoContent {
		t.Fatalf("read all: status %d", code)
	}

	var sw map[string]bool
	if code := e.do("PUT", "/admin/notifications/os", map[string]bool{"budget": false}, &sw); code != http.StatusOK || sw["budget"] || !sw["run_failed"] {
		t.Fatalf("put os switches: %d %v", code, sw)
	}
	if code := e.do("GET", "/admin/notifications/os", nil, &sw); code != http.StatusOK || sw["budget"] {
		t.Fatalf("get os switches: %d %v", code, sw)
	}
}

func TestNotificationsBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		want   int
	}{
		{"limit zero", "GET", "/admin/notifications?limit=0", nil, http.StatusBadRequest},
		{"limit too large", "GET", "/admin/notifications?limit=201", nil, http.StatusBadRequest},
		{"unread not a boolean", "GET", "/admin/notifications?unread=maybe", nil, http.StatusBadRequest},
		{"unknown id", "POST", "/admin/notifications/ntf-nope/read", nil, http.StatusNotFound},
		{"unknown kind", "PUT", "/admin/notifications/os", map[string]bool{"lunch": true}, http.StatusBadRequest},
		{"switch not a boolean", "PUT", "/admin/notifications/os", `{"budget":"yes"}`, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body errorBody
			if code := e.do(tt.method, tt.path, tt.body, &body); code != tt.want || body.Error == "" {
				t.Fatalf("status %d body %+v, want %d with an error", code, body, tt.want)
			}
		})
	}
}
