package execution

import (
	"encoding/binary"
	"slices"
)

// batch holds a run's lines since the last flush. The text of stored lines sits in text exactly
// as it goes to the log file, so a flush is one write; the live event is decoded from the same
// bytes only when someone listens.
type batch struct {
	text  []byte    // stored lines, each followed by "\n"
	meta  []byte    // the segments' metas, back to back
	segs  []segment // runs of consecutive stored lines: one chunk row each
	base  int64     // time of the last segment's first line
	live  []Line    // lines over the output cap: shown live only (they wait in the tail)
	lines int       // all lines of the batch, stored or not

	// The run's figures once the batch is complete, recorded with its chunks.
	lineCount, storedBytes int64
}

// segment is one chunk of the batch: consecutive sequence numbers, and where its text and meta
// are in the batch.
type segment struct {
	first, last      int64
	textFrom, textTo int
	metaFrom, metaTo int
}

// store adds n lines that share a stream and a time (one read), with consecutive sequence
// numbers from seq; data is their text, each line followed by "\n".
func (b *batch) store(seq int64, n int, code byte, ms int64, data []byte) {
	if k := len(b.segs); k == 0 || b.segs[k-1].last != seq-1 {
		b.segs = append(b.segs, segment{first: seq, textFrom: len(b.text), metaFrom: len(b.meta)})
		b.base = ms
		b.meta = binary.BigEndian.AppendUint64(b.meta, uint64(ms))
	}
	// Every line of the read has the same meta entry; a clock stepping back is recorded as no
	// time passing rather than breaking the encoding.
	var entry [1 + binary.MaxVarintLen64]byte
	entry[0] = code
	size := 1 + binary.PutUvarint(entry[1:], uint64(max(ms-b.base, 0)))
	for range n {
		b.meta = append(b.meta, entry[:size]...)
	}
	b.text = append(b.text, data...)
	sg := &b.segs[len(b.segs)-1]
	sg.last = seq + int64(n) - 1
	sg.textTo, sg.metaTo = len(b.text), len(b.meta)
	b.lines += n
}

// show adds a line that is not stored.
func (b *batch) show(l Line) {
	b.live = append(b.live, l)
	b.lines++
}

// rows returns the chunk rows of the stored lines, written to the log file at off. They share
// the batch's memory until reset.
func (b *batch) rows(off int64) []chunkRow {
	rows := make([]chunkRow, len(b.segs))
	for i, sg := range b.segs {
		rows[i] = chunkRow{first: sg.first, last: sg.last, offset: off + int64(sg.textFrom),
			length: int64(sg.textTo - sg.textFrom), meta: b.meta[sg.metaFrom:sg.metaTo]}
	}
	return rows
}

// inlineRows returns the chunk rows of the stored lines with their text in the row.
func (b *batch) inlineRows() []chunkRow {
	rows := b.rows(0)
	for i, sg := range b.segs {
		rows[i].text, rows[i].inline = b.text[sg.textFrom:sg.textTo], true
	}
	return rows
}

// payload returns every line of the batch in sequence order, for the live event.
func (b *batch) payload(ts *tsCache) []Line {
	out := make([]Line, 0, b.lines)
	for _, sg := range b.segs {
		// The batch encoded these bytes itself; they cannot be corrupt.
		_ = walkChunk(sg.first, b.meta[sg.metaFrom:sg.metaTo], b.text[sg.textFrom:sg.textTo],
			func(seq int64, code byte, ms int64, line []byte) bool {
				out = append(out, Line{Seq: seq, Stream: streamName(code), TS: ts.format(ms), Text: string(line)})
				return true
			})
	}
	if len(b.live) > 0 {
		out = append(out, b.live...)
		slices.SortFunc(out, func(x, y Line) int { return int(x.Seq - y.Seq) })
	}
	return out
}

// reset empties the batch, keeping its buffers for the next one.
func (b *batch) reset() {
	b.text, b.meta, b.segs, b.live, b.lines = b.text[:0], b.meta[:0], b.segs[:0], nil, 0
}
