package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
)

// OSNotifier shows a notification on the desktop. Send may be slow (a D-Bus round trip) and
// fails when the desktop has no notification service.
type OSNotifier interface {
	Send(title, message string) error
}

// Prefs holds the per-kind OS-notification switches (*settings.Service).
type Prefs interface {
	OSNotifications(ctx context.Context, kinds []string) (map[string]bool, error)
	SetOSNotifications(ctx context.Context, in map[string]bool) error
}

// Subscriber is the event bus as this service reads it (*events.Bus).
type Subscriber interface {
	Subscribe(size int, match func(name string) bool) *events.Subscription
}

// Deps are the service's collaborators. OS may be nil: a headless server raises none.
type Deps struct {
	Store   *Store
	Emitter events.Emitter
	OS      OSNotifier
	Prefs   Prefs
	Log     *slog.Logger
	Go      func(func()) // panic-safe goroutine starter
	Now     func() time.Time
}

// osQueue bounds the OS notifications waiting for a slow desktop; past it they are dropped (the
// stored entries remain).
const osQueue = 32

// Service stores notifications and raises the OS ones.
type Service struct {
	d       Deps
	log     *slog.Logger
	osSends chan events.Notification
	lastErr string // the last OS failure logged, so a missing daemon is not logged at every run
}

// New returns the service; call Run to start listening.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Go == nil {
		d.Go = func(fn func()) { go fn() }
	}
	return &Service{d: d, log: d.Log.With("component", "notify"), osSends: make(chan events.Notification, osQueue)}
}

// Run stores every notification published on bus until ctx ends. It subscribes before it
// returns, so a notification emitted right after Run is not lost.
func (s *Service) Run(ctx context.Context, bus Subscriber) {
	sub := bus.Subscribe(256, func(name string) bool { return name == events.NotificationShow })
	if s.d.OS != nil {
		s.d.Go(func() { s.osLoop(ctx) })
	}
	s.d.Go(func() {
		defer sub.Close()
		for {
			ev, err := sub.Next(ctx)
			if err != nil {
				return
			}
			if ev.Missed > 0 {
				s.log.Warn("notifications dropped: the store fell behind", "missed", ev.Missed)
			}
			n, ok := ev.Payload.(events.Notification)
			if !ok {
				continue
			}
			if _, err := s.Record(ctx, n); err != nil {
				s.log.Error("store notification", "kind", n.Kind, "err", err)
			}
		}
	})
}

// Record stores n, tells the UI, and queues an OS notification when n's kind is switched on.
func (s *Service) Record(ctx context.Context, n events.Notification) (Entry, error) {
	e := Entry{
		ID: db.NewID("ntf-"), Kind: n.Kind, Level: n.Level, Title: n.Title, Message: n.Message,
		ExecutionID: n.ExecutionID, CreatedAt: s.d.Now().UTC().Format(db.TimeFormat),
	}
	if e.Level == "" {
		e.Level = events.LevelInfo
	}
	if err := s.d.Store.Insert(ctx, e); err != nil {
		return Entry{}, err
	}
	s.changed(ctx)
	if s.d.OS != nil && s.osEnabled(ctx, n.Kind) {
		select {
		case s.osSends <- n:
		default:
			s.log.Warn("os notification dropped: too many waiting", "kind", n.Kind)
		}
	}
	return e, nil
}

func (s *Service) osEnabled(ctx context.Context, kind string) bool {
	if s.d.Prefs == nil {
		return true
	}
	on, err := s.d.Prefs.OSNotifications(ctx, []string{kind})
	if err != nil {
		s.log.Warn("read os notification switches", "err", err)
		return true
	}
	return on[kind]
}

// osLoop shows queued OS notifications one at a time, away from the store loop: a desktop
// service that takes seconds to answer must not delay the bell.
func (s *Service) osLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case n := <-s.osSends:
			s.sendOS(n)
		}
	}
}

func (s *Service) sendOS(n events.Notification) {
	err := s.d.OS.Send(n.Title, n.Message)
	switch {
	case err == nil:
		s.lastErr = ""
	case err.Error() == s.lastErr:
		s.log.Debug("os notification not shown", "kind", n.Kind, "err", err)
	default:
		s.lastErr = err.Error()
		s.log.Warn("os notification not shown; it stays listed in the app", "kind", n.Kind, "err", err)
	}
}

// List returns a page of notifications.
func (s *Service) List(ctx context.Context, q Query) (Page, error) {
	switch {
	case q.Limit == 0:
		q.Limit = DefaultLimit
	case q.Limit < 0 || q.Limit > MaxLimit:
		return Page{}, fmt.Errorf("%w (got %d)", ErrBadLimit, q.Limit)
	}
	list, err := s.d.Store.List(ctx, q)
	if err != nil {
		return Page{}, err
	}
	unread, err := s.d.Store.Unread(ctx)
	if err != nil {
		return Page{}, err
	}
	return Page{Notifications: list, Unread: unread}, nil
}

// MarkRead marks one notification read.
func (s *Service) MarkRead(ctx context.Context, id string) error {
	if err := s.d.Store.MarkRead(ctx, id, s.d.Now().UTC().Format(db.TimeFormat)); err != nil {
		return err
	}
	s.changed(ctx)
	return nil
}

// MarkAllRead marks every notification read.
func (s *Service) MarkAllRead(ctx context.Context) error {
	if _, err := s.d.Store.MarkAllRead(ctx, s.d.Now().UTC().Format(db.TimeFormat)); err != nil {
		return err
	}
	s.changed(ctx)
	return nil
}

// OSSwitches returns the OS-notification switch of every kind.
func (s *Service) OSSwitches(ctx context.Context) (map[string]bool, error) {
	if s.d.Prefs == nil {
		return nil, errors.New("os notification switches are not available")
	}
	return s.d.Prefs.OSNotifications(ctx, Kinds)
}

// SetOSSwitches stores the switches given (kinds not named keep theirs) and returns them all.
func (s *Service) SetOSSwitches(ctx context.Context, in map[string]bool) (map[string]bool, error) {
	for k := range in {
		if !slices.Contains(Kinds, k) {
			return nil, fmt.Errorf("%w: %q (known: %v)", ErrUnknownKind, k, Kinds)
		}
	}
	if s.d.Prefs == nil {
		return nil, errors.New("os notification switches are not available")
	}
	if err := s.d.Prefs.SetOSNotifications(ctx, in); err != nil {
		return nil, fmt.Errorf("save os notification switches: %w", err)
	}
	return s.OSSwitches(ctx)
}

// Prune deletes notifications older than days before now, like the runs they name.
func (s *Service) Prune(ctx context.Context, days int, now time.Time) int64 {
	if days <= 0 {
		return 0
	}
	n, err := s.d.Store.DeleteBefore(ctx, now.AddDate(0, 0, -days))
	if err != nil {
		s.log.Error("delete old notifications", "err", err)
		return 0
	}
	if n > 0 {
		s.changed(ctx)
	}
	return n
}

// RunRetention prunes once a day until ctx ends.
func (s *Service) RunRetention(ctx context.Context, days func() int) {
	t := time.NewTimer(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s.Prune(ctx, days(), s.d.Now())
		t.Reset(24 * time.Hour)
	}
}

func (s *Service) changed(ctx context.Context) {
	n, err := s.d.Store.Unread(ctx)
	if err != nil {
		s.log.Warn("count unread notifications", "err", err)
		return
	}
	s.d.Emitter.Emit(events.NotificationsChanged, Changed{Unread: n})
}
