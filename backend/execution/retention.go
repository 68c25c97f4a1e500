package execution

import (
	"context"
	"time"
)

// retentionEvery is how often old runs are deleted; the first pass runs shortly after start.
const (
	retentionEvery = 24 * time.Hour
	retentionFirst = time.Minute
)

// RunRetention deletes finished runs older than days() every day until Shutdown.
func (e *Engine) RunRetention(days func() int) {
	t := time.NewTimer(retentionFirst)
	defer t.Stop()
	for {
		select {
		case <-e.done:
			return
		case <-t.C:
		}
		e.PruneOnce(context.Background(), days(), time.Now())
		t.Reset(retentionEvery)
	}
}

// PruneOnce deletes finished runs queued more than days before now.
func (e *Engine) PruneOnce(ctx context.Context, days int, now time.Time) int64 {
	if days <= 0 {
		return 0
	}
	n, err := e.d.Store.DeleteFinishedBefore(ctx, now.AddDate(0, 0, -days))
	if err != nil {
		e.log.Error("delete old runs", "err", err)
		return 0
	}
	if n > 0 {
		e.log.Info("old runs deleted", "count", n, "retention_days", days)
	}
	if orphans, err := e.d.Store.SweepLogs(ctx); err != nil {
		e.log.Warn("delete orphan log files", "err", err)
	} else if orphans > 0 {
		e.log.Info("orphan log files deleted", "count", orphans)
	}
	return n
}
