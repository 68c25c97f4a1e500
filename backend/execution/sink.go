package execution

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/events"
)

// Batching: a batch is persisted and published when it is this old or this big. 25 ms keeps the
// line-to-viewer latency low; the size bounds bound memory under a flood.
const (
	flushEvery    = 25 * time.Millisecond
	flushLines    = 2000
	flushBytes    = 1 << 20
	tailKeepLines = 10000   // lines kept (and stored at the end) after the output cap
	tailKeepBytes = 8 << 20 // and at most this many bytes of them
)

// lineStore is the part of Store the sink needs.
type lineStore interface {
	AppendLines(ctx context.Context, id string, lines []Line, lineCount, storedBytes int64) error
}

// sink numbers lines, feeds the parser, and persists and publishes them in batches. It is used by
// one goroutine only.
type sink struct {
	id       string
	store    lineStore
	em       events.Emitter
	log      *slog.Logger
	parser   agent.Parser
	capBytes int64
	secrets  []string // values to redact if a CLI echoes them

	seq         int64
	storedBytes int64
	truncated   bool
	batch       []Line // lines to publish
	toStore     []Line // the subset of batch to persist
	batchBytes  int
	tail        []Line // after the cap: the latest lines, stored at the end
	tailBytes   int
	storeErr    error
}

func newSink(id string, st lineStore, em events.Emitter, log *slog.Logger, parser agent.Parser, capBytes int64) *sink {
	return &sink{id: id, store: st, em: em, log: log, parser: parser, capBytes: capBytes}
}

// run consumes lines until in is closed, flushing on a ticker, then flushes what is left.
func (s *sink) run(in <-chan rawLine) {
	tick := time.NewTicker(flushEvery)
	defer tick.Stop()
	for {
		select {
		case l, ok := <-in:
			if !ok {
				s.flush()
				return
			}
			s.add(l.stream, l.text, l.at)
			if len(s.batch) >= flushLines || s.batchBytes >= flushBytes {
				s.flush()
			}
		case <-tick.C:
			s.flush()
		}
	}
}

// system adds a line written by Agented itself (start, exit, timeout notices).
func (s *sink) system(text string) { s.add(StreamSystem, text, time.Now()) }

func (s *sink) add(stream, text string, at time.Time) {
	text = redactText(text, s.secrets)
	s.seq++
	l := Line{Seq: s.seq, Stream: stream, TS: at.UTC().Format("2006-01-02T15:04:05.000Z07:00"), Text: text}
	if stream != StreamSystem {
		s.parser.Line(l.Seq, stream, text)
	}
	s.batch = append(s.batch, l)
	s.batchBytes += len(text)
	switch {
	case !s.truncated && s.storedBytes+int64(len(text)) <= s.capBytes:
		s.toStore = append(s.toStore, l)
		s.storedBytes += int64(len(text))
	case !s.truncated:
		s.truncated = true
		s.seq++
		marker := Line{Seq: s.seq, Stream: StreamSystem, TS: l.TS, Text: fmt.Sprintf(
			"[agented] output cap of %d MiB reached at line %d: later lines are shown live but only the last %d are stored",
			s.capBytes>>20, l.Seq, tailKeepLines)}
		// The marker is stored in place of the line that crossed the cap; that line joins the tail.
		s.toStore = append(s.toStore, marker)
		s.batch = append(s.batch, marker)
		s.keepTail(l)
	default:
		s.keepTail(l)
	}
}

func (s *sink) keepTail(l Line) {
	s.tail = append(s.tail, l)
	s.tailBytes += len(l.Text)
	drop := 0
	for len(s.tail)-drop > tailKeepLines || (s.tailBytes > tailKeepBytes && len(s.tail)-drop > 1) {
		s.tailBytes -= len(s.tail[drop].Text)
		drop++
	}
	if drop > 0 {
		// Copy when a quarter is dead so the backing array does not grow without bound.
		if drop > len(s.tail)/4 {
			s.tail = append([]Line(nil), s.tail[drop:]...)
		} else {
			s.tail = s.tail[drop:]
		}
	}
}

// flush persists the batch, then publishes it: a viewer that reads the store after an event
// always finds the lines the event announced.
func (s *sink) flush() {
	if len(s.batch) == 0 {
		return
	}
	if len(s.toStore) > 0 && s.storeErr == nil {
		if err := s.store.AppendLines(context.Background(), s.id, s.toStore, s.seq, s.storedBytes); err != nil {
			// Keep streaming to the UI; the run ends with a warning instead of hanging on a full disk.
			s.storeErr = err
			s.log.Error("store log lines", "execution_id", s.id, "err", err)
		}
	}
	s.em.Emit(events.ExecutionLog(s.id), LogBatch{ExecutionID: s.id, Lines: s.batch})
	s.batch, s.toStore, s.batchBytes = nil, nil, 0
}

// finish stores the kept tail after a truncated run.
func (s *sink) finish() {
	s.flush()
	if !s.truncated || len(s.tail) == 0 || s.storeErr != nil {
		return
	}
	for start := 0; start < len(s.tail); start += flushLines {
		end := min(start+flushLines, len(s.tail))
		if err := s.store.AppendLines(context.Background(), s.id, s.tail[start:end], s.seq, s.storedBytes); err != nil {
			s.storeErr = err
			return
		}
	}
}
