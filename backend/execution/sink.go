package execution

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/events"
)

// Batching: a batch is committed (its chunk rows) and published when it is this old or this big.
// 25 ms keeps the line-to-viewer latency low. The lines themselves reach the log file as they are
// read, while they are in the CPU cache, so the byte bound only sets how often a flood commits:
// each commit is a round trip to the database's single writer.
const (
	flushEvery    = 25 * time.Millisecond
	flushLines    = 10000
	flushBytes    = 4 << 20
	tailKeepLines = 10000   // lines kept (and stored at the end) after the output cap
	tailKeepBytes = 8 << 20 // and at most this many bytes of them
)

// lineStore is the part of Store the sink needs.
type lineStore interface {
	inlineLimit() int64
	createLog(id string) (*logWriter, error)
	appendChunks(ctx context.Context, id string, rows []chunkRow, lineCount, storedBytes int64) error
}

// subscriberChecker is implemented by emitters that can tell whether an event has a listener
// (events.Bus); building a live batch nobody reads is most of a flood's cost otherwise.
type subscriberChecker interface {
	HasSubscriber(name string) bool
}

// sink numbers lines, feeds the parser, writes them to the run's log file, and commits and
// publishes them in batches. While it follows a running CLI, the pipes' readers and its flush
// ticker take turns under mu; otherwise one goroutine uses it.
type sink struct {
	mu       sync.Mutex
	id       string
	event    string
	store    lineStore
	em       events.Emitter
	log      *slog.Logger
	parser   agent.Parser
	capBytes int64
	redact   *redactor // the run's secret values, in case a CLI echoes them

	seq         int64
	storedBytes int64
	truncated   bool
	b           *batch
	ts          tsCache
	tail        []tailLine // after the cap: the latest lines, stored at the end
	tailBytes   int

	file     *logWriter
	storeErr error
	liveTS   tsCache
	running  bool // between follow and its done: the CLI's output is coming

	// A storage failure (see storefail.go). okSeq and okBytes are the run's figures as far as the
	// store holds them: those of the last batch that was persisted.
	okSeq, okBytes int64
	failedAt       int64           // okSeq when storing failed: the last CLI line kept
	broken         bool            // set at the failure: the sink drops the CLI's output
	onFail         func(err error) // told once, at the failure
	freeSpace      func()          // gives back the data directory's reserve when the disk is full
	dropped        int64           // CLI lines dropped by the sink after the failure
	degraded       bool            // after the failure: only Agented's own lines are stored, inline
	lost           int64           // CLI lines neither stored nor shown because of the failure

	// fed, when set, is told after every read of the CLI's output has gone through the parser:
	// the run's guard reads the live usage and the time of the output there.
	fed func()
}

type tailLine struct {
	Line
	ms int64
}

func newSink(id string, st lineStore, em events.Emitter, log *slog.Logger, parser agent.Parser, capBytes int64) *sink {
	return &sink{id: id, event: events.ExecutionLog(id), store: st, em: em, log: log, parser: parser,
		capBytes: capBytes, redact: newRedactor(nil), b: &batch{}}
}

// follow starts taking the output of a running CLI: take stores a block of one pipe's lines and
// may be called from one goroutine per pipe; meanwhile a goroutine started with spawn (a
// panic-safe goroutine starter) flushes every flushEvery. done stops it and flushes what is left;
// the sink is then used by one goroutine again.
func (s *sink) follow(spawn func(func())) (take func(block), done func()) {
	s.running = true
	stop, stopped := make(chan struct{}), make(chan struct{})
	spawn(func() {
		defer close(stopped)
		tick := time.NewTicker(flushEvery)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				s.mu.Lock()
				s.flush()
				s.mu.Unlock()
			}
		}
	})
	take = func(b block) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.addBlock(b.stream, b.ms, b.data)
		if s.b.lines >= flushLines || s.b.bytes >= flushBytes {
			s.flush()
		}
	}
	done = func() {
		close(stop)
		<-stopped
		s.mu.Lock()
		defer s.mu.Unlock()
		s.flush()
		s.running = false
	}
	return take, done
}

