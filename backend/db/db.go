// Package db opens Agented's SQLite store: one writer connection plus a reader pool over the same
// WAL database file, and applies the embedded migrations at start-up.
package db

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"runtime"
	"sync"
)

// Handler is what store methods accept: a *sql.DB, *sql.Tx or *sql.Conn.
type Handler interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// DB holds the two pools. Writes go through Writer (one connection, so SQLite never has to
// arbitrate between our own writers and a read-then-write transaction cannot hit SQLITE_BUSY);
// reads use Reader, which WAL lets run concurrently with the writer.
type DB struct {
	Writer *sql.DB
	Reader *sql.DB
	Path   string

	reqs      chan txReq // Tx requests for the group-commit loop
	quit      chan struct{}
	loopDone  chan struct{}
	closeOnce sync.Once
}

// dsn builds the connection string. busy_timeout comes first so that it is already in force while
// the remaining pragmas (journal_mode needs a lock) are applied on each new connection.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	if readOnly {
		q.Add("_pragma", "query_only(ON)")
	} else {
		q.Set("_txlock", "immediate")
		// The group commit runs each caller in a savepoint, so SQLite keeps the prior content of every
		// page a batch changes in a sub-journal; past 64 KiB that spills to a temporary file, and
		// writing it was a tenth of the server's CPU under a webhook burst. In memory it costs a
		// few MB at most (a batch is at most maxGroup callers).
		q.Add("_pragma", "temp_store(MEMORY)")
	}
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating if needed) the database at path. It does not migrate; call Migrate.
func Open(ctx context.Context, path string) (*DB, error) {
	wc, err := newConnector(dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open writer: %w", err)
	}
	w := sql.OpenDB(wc)
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	// Touch the writer first so the file and its WAL exist before readers open it read-only.
	if err := w.PingContext(ctx); err != nil {
		_ = w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	rc, err := newConnector(dsn(path, true))
	if err != nil {
		_ = w.Close()
		return nil, fmt.Errorf("open reader: %w", err)
	}
	r := sql.OpenDB(rc)
	n := max(4, runtime.NumCPU())
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	if err := r.PingContext(ctx); err != nil {
		_ = w.Close()
		_ = r.Close()
		return nil, fmt.Errorf("open reader %s: %w", path, err)
	}
	d := &DB{Writer: w, Reader: r, Path: path}
	d.startGroupCommit()
	return d, nil
}

// Close stops the group-commit loop (after its current batch) and closes both pools.
func (d *DB) Close() error {
	d.closeOnce.Do(func() {
		close(d.quit)
		<-d.loopDone
	})
	rerr := d.Reader.Close()
	werr := d.Writer.Close()
	if werr != nil {
		return werr
	}
	return rerr
}
