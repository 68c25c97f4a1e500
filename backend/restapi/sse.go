package restapi

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"
)

// sseWriter frames Server-Sent Events. Data is one line of JSON: encoding/json escapes every
// newline and carriage return inside strings, so a log line can never break a frame.
type sseWriter struct {
	w         io.Writer
	rc        *http.ResponseController
	buf       []byte
	lastWrite time.Time // real time of the last flush, for the idle heartbeat
}

func newSSEWriter(w http.ResponseWriter) *sseWriter {
	return &sseWriter{w: w, rc: http.NewResponseController(w), lastWrite: time.Now()}
}

// start sends the stream's headers. A server WriteTimeout would cut every stream after a fixed
// time however busy it is, so the deadline is lifted for this response (unsupported writers,
// such as httptest's recorder, have none to lift).
func (s *sseWriter) start(w http.ResponseWriter) error {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no") // nginx would otherwise hold events back in its buffer
	if err := s.rc.SetWriteDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return s.flush()
}

// event queues one event; id 0 means the event carries no id, so the client's Last-Event-ID
// stays at the last line it received.
func (s *sseWriter) event(id int64, name string, data any) error {
	b, err := json.Marshal(data)
	if err != nil {
		return err
	}
	if id > 0 {
		s.buf = append(s.buf, "id: "...)
		s.buf = strconv.AppendInt(s.buf, id, 10)
		s.buf = append(s.buf, '\n')
	}
	s.buf = append(s.buf, "event: "...)
	s.buf = append(s.buf, name...)
	s.buf = append(s.buf, "\ndata: "...)
	s.buf = append(s.buf, b...)
	s.buf = append(s.buf, "\n\n"...)
	return nil
}

// comment queues a comment line, which clients ignore; it keeps an idle connection open.
func (s *sseWriter) comment(text string) {
	s.buf = append(s.buf, ": "...)
	s.buf = append(s.buf, text...)
	s.buf = append(s.buf, "\n\n"...)
}

// flush writes what is queued and pushes it through to the client. A write error means the
// client is gone.
func (s *sseWriter) flush() error {
	if len(s.buf) > 0 {
		if _, err := s.w.Write(s.buf); err != nil {
			return err
		}
		// Keep the buffer unless it grew large (a 1000-line page), so memory stays bounded.
		if cap(s.buf) > 1<<20 {
			s.buf = nil
		} else {
			s.buf = s.buf[:0]
		}
	}
	s.lastWrite = time.Now()
	return s.rc.Flush()
}
