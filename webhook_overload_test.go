package main

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agented/agented/backend/httpserver"
)

// TestWebhookOverloadShedsAndRunsOnlyAccepted drives the built `agented serve` past what its
// listener takes at once, through a trusted proxy with a distinct sender per delivery:
//
//   - holders take every webhook slot: each sends its headers and half its body, and waits;
//   - probes, sent one at a time, show when the slots are all taken (the first 503);
//   - impatient senders give up while their deliveries wait for a slot;
//   - a burst of patient senders is refused at once with 503 and Retry-After;
//   - then the holders finish their bodies: accepted, or refused with 503 when they held their
//     slot past the delivery deadline;
//   - once the slots are free, deliveries are accepted again.
//
// Afterwards the database must hold exactly one run per 202 answered and no other run: nothing
// for a 503 and nothing for a sender that had gone.
func TestWebhookOverloadShedsAndRunsOnlyAccepted(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	home := t.TempDir()
	cmd := exec.Command(bin, "serve", "--listen", "127.0.0.1:0")
	cmd.Env = append(filteredEnv("DISPLAY", "WAYLAND_DISPLAY", "AGENTED_HOME", "DBUS_SESSION_BUS_ADDRESS", "PATH",
		"AGENTED_LISTEN", "AGENTED_TRUSTED_PROXIES"),
		"AGENTED_HOME="+home, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", "AGENTED_API_KEY="+testAPIKey,
		"AGENTED_TRUSTED_PROXIES=127.0.0.1",
		"PATH="+fakeClaudeDir(t)+string(os.PathListSeparator)+os.Getenv("PATH"))
	p := launchServe(t, cmd)
	var hook struct {
		ID string `json:"id"`
	}
	if code := p.call(http.MethodPost, "/admin/triggers", map[string]any{
		"name": "overload", "promptTemplate": "[fake:success] {message}", "backendType": "claude",
		"triggerSource": "webhook", "textFieldPath": "text", "concurrencyPolicy": "parallel",
	}, &hook); code != http.StatusCreated {
		t.Fatalf("create trigger: %d", code)
	}
	u, err := url.Parse(p.base)
	if err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	answers := map[string]int{} // message -> status (0: the sender gave up)
	note := func(msg string, code int) { mu.Lock(); answers[msg] = code; mu.Unlock() }
	sender := 0
	next := func(kind string) (msg, ip string) {
		sender++
		return fmt.Sprintf("%s-%d", kind, sender), fmt.Sprintf("10.9.%d.%d", sender>>8, sender&255)
	}

	holders := make([]*heldDelivery, httpserver.DefaultAdmission().InFlight)
	for i := range holders {
		msg, ip := next("holder")
		holders[i] = holdDelivery(t, u.Host, msg, ip)
	}

	// Probes go one at a time, so a probe never holds a slot while another waits: the first 503
	// means the holders have all the slots.
	client := &http.Client{Timeout: time.Minute}
	for probes := 0; ; probes++ {
		if probes > 1000 {
			t.Fatal("no 503 after 1000 probes: the holders never took every slot")
		}
		msg, ip := next("probe")
		resp, err := postFrom(client, context.Background(), p.base, msg, ip)
		if err != nil {
			t.Fatalf("%s: %v", msg, err)
		}
		note(msg, resp.StatusCode)
		if resp.StatusCode == http.StatusServiceUnavailable {
			wantShed(t, resp)
			break
		}
		if resp.StatusCode != http.StatusAccepted {
			t.Fatalf("probe: %d", resp.StatusCode)
		}
	}

	var wg sync.WaitGroup
	for range 20 { // senders that give up while their delivery waits for a slot
		msg, ip := next("impatient")
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			resp, err := postFrom(http.DefaultClient, ctx, p.base, msg, ip)
			if err == nil {
				// Its timeout was not reached before the server answered: fine, as long as
				// the answer is the shedding one (the slots are all held).
				note(msg, resp.StatusCode)
				return
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("impatient sender: %v", err)
			}
			note(msg, 0)
		})
	}
	for range 100 { // a burst of patient senders while every slot is held
		msg, ip := next("burst")
		wg.Go(func() {
			resp, err := postFrom(client, context.Background(), p.base, msg, ip)
			if err != nil {
				t.Errorf("%s: %v", msg, err)
				return
			}
			note(msg, resp.StatusCode)
			if resp.StatusCode != http.StatusServiceUnavailable {
				t.Errorf("burst sender: %d, want 503", resp.StatusCode)
				return
			}
			wantShed(t, resp)
		})
	}
	wg.Wait()

	// A holder that waited past the delivery deadline is answered 503 and starts nothing; one
	// that did not is accepted. Either way its slot comes free.
	for _, h := range holders {
		note(h.msg, h.finish(t))
	}
	recovered := 0
	for range 5 { // with the slots free again, deliveries are accepted
		msg, ip := next("after")
		resp, err := postFrom(client, context.Background(), p.base, msg, ip)
		if err != nil {
			t.Fatalf("%s: %v", msg, err)
		}
		note(msg, resp.StatusCode)
		if resp.StatusCode == http.StatusAccepted {
			recovered++
		}
	}
	if recovered != 5 {
		t.Fatalf("%d of 5 deliveries accepted once the slots were free", recovered)
	}
	p.stop()

	runs := runsByMessage(t, filepath.Join(home, "agented.db"), hook.ID)
	for msg, code := range answers {
		switch {
		case code == http.StatusAccepted:
			if runs[msg] != 1 {
				t.Errorf("%s: answered 202 with %d runs, want 1", msg, runs[msg])
			}
		case code == 0 || code == http.StatusServiceUnavailable:
			if runs[msg] != 0 {
				t.Errorf("%s: %d runs for a delivery answered %d", msg, runs[msg], code)
			}
		default:
			t.Errorf("%s: answered %d", msg, code)
		}
	}
	for msg, n := range runs {
		if _, sent := answers[msg]; !sent {
			t.Errorf("%d run(s) of %q, which no sender sent", n, msg)
		}
	}
}