// system adds lines written by Agented itself (start, exit, timeout notices).
func (s *sink) system(text string) {
	text = strings.ToValidUTF8(s.redact.text(text), "\uFFFD")
	ms := time.Now().UnixMilli()
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		s.add(streamCode(StreamSystem), ms, []byte(l+"\n"))
	}
}

// addBlock adds the lines of one read (each followed by "\n"). While the run is under its
// output cap, the whole read is stored at once; the read that crosses it goes line by line.
func (s *sink) addBlock(stream string, ms int64, data []byte) {
	if s.broken {
		// Storing failed and the run is being stopped: what it still prints is neither stored
		// nor shown, so no viewer sees a line that reading the log later would not find.
		s.dropped += int64(bytes.Count(data, []byte{'\n'}))
		return
	}
	if len(s.redact.secrets) > 0 && s.redact.in(data) {
		data = s.redact.bytes(data)
	}
	n := bytes.Count(data, []byte{'\n'})
	if n == 0 {
		return
	}
	agent.Feed(s.parser, s.seq+1, stream, data)
	if s.fed != nil {
		s.fed()
	}
	code := streamCode(stream)
	if size := int64(len(data) - n); !s.truncated && s.storedBytes+size <= s.capBytes {
		s.seq += int64(n)
		s.storedBytes += size
		s.keep(s.seq-int64(n)+1, n, code, ms, data)
		return
	}
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		s.add(code, ms, data[:i+1])
		data = data[i+1:]
	}
}

// add numbers and keeps one line, given with its "\n".
func (s *sink) add(code byte, ms int64, line []byte) {
	// While the CLI runs a failure drops its lines (the rest of a read that failed to be stored,
	// here). Numbering restarts after the last stored line once it is done.
	if s.storeErr != nil && !s.degraded {
		if s.running {
			s.dropped++
			return
		}
		s.rewind()
	}
	s.seq++
	size := int64(len(line) - 1)
	switch {
	case s.degraded, !s.truncated && s.storedBytes+size <= s.capBytes:
		s.storedBytes += size
		s.keep(s.seq, 1, code, ms, line)
	case !s.truncated:
		s.truncated = true
		crossing := s.seq
		s.keepTail(code, ms, line)
		// The marker is stored in place of the line that crossed the cap; that line joins the tail.
		s.seq++
		marker := fmt.Sprintf("[agented] output cap of %d MiB reached at line %d: later lines are shown live but only the last %d are stored",
			s.capBytes>>20, crossing, tailKeepLines)
		s.keep(s.seq, 1, streamCode(StreamSystem), ms, []byte(marker+"\n"))
	default:
		s.keepTail(code, ms, line)
	}
}

// keepTail shows a line that is over the cap and keeps it among the latest ones.
func (s *sink) keepTail(code byte, ms int64, line []byte) {
	l := tailLine{Line{Seq: s.seq, Stream: streamName(code), TS: s.ts.format(ms), Text: string(line[:len(line)-1])}, ms}
	s.b.show(l.Line)
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
			s.tail = append([]tailLine(nil), s.tail[drop:]...)
		} else {
			s.tail = s.tail[drop:]
		}
	}
}

// flush persists the batch, then publishes it: a viewer that reads the store after an event
// always finds the lines the event announced. Whether anyone listens is asked after the store,
// so a viewer that subscribes in between finds the lines in one or the other.
func (s *sink) flush() {
	if s.b.lines == 0 {
		return
	}
	s.b.lineCount, s.b.storedBytes = s.seq, s.storedBytes
	s.write(s.b)
	s.b.reset()
}

// write persists and publishes a complete batch. A batch that could not be stored is not shown
// either: a viewer never sees a sequence number that reading the log later would not find.
func (s *sink) write(b *batch) {
	if !s.persist(b) {
		return
	}
	s.publish(b)
}

