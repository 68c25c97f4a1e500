package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/logging"
)

// ErrBadFilter: a list query out of bounds.
var ErrBadFilter = errors.New("invalid audit filter")

// Service stores and lists entries.
type Service struct {
	db  *db.DB
	em  events.Emitter
	log *slog.Logger
	now func() time.Time
}

// New returns the service. Every stored entry is published on em as events.AuditAdded, so an
// open Audit screen shows it at once. em, log and now may be nil (nothing published, nothing
// logged, time.Now).
func New(d *db.DB, em events.Emitter, log *slog.Logger, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = logging.Discard()
	}
	return &Service{db: d, em: em, log: logging.Component(log, "audit"), now: now}
}

// Record stores one change made by the actor in ctx; an empty target is taken from after's id. It never fails the change it describes:
// the change has already happened, so a store error is logged (with the action) instead.
func (s *Service) Record(ctx context.Context, action, target string, before, after any) {
	actor, reqID := ActorFrom(ctx)
	if target == "" { // a creation names what it created
		if id, ok := fields(after)["id"].(string); ok {
			target = id
		}
	}
	changes := Diff(before, after)
	diff, err := json.Marshal(changes)
	if err != nil {
		diff, changes = []byte("{}"), map[string]Change{}
	}
	e := Entry{At: s.now().UTC().Format(db.TimeFormat), Actor: actor, RequestID: reqID, Action: action, Target: target, Diff: changes}
	// Detached from ctx's cancellation: a client that hangs up right after its change was made
	// must not leave that change unrecorded.
	res, err := s.db.Exec(context.WithoutCancel(ctx), `INSERT INTO audit_log(at, actor, request_id, action, target, diff) VALUES(?, ?, ?, ?, ?, ?)`,
		e.At, e.Actor, e.RequestID, e.Action, e.Target, string(diff))
	if err == nil {
		e.ID, err = res.LastInsertId()
	}
	if err != nil {
		s.log.ErrorContext(ctx, "record audit entry", "action", action, "target", target, "actor", actor, "err", db.WrapError(err))
		return
	}
	if s.em != nil { // after the commit: a screen that refetches on it finds the entry
		s.em.Emit(events.AuditAdded, e)
	}
}

// List returns one page of entries matching f, newest first.
func (s *Service) List(ctx context.Context, f Filter) (Page, error) {
	if f.Limit == 0 {
		f.Limit = DefaultLimit
	}
	if f.Limit < 1 || f.Limit > MaxLimit {
		return Page{}, fmt.Errorf("%w: limit must be between 1 and %d", ErrBadFilter, MaxLimit)
	}
	if f.Offset < 0 {
		return Page{}, fmt.Errorf("%w: offset must not be negative", ErrBadFilter)
	}
	var where []string
	var args []any
	if f.Actor != "" {
		where, args = append(where, "actor = ?"), append(args, f.Actor)
	}
	switch a := f.Action; {
	case strings.HasSuffix(a, "."):
		where, args = append(where, "substr(action, 1, ?) = ?"), append(args, len(a), a)
	case a != "":
		where, args = append(where, "action = ?"), append(args, a)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	page := Page{Entries: []Entry{}}
	if err := s.db.Reader.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`+cond, args...).Scan(&page.Total); err != nil {
		return Page{}, fmt.Errorf("count audit entries: %w", db.WrapError(err))
	}
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT id, at, actor, request_id, action, target, diff FROM audit_log`+cond+
		` ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return Page{}, fmt.Errorf("list audit entries: %w", db.WrapError(err))
	}
	defer rows.Close()
	for rows.Next() {
		var e Entry
		var diff string
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.RequestID, &e.Action, &e.Target, &diff); err != nil {
			return Page{}, fmt.Errorf("read audit entry: %w", err)
		}
		if err := json.Unmarshal([]byte(diff), &e.Diff); err != nil || e.Diff == nil {
			e.Diff = map[string]Change{}
		}
		page.Entries = append(page.Entries, e)
	}
	return page, rows.Err()
}

// Actions lists the distinct actions recorded, for the screen's filter.
func (s *Service) Actions(ctx context.Context) ([]string, error) {
	return s.distinct(ctx, "action")
}

// Actors lists the distinct actors recorded, for the screen's filter.
func (s *Service) Actors(ctx context.Context) ([]string, error) {
	return s.distinct(ctx, "actor")
}

func (s *Service) distinct(ctx context.Context, col string) ([]string, error) {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT DISTINCT `+col+` FROM audit_log ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("list audit %ss: %w", col, db.WrapError(err))
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Prune deletes entries older than days (the runs' retention); it returns how many went.
func (s *Service) Prune(ctx context.Context, days int) (int64, error) {
	if days <= 0 {
		return 0, nil
	}
	cutoff := s.now().UTC().AddDate(0, 0, -days).Format(db.TimeFormat)
	res, err := s.db.Exec(ctx, `DELETE FROM audit_log WHERE at < ?`, cutoff)
	if err != nil {
		return 0, fmt.Errorf("prune audit log: %w", db.WrapError(err))
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// RunRetention prunes a minute after start and then daily until ctx ends.
func (s *Service) RunRetention(ctx context.Context, days func() int) {
	t := time.NewTimer(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if n, err := s.Prune(ctx, days()); err != nil {
			s.log.Warn("prune audit log", "err", err)
		} else if n > 0 {
			s.log.Info("audit log pruned", "entries", n)
		}
		t.Reset(24 * time.Hour)
	}
}
