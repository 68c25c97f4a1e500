package execution

import (
	"encoding/binary"
	"errors"
	"strings"
	"time"
)

// A chunk is one persisted batch of lines. meta encodes, per line, the stream code (1 byte) and
// the time as a uvarint of milliseconds since the chunk's first line (the first line's time is an
// 8-byte Unix-millisecond prefix). text is the lines joined by "\n".

const timeLayout = "2006-01-02T15:04:05.000Z07:00"

func encodeChunk(lines []Line) (meta []byte, text string) {
	var base int64
	meta = make([]byte, 8, 8+len(lines)*3)
	var sb strings.Builder
	for i, l := range lines {
		ms := parseMillis(l.TS)
		if i == 0 {
			base = ms
			binary.BigEndian.PutUint64(meta, uint64(base))
		} else {
			sb.WriteByte('\n')
		}
		meta = append(meta, byte(streamCode(l.Stream)))
		meta = binary.AppendUvarint(meta, uint64(max(ms-base, 0)))
		sb.WriteString(l.Text)
	}
	return meta, sb.String()
}

var errBadChunk = errors.New("corrupt log chunk")

func decodeChunk(firstSeq int64, meta []byte, text string) ([]Line, error) {
	if len(meta) < 8 {
		return nil, errBadChunk
	}
	base := int64(binary.BigEndian.Uint64(meta))
	meta = meta[8:]
	texts := strings.Split(text, "\n")
	out := make([]Line, 0, len(texts))
	for i, t := range texts {
		if len(meta) < 2 {
			return nil, errBadChunk
		}
		st := int(meta[0])
		d, n := binary.Uvarint(meta[1:])
		if n <= 0 {
			return nil, errBadChunk
		}
		meta = meta[1+n:]
		out = append(out, Line{Seq: firstSeq + int64(i), Stream: streamName(st),
			TS: time.UnixMilli(base + int64(d)).UTC().Format(timeLayout), Text: t})
	}
	return out, nil
}

func parseMillis(ts string) int64 {
	t, err := time.Parse(timeLayout, ts)
	if err != nil {
		return 0
	}
	return t.UnixMilli()
}
