package db

import (
	"container/list"
	"context"
	"database/sql/driver"
	"errors"

	"modernc.org/sqlite"
)

// Statement cache. database/sql hands a query with arguments straight to the driver, which
// compiles it, runs it once and throws the compiled statement away; with SQLite compiled to Go,
// compiling (the parser alone) was a sixth of the server's CPU under a webhook burst, spent on
// the same few dozen statements again and again. Each connection therefore keeps the statements
// it compiled, by query text, and runs them again with new arguments. SQLite recompiles a kept
// statement by itself when the schema changes under it.

// stmtCacheSize bounds the statements one connection keeps. The application runs a few dozen
// distinct queries; queries built with a variable number of placeholders come and go, the least
// recently used first.
const stmtCacheSize = 256

// connector opens connections to dsn through the modernc driver, each with its statement cache.
type connector struct{ inner driver.Connector }

func newConnector(dsn string) (driver.Connector, error) {
	c, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return connector{inner: c}, nil
}

func (c connector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	inner, ok := conn.(sqliteConn)
	if !ok { // a driver without the context methods: use it as it is
		return conn, nil
	}
	return &cachingConn{sqliteConn: inner, byQuery: map[string]*list.Element{}, lru: list.New()}, nil
}

func (c connector) Driver() driver.Driver { return c.inner.Driver() }

// sqliteConn is what database/sql uses of a modernc connection.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// cachedStmt is a compiled statement. busy is set while rows read from it are open: a second
// query with the same text on the same connection (a query inside another's row loop) then
// compiles a statement of its own, since resetting this one would end the first query's rows.
type cachedStmt struct {
	query string
	stmt  stmtContext
	busy  bool
}

type stmtContext interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

// cachingConn is a connection with its statement cache. database/sql never uses a connection
// from two goroutines at once (rows are closed under the same connection lock), so the cache
// needs no lock of its own.
type cachingConn struct {
	sqliteConn
	byQuery map[string]*list.Element // of *cachedStmt
	lru     *list.List               // front: most recently used
}

// stmt returns the cached statement for query, compiling and keeping it on first use; nil (and
// no error) when the cached one is busy.
func (c *cachingConn) stmt(ctx context.Context, query string) (*cachedStmt, error) {
	if el, ok := c.byQuery[query]; ok {
		cs := el.Value.(*cachedStmt)
		if cs.busy {
			return nil, nil
		}
		c.lru.MoveToFront(el)
		return cs, nil
	}
	s, err := c.sqliteConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	sc, ok := s.(stmtContext)
	if !ok {
		_ = s.Close()
		return nil, errors.New("sqlite statement without context methods")
	}
	cs := &cachedStmt{query: query, stmt: sc}
	c.byQuery[query] = c.lru.PushFront(cs)
	for c.lru.Len() > stmtCacheSize {
		c.evict(c.lru.Back())
	}
	return cs, nil
}

// evict drops a statement from the cache. A busy one is closed by its rows when they close.
func (c *cachingConn) evict(el *list.Element) {
	cs := el.Value.(*cachedStmt)
	c.lru.Remove(el)
	delete(c.byQuery, cs.query)
	if !cs.busy {
		_ = cs.stmt.Close()
	}
}

func (c *cachingConn) cached(cs *cachedStmt) bool {
	el, ok := c.byQuery[cs.query]
	return ok && el.Value == cs
}

// ExecContext runs query with the connection's compiled statement for it.
func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	cs, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.sqliteConn.ExecContext(ctx, query, args)
	}
	return cs.stmt.ExecContext(ctx, args)
}

// QueryContext runs query with the connection's compiled statement for it; the statement is
// busy until the rows are closed.
func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	cs, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.sqliteConn.QueryContext(ctx, query, args)
	}
	rows, err := cs.stmt.QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	cs.busy = true
	return &cachedRows{Rows: rows, conn: c, cs: cs}, nil
}

// Close closes every kept statement, then the connection.
func (c *cachingConn) Close() error {
	for el := c.lru.Front(); el != nil; el = el.Next() {
		if cs := el.Value.(*cachedStmt); !cs.busy {
			_ = cs.stmt.Close()
		}
	}
	c.byQuery, c.lru = map[string]*list.Element{}, list.New()
	return c.sqliteConn.Close()
}

// cachedRows frees its statement for the next query when closed.
type cachedRows struct {
	driver.Rows
	conn   *cachingConn
	cs     *cachedStmt
	closed bool
}

func (r *cachedRows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	err := r.Rows.Close() // resets the statement, keeping it compiled
	r.cs.busy = false
	if !r.conn.cached(r.cs) { // evicted while the rows were open
		_ = r.cs.stmt.Close()
	}
	return err
}

// The column type methods database/sql's ColumnTypes uses, passed through.

func (r *cachedRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *cachedRows) ColumnTypeLength(i int) (int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeLength); ok {
		return t.ColumnTypeLength(i)
	}
	return 0, false
}

func (r *cachedRows) ColumnTypeNullable(i int) (nullable, ok bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}
