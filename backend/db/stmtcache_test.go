package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// openCaching opens one caching connection straight from the connector, so a test can look at
// its cache.
func openCaching(t *testing.T) *cachingConn {
	t.Helper()
	c, err := newConnector(dsn(filepath.Join(t.TempDir(), "c.db"), false))
	if err != nil {
		t.Fatal(err)
	}
	conn, err := c.Connect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cc, ok := conn.(*cachingConn)
	if !ok {
		t.Fatalf("connector made a %T, want *cachingConn", conn)
	}
	t.Cleanup(func() { _ = cc.Close() })
	exec(t, cc, "CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT)")
	return cc
}

func exec(t *testing.T, c *cachingConn, query string, args ...any) {
	t.Helper()
	if _, err := c.ExecContext(context.Background(), query, named(args)); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func named(args []any) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, a := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return out
}

// TestStatementsAreKeptAndReused: the same query text compiles once per connection and gives
// the right answers with every new set of arguments.
func TestStatementsAreKeptAndReused(t *testing.T) {
	t.Parallel()
	c := openCaching(t)
	const insert = "INSERT INTO t(k, v) VALUES(?, ?)"
	for i := range 5 {
		exec(t, c, insert, int64(i), fmt.Sprint("v", i))
	}
	first := c.byQuery[insert].Value.(*cachedStmt)
	exec(t, c, insert, int64(9), "v9")
	if got := c.byQuery[insert].Value.(*cachedStmt); got != first {
		t.Fatal("the insert was compiled again")
	}
	for i := range 5 {
		rows, err := c.QueryContext(context.Background(), "SELECT v FROM t WHERE k = ?", named([]any{int64(i)}))
		if err != nil {
			t.Fatal(err)
		}
		vals := make([]driver.Value, 1)
		if err := rows.Next(vals); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(vals[0]); got != fmt.Sprint("v", i) {
			t.Fatalf("k=%d: v = %q", i, got)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if n := c.lru.Len(); n != 3 { // CREATE, INSERT, SELECT
		t.Fatalf("%d statements kept, want 3", n)
	}
}

// TestNestedQueryWithTheSameText: a query run while rows of the same query are open on the same
// connection (inside a transaction's row loop) gets a statement of its own, and both read
// correctly.
func TestNestedQueryWithTheSameText(t *testing.T) {
	t.Parallel()
	d := openTemp(t)
	ctx := context.Background()
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec("CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT)"); err != nil {
			return err
		}
		for i := range 3 {
			if _, err := tx.Exec("INSERT INTO t(k, v) VALUES(?, ?)", i, fmt.Sprint("v", i)); err != nil {
				return err
			}
		}
		const q = "SELECT k, v FROM t WHERE k >= ? ORDER BY k"
		rows, err := tx.Query(q, 0)
		if err != nil {
			return err
		}
		defer rows.Close()
		var outer []string
		for rows.Next() {
			var k int
			var v string
			if err := rows.Scan(&k, &v); err != nil {
				return err
			}
			var inner []string
			in, err := tx.Query(q, k)
			if err != nil {
				return err
			}
			for in.Next() {
				var ik int
				var iv string
				if err := in.Scan(&ik, &iv); err != nil {
					return err
				}
				inner = append(inner, iv)
			}
			if err := in.Close(); err != nil {
				return err
			}
			if want := 3 - k; len(inner) != want {
				return fmt.Errorf("inner query from %d read %v, want %d rows", k, inner, want)
			}
			outer = append(outer, v)
		}
		if strings.Join(outer, ",") != "v0,v1,v2" {
			return fmt.Errorf("outer query read %v", outer)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestCacheEvictsAndSurvivesSchemaChanges: past stmtCacheSize the least recently used statement
// goes (a busy one only once its rows close); a kept statement sees a column added after it was
// compiled; a statement that does not compile is not kept.
func TestCacheEvictsAndSurvivesSchemaChanges(t *testing.T) {
	t.Parallel()
	c := openCaching(t)
	exec(t, c, "INSERT INTO t(k, v) VALUES(1, 'a')")
	ctx := context.Background()
	const held = "SELECT k FROM t WHERE k > ?"
	open, err := c.QueryContext(ctx, held, named([]any{int64(0)}))
	if err != nil {
		t.Fatal(err)
	}
	heldStmt := c.byQuery[held].Value.(*cachedStmt)
	for i := range stmtCacheSize + 10 {
		exec(t, c, fmt.Sprintf("UPDATE t SET v = 'x%d' WHERE k = ?", i), int64(1))
	}
	if n := c.lru.Len(); n != stmtCacheSize {
		t.Fatalf("%d statements kept, want %d", n, stmtCacheSize)
	}
	if _, ok := c.byQuery[held]; ok {
		t.Fatal("the oldest statement was not evicted")
	}
	vals := make([]driver.Value, 1)
	if err := open.Next(vals); err != nil || fmt.Sprint(vals[0]) != "1" {
		t.Fatalf("rows of an evicted statement: %v, %v", vals[0], err)
	}
	if err := open.Close(); err != nil {
		t.Fatal(err)
	}
	if heldStmt.busy {
		t.Fatal("closed rows left their statement busy")
	}

	const all = "SELECT * FROM t WHERE k = ?"
	cols := func() int {
		rows, err := c.QueryContext(ctx, all, named([]any{int64(1)}))
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		return len(rows.Columns())
	}
	if n := cols(); n != 2 {
		t.Fatalf("%d columns before the change", n)
	}
	exec(t, c, "ALTER TABLE t ADD COLUMN w TEXT")
	if n := cols(); n != 3 {
		t.Fatalf("%d columns after ALTER TABLE, want 3", n)
	}

	if _, err := c.ExecContext(ctx, "INSERT INTO nowhere VALUES(1)", nil); err == nil {
		t.Fatal("an insert into a missing table succeeded")
	}
	if _, ok := c.byQuery["INSERT INTO nowhere VALUES(1)"]; ok {
		t.Fatal("a statement that failed to compile was kept")
	}
}
