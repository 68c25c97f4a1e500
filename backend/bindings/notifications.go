package bindings

import (
	"context"

	"github.com/agented/agented/backend/notify"
)

// NotificationsAPI lists what Agented told the user (the bell) and holds the per-kind
// OS-notification switches.
type NotificationsAPI struct {
	ctx context.Context
	svc *notify.Service
	rec Recorder
}

// NewNotificationsAPI returns the facade.
func NewNotificationsAPI(ctx context.Context, svc *notify.Service, rec Recorder) *NotificationsAPI {
	return &NotificationsAPI{ctx: ctx, svc: svc, rec: rec}
}

// List returns the newest notifications and the unread count.
func (a *NotificationsAPI) List(q notify.Query) (notify.Page, error) { return a.svc.List(a.ctx, q) }

// MarkRead marks one notification read.
func (a *NotificationsAPI) MarkRead(id string) error {
	return recordErr(a.ctx, a.rec, "notification.read", id, nil, nil, func() error { return a.svc.MarkRead(a.ctx, id) })
}

// MarkAllRead marks every notification read.
func (a *NotificationsAPI) MarkAllRead() error {
	return recordErr(a.ctx, a.rec, "notification.read-all", "", nil, nil, func() error { return a.svc.MarkAllRead(a.ctx) })
}

// Kinds lists the notification kinds in display order.
func (a *NotificationsAPI) Kinds() []string { return notify.Kinds }

// OSSwitches returns, per kind, whether an OS notification is raised too.
func (a *NotificationsAPI) OSSwitches() (map[string]bool, error) { return a.svc.OSSwitches(a.ctx) }

// SetOSSwitches stores the switches given and returns them all.
func (a *NotificationsAPI) SetOSSwitches(in map[string]bool) (map[string]bool, error) {
	before := snapshot(func() (map[string]bool, error) { return a.svc.OSSwitches(a.ctx) })
	return record(a.ctx, a.rec, "notification.os.update", "", before, func() (map[string]bool, error) { return a.svc.SetOSSwitches(a.ctx, in) })
}
