package events

import (
	"context"
	"errors"
	"log/slog"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// WailsQueueSize bounds how far the UI may fall behind before events are dropped for it.
const WailsQueueSize = 4096

// RunWailsAdapter forwards every bus event to the frontend as a Wails runtime event until ctx
// ends. ctx must be the context Wails passed to OnStartup. When the UI falls behind it receives
// BusMissed with the number of dropped events, so views can re-read from the store.
func RunWailsAdapter(ctx context.Context, bus *Bus, log *slog.Logger) {
	emit := func(name string, payload any) { runtime.EventsEmit(ctx, name, payload) }
	Forward(ctx, bus.Subscribe(WailsQueueSize, nil), emit, log)
}

// Forward drains sub into emit until ctx ends or the bus closes. It is the adapter logic without
// the Wails dependency so it can be tested with a plain function.
func Forward(ctx context.Context, sub *Subscription, emit func(name string, payload any), log *slog.Logger) {
	defer sub.Close()
	for {
		e, err := sub.Next(ctx)
		if err != nil {
			if !errors.Is(err, ErrClosed) && !errors.Is(err, context.Canceled) {
				log.Warn("event adapter stopped", "err", err)
			}
			return
		}
		if e.Missed > 0 {
			log.Warn("ui fell behind, events dropped", "missed", e.Missed)
			emit(BusMissed, map[string]uint64{"missed": e.Missed})
		}
		if e.Name != "" {
			emit(e.Name, e.Payload)
		}
	}
}
