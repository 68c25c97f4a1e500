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

// Index adds a finished run's lines to the full-text index, once. Each chunk is indexed in its own
// short transaction: a 100 MB log takes about a second to index, and holding the single writer
// connection that long would stall the live runs' log batches.
func (s *Store) Index(ctx context.Context, id string) error {
	var pending int
	if err := s.db.Reader.QueryRowContext(ctx, `SELECT COUNT(*) FROM executions WHERE id = ? AND indexed = 0`, id).Scan(&pending); err != nil {
		return err
	}
	if pending == 0 {
		return nil
	}
	// The rows are read first so that no reader connection stays open while the writer works.
	type ref struct {
		id     int64
		inline bool
	}
	var refs []ref
	if err := s.eachChunkRow(ctx, id, func(chunkID int64, inline bool) { refs = append(refs, ref{chunkID, inline}) }); err != nil {
		return err
	}
	lr := &logReader{s: s, id: id}
	defer lr.close()
	for _, r := range refs {
		// INSERT OR IGNORE is not available for FTS; NOT EXISTS keeps a retried pass from indexing
		// a chunk twice.
		var err error
		if r.inline {
			_, err = s.db.Writer.ExecContext(ctx, `INSERT INTO execution_chunks_fts(rowid, text)
				SELECT id, text FROM execution_chunks WHERE id = ?
				AND NOT EXISTS (SELECT 1 FROM executions WHERE id = ? AND indexed = 1)`, r.id, id)
		} else {
			err = s.indexFileChunk(ctx, lr, id, r.id)
		}
		if err != nil {
			return fmt.Errorf("index lines: %w", err)
		}
	}
	_, err := s.db.Writer.ExecContext(ctx, `UPDATE executions SET indexed = 1 WHERE id = ?`, id)
	return err
}

func (s *Store) indexFileChunk(ctx context.Context, lr *logReader, id string, chunkID int64) error {
	var off, n int64
	if err := s.db.Reader.QueryRowContext(ctx, `SELECT file_offset, file_length FROM execution_chunks WHERE id = ?`, chunkID).Scan(&off, &n); err != nil {
		return err
	}
	text, err := lr.read(off, n)
	if err != nil {
		return err
	}
	_, err = s.db.Writer.ExecContext(ctx, `INSERT INTO execution_chunks_fts(rowid, text)
		SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM executions WHERE id = ? AND indexed = 1)`, chunkID, string(text), id)
	return err
}

// eachChunkRow lists a run's chunk ids in order and whether their text is in the row.
func (s *Store) eachChunkRow(ctx context.Context, id string, fn func(chunkID int64, inline bool)) error {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT id, file_length IS NULL FROM execution_chunks
		WHERE execution_id = ? ORDER BY first_seq`, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c int64
		var inline sql.NullBool
		if err := rows.Scan(&c, &inline); err != nil {
			return err
		}
		fn(c, inline.Bool)
	}
	return rows.Err()
}
