package execution

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// searchHitMax bounds the text of one search hit.
const searchHitMax = 500

// Search finds lines of one run containing query, ignoring ASCII case (as LIKE did when the
// lines were rows).
func (s *Store) Search(ctx context.Context, id, query string, limit int) (SearchResult, error) {
	res := SearchResult{Hits: []SearchHit{}}
	if strings.TrimSpace(query) == "" {
		return res, nil
	}
	limit = clamp(limit, 1, 10000, 1000)
	needle := asciiLower(nil, []byte(query))
	var low []byte
	err := s.eachChunk(ctx, id, 0, func(c chunk) (bool, error) {
		// Lowering ASCII keeps every byte where it was, so a line of low is the same line of text.
		low = asciiLower(low[:0], c.text)
		if !bytes.Contains(low, needle) {
			return true, nil
		}
		at := 0
		err := walkChunk(c.first, c.meta, c.text, func(seq int64, _ byte, _ int64, line []byte) bool {
			lowLine := low[at : at+len(line)]
			at += len(line) + 1
			if !bytes.Contains(lowLine, needle) {
				return true
			}
			res.Total++
			if len(res.Hits) < limit {
				res.Hits = append(res.Hits, SearchHit{Seq: seq, Text: string(line[:min(len(line), searchHitMax)])})
			}
			return true
		})
		return true, err
	})
	return res, err
}

// unindexedMatching returns the runs whose log holds query (ignoring ASCII case) among those not
// in the full-text index yet: running, or finished moments ago.
func (s *Store) unindexedMatching(ctx context.Context, query string) ([]string, error) {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT id FROM executions x WHERE indexed = 0
		AND EXISTS (SELECT 1 FROM execution_chunks c WHERE c.execution_id = x.id)`)
	if err != nil {
		return nil, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	needle := asciiLower(nil, []byte(query))
	var low []byte
	found := []string{}
	for _, id := range ids {
		err := s.eachChunk(ctx, id, 0, func(c chunk) (bool, error) {
			low = asciiLower(low[:0], c.text)
			if bytes.Contains(low, needle) {
				found = append(found, id)
				return false, nil
			}
			return true, nil
		})
		if err != nil {
			return nil, err
		}
	}
	return found, nil
}

// asciiLower appends src to dst with ASCII letters lowered.
func asciiLower(dst, src []byte) []byte {
	dst = append(dst, src...)
	low := dst[len(dst)-len(src):]
	for i, c := range low {
		if 'A' <= c && c <= 'Z' {
			low[i] = c + ('a' - 'A')
		}
	}
	return dst
}

// indexTxBytes bounds the text one indexing transaction tokenises: small enough that the single
// writer connection is never held long (live runs' batches and webhook inserts wait for it), big
// enough that a burst of short runs shares one transaction and one FTS segment.
const indexTxBytes = 256 << 10

// Index adds one finished run's lines to the full-text index, once.
func (s *Store) Index(ctx context.Context, id string) error {
	return s.IndexMany(ctx, []string{id}, nil)
}

// IndexMany adds finished runs' lines to the full-text index, once each. Chunks of several runs
// share a transaction up to indexTxBytes of text (a run longer than that spans several); a run
// is marked indexed in the transaction that holds its last chunk. FTS5 writes a segment per
// transaction, so indexing a burst of runs together keeps the index and the WAL small. It stops
// between transactions once stop is closed.
func (s *Store) IndexMany(ctx context.Context, ids []string, stop <-chan struct{}) error {
	type item struct {
		chunkID int64
		runID   string
		text    string
	}
	var batch []item
	var done []string // runs whose last chunk is in batch
	size := 0
	flush := func() error {
		if len(batch) == 0 && len(done) == 0 {
			return nil
		}
		err := s.db.Tx(ctx, func(tx *sql.Tx) error {
			for _, it := range batch {
				// INSERT OR IGNORE is not available for FTS; NOT EXISTS keeps a retried pass from
				// indexing a run twice.
				if _, err := tx.ExecContext(ctx, `INSERT INTO execution_chunks_fts(rowid, text)
					SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM executions WHERE id = ? AND indexed = 1)`, it.chunkID, it.text, it.runID); err != nil {
					return fmt.Errorf("index lines: %w", err)
				}
			}
			for _, id := range done {
				if _, err := tx.ExecContext(ctx, `UPDATE executions SET indexed = 1 WHERE id = ?`, id); err != nil {
					return err
				}
			}
			return nil
		})
		batch, done, size = batch[:0], done[:0], 0
		return err
	}
	for _, id := range ids {
		select {
		case <-stop:
			return flush()
		default:
		}
		var pending int
		if err := s.db.Reader.QueryRowContext(ctx, `SELECT COUNT(*) FROM executions WHERE id = ? AND indexed = 0`, id).Scan(&pending); err != nil {
			return err
		}
		if pending == 0 {
			continue
		}
		// The rows are read first so that no reader connection stays open while the writer works.
		var refs []chunkRef
		if err := s.eachChunkRow(ctx, id, func(r chunkRef) { refs = append(refs, r) }); err != nil {
			return err
		}
		lr := &logReader{s: s, id: id}
		for _, r := range refs {
			text := r.text
			if !r.inline {
				b, err := lr.read(r.off, r.n)
				if err != nil {
					lr.close()
					return fmt.Errorf("index %s: %w", id, err)
				}
				text = string(b)
			}
			if size+len(text) > indexTxBytes && size > 0 {
				if err := flush(); err != nil {
					lr.close()
					return err
				}
			}
			batch = append(batch, item{r.id, id, text})
			size += len(text)
		}
		lr.close()
		done = append(done, id)
	}
	return flush()
}

// chunkRef locates one chunk's text: inline in the row (logs stored before 0005) or in the file.
type chunkRef struct {
	id     int64
	inline bool
	text   string // inline text
	off, n int64  // file range
}

// eachChunkRow lists a run's chunks in order. Inline text is only read for old rows, which is
// the only place it exists.
func (s *Store) eachChunkRow(ctx context.Context, id string, fn func(chunkRef)) error {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT id, file_length IS NULL, COALESCE(file_offset, 0),
		COALESCE(file_length, 0), CASE WHEN file_length IS NULL THEN text ELSE '' END
		FROM execution_chunks WHERE execution_id = ? ORDER BY first_seq`, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r chunkRef
		if err := rows.Scan(&r.id, &r.inline, &r.off, &r.n, &r.text); err != nil {
			return err
		}
		fn(r)
	}
	return rows.Err()
}
