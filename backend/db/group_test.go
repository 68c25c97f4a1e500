package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
)

// holdLoop starts a transaction that blocks the commit loop until release is closed, so that the
// transactions started meanwhile queue up and run as one batch.
func holdLoop(t *testing.T, d *DB) (release chan struct{}, done chan error) {
	t.Helper()
	release, done = make(chan struct{}), make(chan error, 1)
	started := make(chan struct{})
	go func() {
		done <- d.Tx(context.Background(), func(tx *sql.Tx) error {
			close(started)
			<-release
			_, err := tx.Exec("INSERT INTO t VALUES('holder')")
			return err
		})
	}()
	<-started
	return release, done
}

func count(t *testing.T, d *DB, where string) int {
	t.Helper()
	var n int
	if err := d.Reader.QueryRow("SELECT COUNT(*) FROM t WHERE " + where).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestGroupedTransactionsFailAlone queues transactions behind a held one so they share a batch:
// the one that fails loses only its own row, the others commit, and a panic reaches its caller.
// It runs in a synctest bubble, whose Wait returns once every caller is blocked handing its
// transaction to the held loop, so all of them are in the next batch.
func TestGroupedTransactionsFailAlone(t *testing.T) {
	t.Parallel()
	synctest.Test(t, testGroupedTransactionsFailAlone)
}

func testGroupedTransactionsFailAlone(t *testing.T) {
	d := openTemp(t)
	if _, err := d.Writer.Exec("CREATE TABLE t(v TEXT UNIQUE); INSERT INTO t VALUES('old')"); err != nil {
		t.Fatal(err)
	}
	release, held := holdLoop(t, d)

	boom := errors.New("boom")
	tests := []struct {
		name    string
		fn      func(tx *sql.Tx) error
		wantErr error
		panics  bool
	}{
		{"ok a", insert("a", nil), nil, false},
		{"fails after writing", insert("b", boom), boom, false},
		{"ok c", insert("c", nil), nil, false},
		{"duplicate of an old row", insert("old", nil), ErrDuplicate, false},
		{"panics after writing", func(tx *sql.Tx) error { _, _ = tx.Exec("INSERT INTO t VALUES('p')"); panic("kaboom") }, nil, true},
	}
	var wg sync.WaitGroup
	results := make([]error, len(tests))
	recovered := make([]any, len(tests))
	txs := make([]*sql.Tx, len(tests))
	for i, tt := range tests {
		wg.Go(func() {
			defer func() { recovered[i] = recover() }()
			results[i] = d.Tx(context.Background(), func(tx *sql.Tx) error { txs[i] = tx; return tt.fn(tx) })
		})
	}
	synctest.Wait() // every caller waits behind the held batch
	close(release)
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	for i, tt := range tests {
		switch {
		case tt.panics:
			if recovered[i] != "kaboom" {
				t.Errorf("%s: recovered %v, want the panic re-raised in the caller", tt.name, recovered[i])
			}
		case tt.wantErr == nil && results[i] != nil:
			t.Errorf("%s: %v", tt.name, results[i])
		case tt.wantErr != nil && !errors.Is(results[i], tt.wantErr):
			t.Errorf("%s: err %v, want %v", tt.name, results[i], tt.wantErr)
		}
	}
	for i := range txs {
		if txs[i] != txs[0] {
			t.Fatalf("%s ran in another transaction than %s: they were not one batch", tests[i].name, tests[0].name)
		}
	}
	for v, want := range map[string]int{"a": 1, "b": 0, "c": 1, "p": 0, "holder": 1, "old": 1} {
		if got := count(t, d, fmt.Sprintf("v = '%s'", v)); got != want {
			t.Errorf("rows %q = %d, want %d", v, got, want)
		}
	}
}

func insert(v string, then error) func(tx *sql.Tx) error {
	return func(tx *sql.Tx) error {
		if _, err := tx.Exec("INSERT INTO t VALUES(?)", v); err != nil {
			return WrapError(err)
		}
		return then
	}
}

// TestManyConcurrentWriters: every one of many concurrent transactions commits exactly once.
func TestManyConcurrentWriters(t *testing.T) {
	t.Parallel()
	d := openTemp(t)
	if _, err := d.Writer.Exec("CREATE TABLE t(v TEXT UNIQUE)"); err != nil {
		t.Fatal(err)
	}
	const n = 500
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() { errs <- d.Tx(context.Background(), insert(fmt.Sprint(i), nil)) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := count(t, d, "1"); got != n {
		t.Fatalf("%d rows, want %d", got, n)
	}
}

// TestTxAfterCancelOrClose: a caller cancelled while it waits for the loop writes nothing; after
// Close, Tx fails at once. In a synctest bubble, Wait returns once the caller is waiting.
func TestTxAfterCancelOrClose(t *testing.T) {
	t.Parallel()
	synctest.Test(t, testTxAfterCancelOrClose)
}

func testTxAfterCancelOrClose(t *testing.T) {
	d := openTemp(t)
	if _, err := d.Writer.Exec("CREATE TABLE t(v TEXT UNIQUE)"); err != nil {
		t.Fatal(err)
	}
	release, held := holdLoop(t, d)
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan error, 1)
	go func() { got <- d.Tx(ctx, insert("late", nil)) }()
	synctest.Wait() // the caller waits behind the held batch
	cancel()
	close(release)
	<-held
	if err := <-got; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Tx = %v", err)
	}
	if count(t, d, "v = 'late'") != 0 {
		t.Fatal("a cancelled transaction wrote its row")
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if err := d.Tx(context.Background(), insert("x", nil)); !errors.Is(err, ErrClosed) {
		t.Fatalf("Tx after Close = %v", err)
	}
}
