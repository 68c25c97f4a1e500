package events

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/agented/agented/backend/internal/testutil"
)

func TestBusDeliversInOrderToMatchingSubscribers(t *testing.T) {
	t.Parallel()
	b := NewBus()
	all := b.Subscribe(10, nil)
	logs := b.Subscribe(10, func(n string) bool { return n == "execution:log:1" })
	b.Emit("settings:changed", 1)
	b.Emit("execution:log:1", 2)
	b.Emit("execution:log:1", 3)
	ctx := context.Background()
	for _, want := range []any{1, 2, 3} {
		e, err := all.Next(ctx)
		if err != nil || e.Payload != want {
			t.Fatalf("all: got %+v %v, want payload %v", e, err, want)
		}
	}
	for _, want := range []any{2, 3} {
		e, _ := logs.Next(ctx)
		if e.Payload != want {
			t.Fatalf("filtered: got %+v, want %v", e, want)
		}
	}
}

func TestSlowSubscriberIsToldWhatItMissed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		size, emit int
		thenEmit   bool // one more event after draining
		wantMissed uint64
	}{
		{"gap reported on next event", 3, 10, true, 7},
		{"gap reported at end of queue", 3, 10, false, 7},
		{"no gap", 5, 5, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := NewBus()
			s := b.Subscribe(tt.size, nil)
			for i := range tt.emit {
				b.Emit("x", i)
			}
			ctx := context.Background()
			for i := range min(tt.size, tt.emit) {
				e, _ := s.Next(ctx)
				if e.Payload != i || e.Missed != 0 {
					t.Fatalf("event %d = %+v", i, e)
				}
			}
			if tt.thenEmit {
				b.Emit("x", "after")
			}
			ctx2, cancel := context.WithTimeout(ctx, time.Second)
			defer cancel()
			e, err := s.Next(ctx2)
			if err != nil {
				t.Fatal(err)
			}
			if e.Missed != tt.wantMissed {
				t.Fatalf("missed = %d, want %d", e.Missed, tt.wantMissed)
			}
			if tt.thenEmit && e.Payload != "after" {
				t.Fatalf("payload = %v, want the event after the gap", e.Payload)
			}
		})
	}
}

func TestProducerNeverBlocksOnStuckSubscriber(t *testing.T) {
	t.Parallel()
	b := NewBus()
	stuck := b.Subscribe(16, nil) // never read
	defer stuck.Close()
	done := make(chan struct{})
	go func() {
		for i := range 100000 {
			b.Emit("execution:log:x", i)
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("emit blocked on a subscriber that never reads")
	}
	stuck.mu.Lock()
	q, m := len(stuck.queue), stuck.missed
	stuck.mu.Unlock()
	if q != 16 || m != 100000-16 {
		t.Fatalf("queue %d missed %d: memory must stay bounded", q, m)
	}
}

// waitingCtx tells when Next has found nothing to return and is about to wait: Next asks for
// Done only there.
type waitingCtx struct {
	context.Context
	once    sync.Once
	waiting chan struct{}
}

func (c *waitingCtx) Done() <-chan struct{} {
	c.once.Do(func() { close(c.waiting) })
	return c.Context.Done()
}

// TestCloseEndsNext: closing the bus wakes a Next that is already waiting (it found the bus open
// and its queue empty), and a subscription made after the close ends at once.
func TestCloseEndsNext(t *testing.T) {
	t.Parallel()
	b := NewBus()
	s := b.Subscribe(4, nil)
	errc := make(chan error, 1)
	ctx := &waitingCtx{Context: context.Background(), waiting: make(chan struct{})}
	go func() { _, err := s.Next(ctx); errc <- err }()
	<-ctx.waiting
	b.Close()
	if err := <-errc; !errors.Is(err, ErrClosed) {
		t.Fatalf("err = %v", err)
	}
	b.Emit("x", 1) // after close: no panic, no delivery
	late := b.Subscribe(1, nil)
	if _, err := late.Next(context.Background()); !errors.Is(err, ErrClosed) {
		t.Fatalf("subscribe after close: %v", err)
	}
}

func TestForwardReportsMissedAndStops(t *testing.T) {
	t.Parallel()
	b := NewBus()
	sub := b.Subscribe(2, nil)
	for i := range 5 {
		b.Emit("x", i)
	}
	var mu sync.Mutex
	var got []string
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		Forward(ctx, sub, func(n string, _ any) { mu.Lock(); got = append(got, n); mu.Unlock() }, slog.New(slog.NewTextHandler(io.Discard, nil)))
		close(done)
	}()
	testutil.WaitFor(5*time.Second, func() bool { mu.Lock(); defer mu.Unlock(); return len(got) == 3 })
	cancel()
	<-done
	mu.Lock()
	defer mu.Unlock()
	want := []string{"x", "x", BusMissed}
	if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("forwarded %v, want %v", got, want)
	}
}
