// Package logging builds Agented's slog logger: JSON lines to a rotating file under the data
// directory, and to stderr in `agented serve`. Attributes put on a context with WithAttrs (a
// request id, an execution id) are added to every line logged with that context, including lines
// from services the request calls.
package logging

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"gopkg.in/natefinch/lumberjack.v2"
)

// FileName is the active log file inside the log directory.
const FileName = "agented.log"

// Options configures New.
type Options struct {
	Dir    string     // log directory; created if missing
	Stderr bool       // also write to stderr (serve mode)
	Level  slog.Level // minimum level
	// Rotation limits; zero values use the defaults below.
	MaxSizeMB  int
	MaxBackups int
	MaxAgeDays int
}

// Logger is the root logger and the file it writes, which must be closed on shutdown.
type Logger struct {
	*slog.Logger
	file *lumberjack.Logger
	Path string
}

// New opens the log file and returns the root logger.
func New(opts Options) (*Logger, error) {
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, err
	}
	path := filepath.Join(opts.Dir, FileName)
	f := &lumberjack.Logger{
		Filename:   path,
		MaxSize:    orDefault(opts.MaxSizeMB, 20),
		MaxBackups: orDefault(opts.MaxBackups, 5),
		MaxAge:     orDefault(opts.MaxAgeDays, 30),
		Compress:   true,
	}
	hopts := &slog.HandlerOptions{Level: opts.Level}
	handlers := []slog.Handler{slog.NewJSONHandler(f, hopts)}
	if opts.Stderr {
		handlers = append(handlers, slog.NewJSONHandler(os.Stderr, hopts))
	}
	h := &ctxHandler{next: slog.NewMultiHandler(handlers...)}
	return &Logger{Logger: slog.New(h), file: f, Path: path}, nil
}

// Close flushes and closes the log file.
func (l *Logger) Close() error { return l.file.Close() }

// Discard returns a logger that drops everything, for tests and tools.
func Discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// Component returns a child logger tagged with the component name.
func Component(log *slog.Logger, name string) *slog.Logger { return log.With("component", name) }

func orDefault(v, d int) int {
	if v > 0 {
		return v
	}
	return d
}

type ctxKey struct{}

// WithAttrs returns a context whose log lines carry the given attributes in addition to any
// already on ctx.
func WithAttrs(ctx context.Context, attrs ...slog.Attr) context.Context {
	prev, _ := ctx.Value(ctxKey{}).([]slog.Attr)
	merged := make([]slog.Attr, 0, len(prev)+len(attrs))
	merged = append(append(merged, prev...), attrs...)
	return context.WithValue(ctx, ctxKey{}, merged)
}

// ctxHandler adds the context's attributes to each record.
type ctxHandler struct{ next slog.Handler }

func (h *ctxHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h *ctxHandler) Handle(ctx context.Context, r slog.Record) error {
	if attrs, ok := ctx.Value(ctxKey{}).([]slog.Attr); ok {
		r = r.Clone()
		r.AddAttrs(attrs...)
	}
	return h.next.Handle(ctx, r)
}

func (h *ctxHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &ctxHandler{next: h.next.WithAttrs(attrs)}
}

func (h *ctxHandler) WithGroup(name string) slog.Handler {
	return &ctxHandler{next: h.next.WithGroup(name)}
}
