package notify

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/settings"
)

// fakeOS records what would have been shown on the desktop, and can fail like a missing daemon.
type fakeOS struct {
	mu   sync.Mutex
	sent []string
	err  error
	got  chan string
}

func (f *fakeOS) Send(title, _ string) error {
	f.mu.Lock()
	f.sent = append(f.sent, title)
	f.mu.Unlock()
	f.got <- title
	return f.err
}

type harness struct {
	svc   *Service
	os    *fakeOS
	rec   *events.Recorder
	prefs *settings.Service
	logs  *strings.Builder
	logMu *sync.Mutex
}

func newHarness(t *testing.T, osErr error) *harness {
	t.Helper()
	d := testutil.OpenDB(t)
	rec := &events.Recorder{}
	prefs, err := settings.New(context.Background(), d, rec, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	logs := &strings.Builder{}
	var mu sync.Mutex
	log := slog.New(slog.NewTextHandler(lockedWriter{&mu, logs}, nil))
	f := &fakeOS{err: osErr, got: make(chan string, 16)}
	svc := New(Deps{Store: NewStore(d), Emitter: rec, OS: f, Prefs: prefs, Log: log})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	svc.d.Go(func() { svc.osLoop(ctx) })
	return &harness{svc: svc, os: f, rec: rec, prefs: prefs, logs: logs, logMu: &mu}
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *strings.Builder
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (h *harness) waitOS(t *testing.T) string {
	t.Helper()
	select {
	case title := <-h.os.got:
		return title
	case <-time.After(5 * time.Second):
		t.Fatal("no OS notification was sent")
		return ""
	}
}

func (h *harness) noOS(t *testing.T) {
	t.Helper()
	select {
	case title := <-h.os.got:
		t.Fatalf("OS notification %q sent for a kind switched off", title)
	case <-time.After(200 * time.Millisecond):
	}
}

func TestRecordPersistsAndCounts(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	ctx := context.Background()
	first, err := h.svc.Record(ctx, events.Notification{Kind: events.KindRunFailed, Level: events.LevelError,
		Title: "Run failed: nightly", Message: "Exit code 1", ExecutionID: "exec-1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.Record(ctx, events.Notification{Kind: events.KindBudget, Title: "Budget at 80%", Message: "soft limit"}); err != nil {
		t.Fatal(err)
	}
	page, err := h.svc.List(ctx, Query{})
	if err != nil {
		t.Fatal(err)
	}
	if page.Unread != 2 || len(page.Notifications) != 2 {
		t.Fatalf("page = %+v, want 2 unread entries", page)
	}
	newest, oldest := page.Notifications[0], page.Notifications[1]
	if newest.Kind != events.KindBudget || newest.Level != events.LevelInfo {
		t.Errorf("newest = %+v, want the budget entry with the default level info", newest)
	}
	if oldest.ID != first.ID || oldest.ExecutionID != "exec-1" || oldest.Title != "Run failed: nightly" || oldest.Read {
		t.Errorf("oldest = %+v, want the stored run_failed entry naming its run", oldest)
	}

	if err := h.svc.MarkRead(ctx, first.ID); err != nil {
		t.Fatal(err)
	}
	page, _ = h.svc.List(ctx, Query{UnreadOnly: true})
	if page.Unread != 1 || len(page.Notifications) != 1 || page.Notifications[0].Kind != events.KindBudget {
		t.Fatalf("after mark read: %+v", page)
	}
	if err := h.svc.MarkAllRead(ctx); err != nil {
		t.Fatal(err)
	}
	page, _ = h.svc.List(ctx, Query{})
	if page.Unread != 0 || !page.Notifications[0].Read || !page.Notifications[1].Read {
		t.Fatalf("after mark all read: %+v", page)
	}
	changed := h.rec.Named(events.NotificationsChanged)
	if len(changed) != 4 {
		t.Fatalf("notifications:changed sent %d times, want 4 (two stored, one read, all read)", len(changed))
	}
	if last := changed[len(changed)-1].Payload.(Changed); last.Unread != 0 {
		t.Errorf("last changed payload = %+v, want unread 0", last)
	}
}

func TestBadInputs(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	ctx := context.Background()
	tests := []struct {
		name string
		call func() error
		want error
	}{
		{"mark an unknown id read", func() error { return h.svc.MarkRead(ctx, "ntf-missing") }, ErrNotFound},
		{"negative limit", func() error { _, err := h.svc.List(ctx, Query{Limit: -1}); return err }, ErrBadLimit},
		{"limit over the maximum", func() error { _, err := h.svc.List(ctx, Query{Limit: MaxLimit + 1}); return err }, ErrBadLimit},
		{"switch an unknown kind", func() error {
			_, err := h.svc.SetOSSwitches(ctx, map[string]bool{"lunch": true})
			return err
		}, ErrUnknownKind},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// Each kind has its own OS switch: a kind switched off is stored and listed but not shown on the
// desktop, the others still are.
func TestOSSwitchPerKind(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	ctx := context.Background()
	sw, err := h.svc.OSSwitches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Kinds {
		if !sw[k] {
			t.Errorf("kind %s is off by default, want on", k)
		}
	}
	sw, err = h.svc.SetOSSwitches(ctx, map[string]bool{events.KindRunFailed: false})
	if err != nil {
		t.Fatal(err)
	}
	if sw[events.KindRunFailed] || !sw[events.KindGuardStop] {
		t.Fatalf("switches after turning run_failed off: %v", sw)
	}

	if _, err := h.svc.Record(ctx, events.Notification{Kind: events.KindRunFailed, Title: "quiet"}); err != nil {
		t.Fatal(err)
	}
	h.noOS(t)
	if _, err := h.svc.Record(ctx, events.Notification{Kind: events.KindGuardStop, Title: "Run stalled"}); err != nil {
		t.Fatal(err)
	}
	if got := h.waitOS(t); got != "Run stalled" {
		t.Fatalf("OS notification %q, want the guard stop", got)
	}
	page, _ := h.svc.List(ctx, Query{})
	if len(page.Notifications) != 2 {
		t.Fatalf("stored %d, want both (the switch only concerns the desktop)", len(page.Notifications))
	}
	// The switch survives a new service over the same settings.
	again, _ := h.prefs.OSNotifications(ctx, Kinds)
	if again[events.KindRunFailed] {
		t.Error("run_failed switch not persisted")
	}
}

// A desktop without a notification daemon fails soft: the entry is stored, the reason is logged
// once, and the next failure for the same reason is not logged again at warn level.
func TestOSFailureIsLoggedNotFatal(t *testing.T) {
	t.Parallel()
	h := newHarness(t, errors.New("no notification daemon"))
	ctx := context.Background()
	for range 2 {
		if _, err := h.svc.Record(ctx, events.Notification{Kind: events.KindBudget, Title: "Budget"}); err != nil {
			t.Fatalf("record failed because the desktop did: %v", err)
		}
		h.waitOS(t)
	}
	page, _ := h.svc.List(ctx, Query{})
	if len(page.Notifications) != 2 {
		t.Fatalf("stored %d, want 2", len(page.Notifications))
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(h.logText(), "no notification daemon") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := strings.Count(h.logText(), "level=WARN"); n != 1 {
		t.Fatalf("warned %d times, want once:\n%s", n, h.logText())
	}
}

func (h *harness) logText() string {
	h.logMu.Lock()
	defer h.logMu.Unlock()
	return h.logs.String()
}

// Run stores what is published on the bus as notification:show, and nothing else.
func TestRunStoresBusNotifications(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	bus := events.NewBus()
	defer bus.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h.svc.Run(ctx, bus)
	bus.Emit(events.ExecutionStatus, "not a notification")
	events.Notify(bus, events.Notification{Kind: events.KindStorage, Level: events.LevelError, Title: "Disk full", ExecutionID: "exec-9"})
	deadline := time.Now().Add(5 * time.Second)
	for {
		page, err := h.svc.List(ctx, Query{})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Notifications) == 1 {
			if e := page.Notifications[0]; e.Kind != events.KindStorage || e.ExecutionID != "exec-9" {
				t.Fatalf("stored %+v", e)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("stored %d notifications, want 1", len(page.Notifications))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestPruneKeepsRecent(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	ctx := context.Background()
	now := time.Now()
	h.svc.d.Now = func() time.Time { return now.AddDate(0, 0, -40) }
	if _, err := h.svc.Record(ctx, events.Notification{Kind: events.KindBudget, Title: "old"}); err != nil {
		t.Fatal(err)
	}
	h.svc.d.Now = func() time.Time { return now }
	if _, err := h.svc.Record(ctx, events.Notification{Kind: events.KindBudget, Title: "new"}); err != nil {
		t.Fatal(err)
	}
	if n := h.svc.Prune(ctx, 30, now); n != 1 {
		t.Fatalf("pruned %d, want 1", n)
	}
	page, _ := h.svc.List(ctx, Query{})
	if len(page.Notifications) != 1 || page.Notifications[0].Title != "new" {
		t.Fatalf("left %+v", page.Notifications)
	}
	if n := h.svc.Prune(ctx, 0, now); n != 0 {
		t.Fatalf("retention 0 pruned %d", n)
	}
}

// The real desktop notifier, without a session bus, refuses with the reason instead of trying
// to start one.
func TestDesktopWithoutBus(t *testing.T) {
	d := NewDesktop(func() error { return errors.New("no D-Bus session bus") })
	err := d.Send("t", "m")
	if !errors.Is(err, ErrNoDesktop) || !strings.Contains(err.Error(), "no D-Bus session bus") {
		t.Fatalf("err = %v, want ErrNoDesktop with the reason", err)
	}
}
