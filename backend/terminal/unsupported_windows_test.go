package terminal

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/agented/agented/backend/events"
)

func TestStartRefusedOnWindows(t *testing.T) {
	t.Parallel()
	svc := New(Deps{Emitter: &events.Recorder{}, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	_, err := svc.Start(context.Background(), StartOptions{Dir: `C:\`})
	if !errors.Is(err, ErrUnsupported) {
		t.Fatalf("Start on Windows: %v, want ErrUnsupported", err)
	}
}
