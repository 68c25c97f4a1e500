package execution

import (
	"bytes"
	"encoding/binary"
	"errors"
	"time"
)

// A chunk is one persisted run of lines with consecutive sequence numbers. Its meta encodes, per
// line, the stream code (1 byte) and the time as a uvarint of milliseconds since the chunk's
// first line (the first line's time is an 8-byte Unix-millisecond prefix). Its text is the lines
// joined by "\n": in a log file each line is followed by one, in a row from before the log files
// they are only separated.

const timeLayout = "2006-01-02T15:04:05.000Z07:00"

var errBadChunk = errors.New("corrupt log chunk")

// walkChunk calls fn for each line of a chunk, in order, until fn returns false. The line is a
// view into text, valid only during the call.
func walkChunk(first int64, meta, text []byte, fn func(seq int64, stream byte, ms int64, line []byte) bool) error {
	if len(meta) < 8 {
		return errBadChunk
	}
	base := int64(binary.BigEndian.Uint64(meta))
	meta = meta[8:]
	ended := false // text had no more separator: a row's last line was taken
	for seq := first; len(meta) > 0; seq++ {
		if len(meta) < 2 || ended {
			return errBadChunk
		}
		code := meta[0]
		d, n := binary.Uvarint(meta[1:])
		if n <= 0 {
			return errBadChunk
		}
		meta = meta[1+n:]
		var line []byte
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			line, text, ended = text, nil, true
		}
		if !fn(seq, code, base+int64(d), line) {
			return nil
		}
	}
	return nil
}

// tsCache formats line times; the lines of one read share their time, so most calls hit.
type tsCache struct {
	ms int64
	s  string
}

func (c *tsCache) format(ms int64) string {
	if c.s == "" || ms != c.ms {
		c.ms, c.s = ms, time.UnixMilli(ms).UTC().Format(timeLayout)
	}
	return c.s
}

// streamCode maps stream names to the stored code and back.
func streamCode(s string) byte {
	switch s {
	case StreamStderr:
		return 1
	case StreamSystem:
		return 2
	}
	return 0
}

func streamName(c byte) string {
	switch c {
	case 1:
		return StreamStderr
	case 2:
		return StreamSystem
	}
	return StreamStdout
}
