package project

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// CloneProgress is one step of a clone or sync, sent as clone:progress:<projectId>.
type CloneProgress struct {
	ProjectID string `json:"projectId"`
	Op        string `json:"op"`      // clone | sync
	Phase     string `json:"phase"`   // git's phase ("Counting objects", "Compressing objects", ...) or ours ("Connecting", "Receiving objects", "Checking out files", "Done")
	Percent   int    `json:"percent"` // 0..100 within the phase; -1 when git does not say
	Objects   int64  `json:"objects"` // objects done in the phase
	Total     int64  `json:"total"`   // objects in the phase; 0 when unknown
	Done      bool   `json:"done"`    // the clone or sync has ended; Status and Error say how
	Status    string `json:"status"`  // the clone status once done
	Error     string `json:"error"`
}

// Phases Agented reports itself: go-git prints nothing while it receives the pack or checks out.
const (
	PhaseConnecting = "Connecting"
	PhaseReceiving  = "Receiving objects"
	PhaseCheckout   = "Checking out files"
	PhaseDone       = "Done"
)

var (
	// "Counting objects:  45% (3600/8000)" and "Compressing objects: 100% (8141/8141), done."
	phaseRe = regexp.MustCompile(`^(?:remote:\s*)?([A-Za-z][A-Za-z ]*?):\s+(\d{1,3})% \((\d+)/(\d+)\)`)
	// "Enumerating objects: 16000, done." (a count without a total)
	countRe = regexp.MustCompile(`^(?:remote:\s*)?([A-Za-z][A-Za-z ]*?):\s+(\d+)(?:, done\.)?$`)
	// "Total 16000 (delta 7839), reused 0 (delta 0), pack-reused 0"
	totalRe = regexp.MustCompile(`^(?:remote:\s*)?Total (\d+)`)
)

// progressWriter turns git's sideband text (lines ended by \r or \n) into CloneProgress
// events, at most one per interval except on a phase change.
type progressWriter struct {
	emit     func(CloneProgress)
	base     CloneProgress
	interval time.Duration
	now      func() time.Time

	mu   sync.Mutex
	buf  []byte
	last CloneProgress
	sent time.Time
}

func newProgressWriter(base CloneProgress, emit func(CloneProgress)) *progressWriter {
	return &progressWriter{emit: emit, base: base, interval: 100 * time.Millisecond, now: time.Now}
}

// Write never fails: a line that is not progress is skipped.
func (w *progressWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexAny(w.buf, "\r\n")
		if i < 0 {
			break
		}
		line := strings.TrimSpace(string(w.buf[:i]))
		w.buf = w.buf[i+1:]
		if ev, ok := parseProgress(line); ok {
			w.send(ev, false)
		}
	}
	if len(w.buf) > 4096 { // no progress line is this long: drop what cannot be one
		w.buf = w.buf[:0]
	}
	return len(p), nil
}

// phase reports a phase of Agented's own.
func (w *progressWriter) phase(name string, objects, total int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	pct := -1
	if total > 0 {
		pct = int(objects * 100 / total)
	}
	w.send(CloneProgress{Phase: name, Percent: pct, Objects: objects, Total: total}, true)
}

// Last is the most recent progress.
func (w *progressWriter) Last() CloneProgress {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.last
}

// finish sends the final event, always.
func (w *progressWriter) finish(status, errText string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	ev := w.last
	ev.Done, ev.Status, ev.Error = true, status, errText
	if errText == "" {
		ev.Phase, ev.Percent = PhaseDone, 100
	}
	w.send(ev, true)
}

func (w *progressWriter) send(ev CloneProgress, force bool) {
	ev.ProjectID, ev.Op = w.base.ProjectID, w.base.Op
	if ev.Phase == "Total" { // the server's summary: the pack that follows has this many objects
		ev = CloneProgress{ProjectID: ev.ProjectID, Op: ev.Op, Phase: PhaseReceiving, Percent: -1, Total: ev.Total}
		force = true
	}
	changed := ev.Phase != w.last.Phase || ev.Percent == 100
	now := w.now()
	w.last = ev
	if force || changed || now.Sub(w.sent) >= w.interval {
		w.sent = now
		w.emit(ev)
	}
}

// parseProgress reads one sideband line.
func parseProgress(line string) (CloneProgress, bool) {
	if m := phaseRe.FindStringSubmatch(line); m != nil {
		pct, _ := strconv.Atoi(m[2])
		done, _ := strconv.ParseInt(m[3], 10, 64)
		total, _ := strconv.ParseInt(m[4], 10, 64)
		return CloneProgress{Phase: m[1], Percent: min(pct, 100), Objects: done, Total: total}, true
	}
	if m := totalRe.FindStringSubmatch(line); m != nil {
		total, _ := strconv.ParseInt(m[1], 10, 64)
		return CloneProgress{Phase: "Total", Total: total}, true
	}
	if m := countRe.FindStringSubmatch(line); m != nil {
		n, _ := strconv.ParseInt(m[2], 10, 64)
		return CloneProgress{Phase: m[1], Percent: -1, Objects: n}, true
	}
	return CloneProgress{}, false
}