// publish sends a stored batch to the run's live viewers, its lines read back from the log file:
// a flood nobody watches is never kept in memory.
func (s *sink) publish(b *batch) {
	if c, ok := s.em.(subscriberChecker); ok && !c.HasSubscriber(s.event) {
		return
	}
	lines, err := b.payload(&s.liveTS, func(off, n int64) ([]byte, error) {
		if s.file == nil {
			return nil, errBadChunk
		}
		return s.file.readAt(off, n)
	})
	if err != nil {
		s.log.Error("read back stored lines to show them", "execution_id", s.id, "err", err)
		return
	}
	s.em.Emit(s.event, LogBatch{ExecutionID: s.id, Lines: lines})
}

// inlineLogBytes is how much of a run's output stays inside its chunk rows before the run gets a
// log file. Most runs print far less; creating, writing and later deleting a file for each of
// them would cost more than the rows do (a burst of webhook runs spent a fifth of its CPU there).
const inlineLogBytes = 256 << 10

// persist commits a batch's chunk rows, after what is still gathered for the log file; while
// the run is small, the rows carry the text themselves. It reports whether the batch may be
// shown: stored, or holding only lines over the output cap while storing still works.
func (s *sink) persist(b *batch) bool {
	if len(b.segs) == 0 {
		return s.storeErr == nil
	}
	if s.storeErr != nil && !s.degraded {
		return false
	}
	if err := s.save(b); err != nil {
		if s.storeErr == nil {
			s.fail(err)
		} else {
			s.log.Error("store agented's own log lines after a storage failure", "execution_id", s.id, "err", err)
			s.seq, s.storedBytes = s.okSeq, s.okBytes // the next line takes the number again
		}
		return false
	}
	s.okSeq, s.okBytes = b.lineCount, b.storedBytes
	return true
}

// save commits a batch's rows once the log file holds every line they point at.
func (s *sink) save(b *batch) error {
	if s.file != nil && !s.degraded {
		if err := s.file.writePending(); err != nil {
			return err
		}
	}
	return s.appendRows(b.rows(), b)
}

// keep stores n lines numbered from seq: in the batch, for inline rows, while the run is small
// (and after a storage failure, when the log file may be what failed), else in the log file at
// once. The run's storedBytes already counts them. A failed write is the run's storage failure:
// the batch's lines are lost with it, as when its rows fail.
func (s *sink) keep(seq int64, n int, code byte, ms int64, data []byte) {
	if s.degraded || (s.file == nil && s.storedBytes <= s.store.inlineLimit()) {
		s.b.store(seq, n, code, ms, data, inBatch)
		return
	}
	if s.storeErr != nil {
		return
	}
	if s.file == nil {
		f, err := s.store.createLog(s.id)
		if err != nil {
			s.fail(err)
			return
		}
		s.file = f
	}
	at, err := s.file.append(data)
	if err != nil {
		s.fail(err)
		return
	}
	s.b.store(seq, n, code, ms, data, at)
}

// finish stores the kept tail after a truncated run and closes the log file.
func (s *sink) finish() {
	s.flush()
	if s.truncated && len(s.tail) > 0 && s.storeErr == nil {
		for _, l := range s.tail {
			s.keep(l.Seq, 1, streamCode(l.Stream), l.ms, []byte(l.Text+"\n"))
		}
		s.b.lineCount, s.b.storedBytes = s.seq, s.storedBytes
		s.persist(s.b) // already shown live: stored only
		s.b.reset()
		s.tail = nil
	}
	if s.file != nil {
		err := s.file.close()
		s.file = nil
		if err != nil && s.storeErr == nil {
			s.fail(fmt.Errorf("close log: %w", err))
		}
	}
}

// resumeAt continues a log that already holds lineCount lines (storedBytes bytes): a run back
// from waiting for a reset numbers its next lines after them, in the same log.
func (s *sink) resumeAt(lineCount, storedBytes int64) {
	s.seq, s.storedBytes = lineCount, storedBytes
	s.okSeq, s.okBytes = lineCount, storedBytes
}