// heldDelivery is a delivery sent over a raw connection with only half its body, so it keeps
// its webhook slot until finish sends the rest.
type heldDelivery struct {
	msg  string
	conn net.Conn
	rest string
}

func holdDelivery(t *testing.T, host, msg, ip string) *heldDelivery {
	t.Helper()
	body := fmt.Sprintf(`{"text":%q}`, msg)
	conn, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	half := len(body) / 2
	head := fmt.Sprintf("POST / HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nX-Forwarded-For: %s\r\n"+
		"Content-Length: %d\r\nConnection: close\r\n\r\n%s", host, ip, len(body), body[:half])
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	return &heldDelivery{msg: msg, conn: conn, rest: body[half:]}
}

// finish sends the rest of the body and returns the status of the answer.
func (h *heldDelivery) finish(t *testing.T) int {
	t.Helper()
	if _, err := io.WriteString(h.conn, h.rest); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(h.conn), nil)
	if err != nil {
		t.Fatalf("%s: %v", h.msg, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// postFrom sends a delivery whose text is msg, as if relayed by a proxy for the sender ip.
func postFrom(client *http.Client, ctx context.Context, base, msg, ip string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/", strings.NewReader(fmt.Sprintf(`{"text":%q}`, msg)))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", ip)
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp, nil
}

// wantShed checks the shape of a shed delivery: 503 with a Retry-After of a second.
func wantShed(t *testing.T, resp *http.Response) {
	t.Helper()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "1" {
		t.Errorf("shed delivery: %d, Retry-After %q; want 503, 1", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

// runsByMessage counts the trigger's runs per message in a stopped server's database.
func runsByMessage(t *testing.T, path, triggerID string) map[string]int {
	t.Helper()
	sdb, err := sql.Open("sqlite", "file:"+path+"?_pragma=query_only(ON)")
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	rows, err := sdb.Query(`SELECT message_head, COUNT(*) FROM executions WHERE trigger_id = ? GROUP BY message_head`, triggerID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var msg string
		var n int
		if err := rows.Scan(&msg, &n); err != nil {
			t.Fatal(err)
		}
		out[msg] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
