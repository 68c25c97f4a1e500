package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Group commit. Every write transaction goes through one loop that runs the transactions waiting
// at that moment inside a single SQLite transaction, each in its own savepoint, and commits once.
// Under a burst (webhook deliveries arriving while runs store their logs) the WAL is written once
// per batch instead of once per caller, which is most of what a small write costs. A lone caller
// gets a plain transaction, exactly as before, and waits for nobody.

// maxGroup bounds one batch so that a flood of writers cannot make a commit arbitrarily large.
const maxGroup = 64

// ErrClosed is returned by Tx after Close.
var ErrClosed = errors.New("database is closed")

type txReq struct {
	ctx  context.Context
	fn   func(*sql.Tx) error
	done chan error
}

// panicked carries a panic out of fn to the caller's goroutine, where it is re-raised.
type panicked struct{ v any }

func (p panicked) Error() string { return fmt.Sprintf("panic in transaction: %v", p.v) }

func (d *DB) startGroupCommit() {
	d.reqs = make(chan txReq)
	d.quit = make(chan struct{})
	d.loopDone = make(chan struct{})
	go d.commitLoop()
}

func (d *DB) commitLoop() {
	defer close(d.loopDone)
	for {
		var batch []txReq
		select {
		case r := <-d.reqs:
			batch = append(batch, r)
		case <-d.quit:
			return
		}
	more:
		for len(batch) < maxGroup {
			select {
			case r := <-d.reqs:
				batch = append(batch, r)
			default:
				break more
			}
		}
		d.runBatch(batch)
	}
}

// runBatch runs the batch in one transaction. A caller whose fn fails sees only its own savepoint
// rolled back; a failed commit fails every caller, since none of their writes exist.
func (d *DB) runBatch(batch []txReq) {
	errs := make([]error, len(batch))
	tx, err := d.Writer.BeginTx(context.Background(), nil)
	if err != nil {
		for _, r := range batch {
			r.done <- fmt.Errorf("begin: %w", WrapError(err))
		}
		return
	}
	alone := len(batch) == 1
	ok := 0
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		if alone {
			errs[i] = call(r.fn, tx)
		} else {
			errs[i] = inSavepoint(tx, r.fn)
		}
		if errs[i] == nil {
			ok++
		}
	}
	if ok == 0 {
		_ = tx.Rollback()
	} else if err := tx.Commit(); err != nil {
		err = fmt.Errorf("commit: %w", WrapError(err))
		for i := range errs {
			if errs[i] == nil {
				errs[i] = err
			}
		}
	}
	for i, r := range batch {
		r.done <- errs[i]
	}
}

// inSavepoint runs fn so that its failure undoes only its own writes.
func inSavepoint(tx *sql.Tx, fn func(*sql.Tx) error) error {
	if _, err := tx.Exec(`SAVEPOINT grp`); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	if err := call(fn, tx); err != nil {
		// If SQLite already rolled the whole transaction back (disk full, I/O error), these fail
		// and so will the commit, which then reports the failure to every caller.
		_, _ = tx.Exec(`ROLLBACK TO grp`)
		_, _ = tx.Exec(`RELEASE grp`)
		return err
	}
	if _, err := tx.Exec(`RELEASE grp`); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}

func call(fn func(*sql.Tx) error, tx *sql.Tx) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = panicked{v}
		}
	}()
	return fn(tx)
}

// Tx runs fn in a write transaction, committing when fn returns nil (and rolling back its writes
// otherwise). Inside fn use only tx: touching d.Writer there would wait for ourselves forever.
// fn may share the transaction with other callers' functions (see the group commit above), so it
// must not COMMIT, ROLLBACK or keep tx after returning.
func (d *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	r := txReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case d.reqs <- r:
	case <-d.quit:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	err := <-r.done
	var p panicked
	if errors.As(err, &p) {
		panic(p.v)
	}
	return err
}

// Exec runs one statement as its own transaction through the group commit: use it instead of
// Writer.ExecContext, which would commit on its own and wait for the loop's connection anyway.
func (d *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	var res sql.Result
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = tx.ExecContext(ctx, query, args...)
		return err
	})
	return res, err
}

// Savepoint runs fn inside a savepoint of tx: when fn fails, only its own writes are undone and
// the rest of the transaction goes on.
func Savepoint(tx *sql.Tx, fn func(*sql.Tx) error) error { return inSavepoint(tx, fn) }
