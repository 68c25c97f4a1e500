package execution

import (
	"encoding/binary"
	"slices"
)

// batch holds a run's lines since the last flush: their numbering and times, and where their
// text is. While the run is small its lines stay in the batch, to be stored inside their chunk
// rows; once it has a log file they are written there as they come, and the batch only records
// where.
type batch struct {
	text  []byte    // lines kept for inline rows, each followed by "\n"
	meta  []byte    // the segments' metas, back to back
	segs  []segment // runs of consecutive stored lines: one chunk row each
	base  int64     // time of the last segment's first line
	live  []Line    // lines over the output cap: shown live only (they wait in the tail)
	lines int       // all lines of the batch, stored or not
	bytes int       // bytes of the stored lines, "\n" included

	// The run's figures once the batch is complete, recorded with its chunks.
	lineCount, storedBytes int64
}

// segment is one chunk of the batch: consecutive sequence numbers whose text is one range of the
// log file (inFile) or of the batch's text, and where its meta is in the batch.
type segment struct {
	first, last      int64
	inFile           bool
	from, to         int64
	metaFrom, metaTo int
}

// chunkBytes bounds the text of one chunk row: reading a page of a run's lines reads the whole
// chunks that hold them.
const chunkBytes = 512 << 10

// inBatch is the position given to store for lines the batch keeps itself.
const inBatch = -1

// store adds n lines that share a stream and a time (one read), with consecutive sequence
// numbers from seq; data is their text, each line followed by "\n". at is where data was written
// in the log file, or inBatch for the batch to keep a copy.
func (b *batch) store(seq int64, n int, code byte, ms int64, data []byte, at int64) {
	inFile := at != inBatch
	if !inFile {
		at = int64(len(b.text))
		b.text = append(b.text, data...)
	}
	if k := len(b.segs); k == 0 || b.segs[k-1].last != seq-1 || b.segs[k-1].inFile != inFile ||
		b.segs[k-1].to != at || b.segs[k-1].to-b.segs[k-1].from >= chunkBytes {
		b.segs = append(b.segs, segment{first: seq, inFile: inFile, from: at, to: at, metaFrom: len(b.meta)})
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
	sg := &b.segs[len(b.segs)-1]
	sg.last = seq + int64(n) - 1
	sg.to = at + int64(len(data))
	sg.metaTo = len(b.meta)
	b.lines += n
	b.bytes += len(data)
}

// show adds a line that is not stored.
func (b *batch) show(l Line) {
	b.live = append(b.live, l)
	b.lines++
}

// rows returns the chunk rows of the stored lines: ranges of the log file, or the text itself.
// They share the batch's memory until reset.
func (b *batch) rows() []chunkRow {
	rows := make([]chunkRow, len(b.segs))
	for i, sg := range b.segs {
		rows[i] = chunkRow{first: sg.first, last: sg.last, offset: sg.from, length: sg.to - sg.from,
			meta: b.meta[sg.metaFrom:sg.metaTo]}
		if !sg.inFile {
			rows[i].offset, rows[i].length = 0, 0
			rows[i].text, rows[i].inline = b.text[sg.from:sg.to], true
		}
	}
	return rows
}

// payload returns every line of the batch in sequence order, for the live event; read returns
// the text of a range of the log file.
func (b *batch) payload(ts *tsCache, read func(off, n int64) ([]byte, error)) ([]Line, error) {
	out := make([]Line, 0, b.lines)
	for _, sg := range b.segs {
		var text []byte
		if sg.inFile {
			var err error
			if text, err = read(sg.from, sg.to-sg.from); err != nil {
				return nil, err
			}
		} else {
			text = b.text[sg.from:sg.to]
		}
		err := walkChunk(sg.first, b.meta[sg.metaFrom:sg.metaTo], text,
			func(seq int64, code byte, ms int64, line []byte) bool {
				out = append(out, Line{Seq: seq, Stream: streamName(code), TS: ts.format(ms), Text: string(line)})
				return true
			})
		if err != nil {
			return nil, err
		}
	}
	if len(b.live) > 0 {
		out = append(out, b.live...)
		slices.SortFunc(out, func(x, y Line) int { return int(x.Seq - y.Seq) })
	}
	return out, nil
}

// reset empties the batch, keeping its buffers for the next one.
func (b *batch) reset() {
	b.text, b.meta, b.segs, b.live, b.lines, b.bytes = b.text[:0], b.meta[:0], b.segs[:0], nil, 0, 0
}
