package terminal

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"sync"
	"time"

	"github.com/agented/agented/backend/events"
)

// Output batching: a read that comes after a quiet moment is published at once (a keystroke's
// echo must not wait), later reads within flushWindow are gathered into one event, and a batch
// never grows past maxBatch (a flood then goes out in pieces of that size).
const (
	flushWindow = 4 * time.Millisecond
	maxBatch    = 128 << 10
	readBuf     = 32 << 10
	// readerDrain bounds how long the output of an exited session is still read when something
	// outside its session keeps the terminal open.
	readerDrain = 2 * time.Second
)

type session struct {
	id        string
	seq       uint64
	projectID string
	em        events.Emitter
	event     string // pty:output:<id>

	cmd        *exec.Cmd
	pty        *os.File
	pid        int
	readerDone chan struct{} // closed when the reader has published its last byte
	done       chan struct{} // closed when the program, its session and the terminal are gone

	writeMu sync.Mutex // keeps concurrent writes whole and in order

	mu        sync.Mutex
	info      Session
	ring      *ring
	pending   []byte // read, not yet published
	lastFlush time.Time
	armed     bool // a flush timer is pending
}

func newSession(id string, seq uint64, o StartOptions, scrollback int, em events.Emitter) *session {
	return &session{
		id: id, seq: seq, projectID: o.ProjectID, em: em, event: events.PtyOutput(id),
		readerDone: make(chan struct{}), done: make(chan struct{}),
		ring: newRing(scrollback),
		info: Session{ID: id, ProjectID: o.ProjectID, Dir: o.Dir, Kind: o.Kind, Args: slices.Clone(o.Args),
			Title: o.Title, Rows: o.Rows, Cols: o.Cols, Status: StatusRunning},
	}
}

func (s *session) start(path string, argv, env []string) error {
	s.cmd = exec.Command(path, argv...)
	s.cmd.Dir = s.info.Dir
	s.cmd.Env = env
	f, err := startPTY(s.cmd, s.info.Rows, s.info.Cols)
	if err != nil {
		return err
	}
	s.pty, s.pid = f, s.cmd.Process.Pid
	s.mu.Lock()
	s.info.PID = s.pid
	s.info.Title = title(StartOptions{Kind: s.info.Kind, Title: s.info.Title}, path)
	s.info.StartedAt = time.Now().UTC().Format(time.RFC3339)
	s.mu.Unlock()
	return nil
}

// Info returns the session's current description.
func (s *session) Info() Session {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.info
	in.Args = slices.Clone(in.Args)
	return in
}

func (s *session) exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

func (s *session) write(data string) error {
	if s.exited() {
		return fmt.Errorf("%w: %s", ErrExited, s.id)
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	// A program that stops reading fills the terminal's input queue; the caller gets an error
	// instead of waiting forever.
	_ = s.pty.SetWriteDeadline(time.Now().Add(writeTimeout))
	if _, err := s.pty.Write([]byte(data)); err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return fmt.Errorf("write to terminal %s: the program has not read its input for %s", s.id, writeTimeout)
		}
		if s.exited() {
			return fmt.Errorf("%w: %s", ErrExited, s.id)
		}
		return fmt.Errorf("write to terminal %s: %w", s.id, err)
	}
	return nil
}

func (s *session) resize(rows, cols uint16) error {
	if s.exited() {
		return nil // the tab may still be fitted to its panel after the program ended
	}
	if err := setSize(s.pty, rows, cols); err != nil {
		return fmt.Errorf("resize terminal %s: %w", s.id, err)
	}
	s.mu.Lock()
	s.info.Rows, s.info.Cols = rows, cols
	s.mu.Unlock()
	return nil
}

func (s *session) snapshot() Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	data, start := s.ring.Bytes()
	in := s.info
	in.Args = slices.Clone(in.Args)
	return Snapshot{Session: in, Data: string(data), Start: start, End: s.ring.Total()}
}

// read publishes the terminal's output until the last process holding it is gone (EIO) or the
// waiter gives up on it.
func (s *session) read() {
	defer close(s.readerDone)
	buf := make([]byte, readBuf)
	for {
		n, err := s.pty.Read(buf)
		if n > 0 {
			s.received(buf[:n])
		}
		if err != nil {
			break
		}
	}
	s.mu.Lock()
	s.flushLocked(true)
	s.mu.Unlock()
}

func (s *session) received(p []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending = append(s.pending, p...)
	since := time.Since(s.lastFlush)
	switch {
	case len(s.pending) >= maxBatch, !s.armed && since >= flushWindow:
		s.flushLocked(false)
	case !s.armed:
		s.armed = true
		time.AfterFunc(flushWindow-since, s.timedFlush)
	}
}

func (s *session) timedFlush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.armed = false
	s.flushLocked(false)
}

// flushLocked moves the pending bytes into the scrollback and publishes them, in one step under
// s.mu: a Snapshot therefore always ends where a published batch ends. A character cut by the
// read boundary waits for the rest of its bytes, unless this is the final flush.
func (s *session) flushLocked(final bool) {
	n := len(s.pending)
	if !final {
		n = completeUTF8(s.pending)
	}
	if n == 0 {
		return
	}
	data := s.pending[:n]
	start := s.ring.Total()
	s.ring.Write(data)
	s.em.Emit(s.event, Output{ID: s.id, Offset: start, Data: string(data), Size: uint64(n)})
	rest := copy(s.pending, s.pending[n:])
	s.pending = s.pending[:rest]
	if cap(s.pending) > 2*maxBatch {
		s.pending = slices.Clone(s.pending) // a burst's buffer is not kept for an idle session
	}
	s.lastFlush = time.Now()
}

// wait reaps the program, ends whatever it left in its session, drains the output and closes the
// terminal. It runs once per session and closes done.
func (s *session) wait() {
	err := s.cmd.Wait()
	state := s.cmd.ProcessState
	endTree(s.pid, leftoverGrace)
	select {
	case <-s.readerDone:
	case <-time.After(readerDrain):
		// A process outside the session (it double-forked away) still holds the terminal.
		if s.pty.SetReadDeadline(time.Now()) != nil {
			_ = s.pty.Close()
		}
		<-s.readerDone
	}
	_ = s.pty.Close()
	s.mu.Lock()
	s.info.Status = StatusExited
	s.info.EndedAt = time.Now().UTC().Format(time.RFC3339)
	switch {
	case state != nil:
		s.info.ExitCode, s.info.ExitText = state.ExitCode(), state.String()
	default:
		s.info.ExitCode, s.info.ExitText = -1, err.Error()
	}
	s.mu.Unlock()
	close(s.done)
}

// end hangs up the session and waits until it is gone (or ctx ends).
func (s *session) end(ctx context.Context, grace time.Duration) error {
	if !s.exited() {
		endTree(s.pid, grace)
	}
	select {
	case <-s.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("end terminal %s: %w", s.id, ctx.Err())
	}
}
