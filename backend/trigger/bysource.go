package trigger

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/agented/agented/backend/db"
)

// ListBySource returns the enabled triggers of one source (webhook, github...), each as Get
// reads it (linked paths, guards, route, pause state), oldest first so dispatch order is stable
// from one delivery to the next. It runs on every delivery, so it leaves HasWebhookSecret false
// rather than asking the keyring once per trigger (a D-Bus round trip each): the webhook service
// keeps its own record of which triggers have one.
//
// The lists are kept until a trigger changes (see InvalidateOn) or for listMaxAge, whichever
// comes first: a burst of deliveries reads the triggers once instead of five queries each. The
// returned slice is the caller's; the slices inside each trigger are shared and must not be
// modified.
func (s *Service) ListBySource(ctx context.Context, source string) ([]Trigger, error) {
	list, err := s.bySource.get(source, func() ([]Trigger, error) { return s.loadBySource(ctx, source) })
	if err != nil {
		return nil, err
	}
	return append(make([]Trigger, 0, len(list)), list...), nil
}

// sourceCache keeps ListBySource's lists. Unlike the full list, it does not change with every
// run's status, so a webhook burst keeps hitting it while runs start and end.
type sourceCache struct {
	gen   atomic.Uint64 // bumped by invalidate; a list loaded under an older gen is stale
	mu    sync.Mutex    // held while a list is loaded, and to read or replace lists
	lists map[string]cachedSource
}

type cachedSource struct {
	gen      uint64
	loadedAt time.Time
	list     []Trigger
}

func (c *sourceCache) invalidate() { c.gen.Add(1) }

func (c *sourceCache) get(source string, load func() ([]Trigger, error)) ([]Trigger, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	gen := c.gen.Load()
	if cur, ok := c.lists[source]; ok && cur.gen == gen && time.Since(cur.loadedAt) < listMaxAge {
		return cur.list, nil
	}
	list, err := load()
	if err != nil {
		return nil, err
	}
	if c.lists == nil {
		c.lists = map[string]cachedSource{}
	}
	// gen was read before the load: a change committed during it leaves this list stale.
	c.lists[source] = cachedSource{gen: gen, loadedAt: time.Now(), list: list}
	return list, nil
}

// loadBySource reads the enabled triggers of a source with everything Get reads, in one query
// per table.
func (s *Service) loadBySource(ctx context.Context, source string) ([]Trigger, error) {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT `+columns+` FROM triggers
		WHERE trigger_source = ? AND enabled = 1 ORDER BY created_at, id`, source)
	if err != nil {
		return nil, fmt.Errorf("list %s triggers: %w", source, err)
	}
	defer rows.Close()
	out := []Trigger{}
	for rows.Next() {
		t, err := scanTrigger(rows)
		if err != nil {
			return nil, fmt.Errorf("scan trigger: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	// The other tables are read after the rows are closed, so one reader connection is enough.
	all, err := allPaths(ctx, s.db.Reader)
	if err != nil {
		return nil, err
	}
	paused, err := pausedTriggers(ctx, s.db.Reader)
	if err != nil {
		return nil, err
	}
	projects, err := queryProjects(ctx, s.db.Reader, ``)
	if err != nil {
		return nil, err
	}
	// A run of these triggers is made from this list (scheduled firings, webhooks): it needs
	// their accounts, fallback chains and run guards as a single Get would give them.
	if err := routesAndGuards(ctx, s.db.Reader, out); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Paths = pathsOf(all, out[i].ID)
		out[i].ProjectIDs = projectsOf(projects, out[i].ID)
		out[i].applyPause(paused[out[i].ID])
	}
	return out, nil
}

// routesAndGuards fills the routes and guards of a list, one query each.
func routesAndGuards(ctx context.Context, h db.Handler, list []Trigger) error {
	sums := make([]Summary, len(list))
	for i := range list {
		sums[i].ID = list[i].ID
	}
	if err := loadRoutes(ctx, h, sums); err != nil {
		return err
	}
	if err := loadAllGuards(ctx, h, sums); err != nil {
		return err
	}
	for i, s := range sums {
		list[i].AccountID, list[i].FallbackChain = s.AccountID, s.FallbackChain
		list[i].StallMinutes, list[i].StallAction, list[i].MaxCostUSD = s.StallMinutes, s.StallAction, s.MaxCostUSD
		list[i].Isolation = s.Isolation
	}
	return loadAllGitHub(ctx, h, len(list), func(i int) string { return list[i].ID }, func(i int) *Trigger { return &list[i] })
}
