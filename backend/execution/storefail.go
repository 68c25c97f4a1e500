package execution

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/agented/agented/backend/db"
)

// When a run's output cannot be stored (the log file cannot be created, written or closed, or a
// chunk row cannot be inserted), the run does not go on as if nothing happened:
//
//   - the sink stops storing and showing the CLI's output: a line is published live only once it
//     is stored, so the live view and the stored log end at the same line;
//   - a system line saying what failed is stored right after the last stored line, in a chunk row
//     (the log file may be the part that failed), and shown live; when even that row cannot be
//     written the line is not shown, and the notification and the run's error say it instead;
//   - the engine is told at once: it stops the process like a cancel (SIGTERM to the group, the
//     grace period, SIGKILL), announces a notification, and the run ends failed with failure kind
//     "storage", a warning, and the line count and bytes the store really holds.
//
// A busy database is not a failure: the write is retried for up to busyPatience, the sink (and so
// the CLI, through its pipe) waiting meanwhile.

// busyPatience bounds how long a batch waits for a busy database before that counts as a
// storage failure. SQLite's busy_timeout has already waited before each attempt returns.
const busyPatience = time.Minute

// isBusy reports a lock held by another connection or process: transient, worth retrying.
func isBusy(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "SQLITE_LOCKED") ||
		strings.Contains(msg, "database is locked") || strings.Contains(msg, "database table is locked")
}

// appendRows records chunk rows with the batch's figures, retrying while the database is busy.
func (s *sink) appendRows(rows []chunkRow, b *batch) error {
	deadline := time.Now().Add(busyPatience)
	wait := 50 * time.Millisecond
	for {
		err := s.store.appendChunks(context.Background(), s.id, rows, b.lineCount, b.storedBytes)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		s.log.Warn("database busy, storing log lines again", "execution_id", s.id, "err", err)
		time.Sleep(wait)
		wait = min(2*wait, time.Second)
	}
}

// fail records the first storage failure, stores the notice line and tells the engine.
func (s *sink) fail(err error) {
	s.storeErr = err
	s.failedAt = s.okSeq
	s.broken = true
	s.log.Error("store log lines: the run's output can no longer be stored", "execution_id", s.id, "stored_lines", s.okSeq, "err", err)
	if db.IsDiskFull(err) && s.freeSpace != nil {
		// Without room the notice below and the run's outcome could not be stored either.
		s.freeSpace()
	}
	s.storeNotice(fmt.Sprintf("[agented] output could not be stored: %v. Later output is neither stored nor shown; the run is stopped.", err))
	if s.onFail != nil {
		s.onFail(err)
	}
}

// storeNotice stores one line of Agented's own right after the last stored line, in a chunk row,
// and shows it once stored.
func (s *sink) storeNotice(text string) {
	text = strings.ToValidUTF8(s.redact.text(text), "\uFFFD")
	b := &batch{}
	b.store(s.okSeq+1, 1, streamCode(StreamSystem), time.Now().UnixMilli(), []byte(text+"\n"), inBatch)
	b.lineCount, b.storedBytes = s.okSeq+1, s.okBytes+int64(len(text))
	if err := s.appendRows(b.rows(), b); err != nil {
		s.log.Error("store the storage failure notice", "execution_id", s.id, "err", err)
		return
	}
	s.okSeq, s.okBytes = b.lineCount, b.storedBytes
	s.publish(b)
}

// rewind is called by the first line added after a failure, once the writer is done: numbering
// continues after the last stored line, and only Agented's own lines are stored from then on.
func (s *sink) rewind() {
	s.lost = s.seq - s.failedAt + s.dropped
	s.seq, s.storedBytes = s.okSeq, s.okBytes
	s.b.reset()
	s.tail, s.tailBytes = nil, 0
	s.degraded = true
}

// storageFailed reports the CLI lines a storage failure cost and the failure, if any (valid
// after run).
func (s *sink) storageFailed() (lost int64, err error) {
	switch {
	case s.storeErr == nil:
		return 0, nil
	case !s.degraded:
		return s.seq - s.failedAt + s.dropped, s.storeErr
	}
	return s.lost, s.storeErr
}

// recordOutcome stores a finished run. A full disk or a busy database is retried for up to
// busyPatience, after giving back the reserve: a run left "running" in the store because its
// last write failed would look alive until the next start.
func (e *Engine) recordOutcome(ctx context.Context, ex Execution, a *Attempt, log *slog.Logger) error {
	deadline := time.Now().Add(busyPatience)
	wait := 50 * time.Millisecond
	for {
		err := e.d.Store.finish(ctx, ex, a)
		if errors.Is(err, errAttemptNotSaved) {
			log.Error("save attempt", "attempt", a.Attempt, "err", err)
			return nil // the outcome itself is stored
		}
		if err == nil || !(isBusy(err) || db.IsDiskFull(err)) || time.Now().After(deadline) {
			return err
		}
		if db.IsDiskFull(err) {
			e.releaseReserve()
		}
		log.Warn("record outcome again", "err", err)
		time.Sleep(wait)
		wait = min(2*wait, 2*time.Second)
	}
}

// releaseReserve gives back the data directory's reserve, once; later calls find none.
func (e *Engine) releaseReserve() {
	if e.d.Reserve != nil && e.d.Reserve.Release() {
		e.log.Warn("the disk is full: released the data directory's space reserve to record what happened; free some space, the reserve is made again at the next start")
	}
}
