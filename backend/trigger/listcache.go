package trigger

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/agented/agented/backend/events"
)

// listMaxAge bounds how long a built list is served without a change event. What the list shows
// that no event announces (a linked directory deleted behind Agented's back, a retention sweep)
// is at most this old.
const listMaxAge = 2 * time.Second

// Listing is the full trigger list as built at one moment. Version changes whenever the list is
// rebuilt, so a caller may keep work derived from it (an encoded response, its ETag) until
// Version moves. Triggers is shared: callers must not modify it.
type Listing struct {
	Version  uint64
	Triggers []Summary
}

// listCache keeps the last built list. Building it queries every trigger with its latest run
// and counts (several milliseconds with 100 triggers), and a UI or script polling it at a few
// hundred requests per second would otherwise keep the reader pool busy with the same query.
// Rebuilds are serialized: callers that find the list stale while another rebuilds wait for
// that rebuild instead of running their own.
type listCache struct {
	gen   atomic.Uint64 // bumped by invalidate; a list built under an older gen is stale
	build sync.Mutex    // held while a list is built, and to read or replace cur
	cur   *cachedList
	n     uint64 // builds so far, the next Listing.Version
}

type cachedList struct {
	gen     uint64
	builtAt time.Time
	listing Listing
}

func (c *listCache) invalidate() { c.gen.Add(1) }

// get returns the cached list if it is current, else builds one with load.
func (c *listCache) get(load func() ([]Summary, error)) (Listing, error) {
	c.build.Lock()
	defer c.build.Unlock()
	gen := c.gen.Load()
	if cur := c.cur; cur != nil && cur.gen == gen && time.Since(cur.builtAt) < listMaxAge {
		return cur.listing, nil
	}
	list, err := load()
	if err != nil {
		return Listing{}, err
	}
	c.n++
	// gen was read before the load: a change that lands during it leaves this list stale, and the
	// next caller rebuilds.
	c.cur = &cachedList{gen: gen, builtAt: time.Now(), listing: Listing{Version: c.n, Triggers: list}}
	return c.cur.listing, nil
}

// Listing returns the full list, from the cache when nothing changed since it was built.
func (s *Service) Listing(ctx context.Context) (Listing, error) {
	return s.cache.get(func() ([]Summary, error) { return s.load(ctx) })
}

// List returns every trigger (predefined first, then by name) with its latest run, optionally
// filtered by a case-insensitive query over name, description, backend, source and id.
func (s *Service) List(ctx context.Context, query string) ([]Summary, error) {
	l, err := s.Listing(ctx)
	if err != nil {
		return nil, err
	}
	q := strings.ToLower(strings.TrimSpace(query))
	out := make([]Summary, 0, len(l.Triggers))
	for _, t := range l.Triggers {
		if q == "" || strings.Contains(strings.ToLower(t.Name+" "+t.Description+" "+t.BackendType+" "+t.TriggerSource+" "+t.ID), q) {
			out = append(out, t)
		}
	}
	return out, nil
}

// InvalidateOn returns an emitter that forwards to next and, first, drops the cached list when an
// event says something it shows changed: a trigger, a run's status, a secret, a project. Give it to every
// component whose events change the list, so a list read right after a change sees it.
func (s *Service) InvalidateOn(next events.Emitter) events.Emitter {
	return invalidating{next: next, c: &s.cache, src: &s.bySource}
}

type invalidating struct {
	next events.Emitter
	c    *listCache
	src  *sourceCache
}

func (e invalidating) Emit(name string, payload any) {
	switch name {
	case events.TriggersChanged, events.ProjectsChanged:
		// A deleted project takes its links with it (ON DELETE CASCADE), unseen by this service.
		e.c.invalidate()
		e.src.invalidate() // the lists by source hold definitions only: runs and secrets leave them be
	case events.ExecutionStatus, events.SecretsChanged:
		e.c.invalidate()
	}
	e.next.Emit(name, payload)
}

// invalidate drops every cached list once a change is committed, before it is announced, so a
// read that follows the change sees it even if the announcement never comes.
func (s *Service) invalidate() {
	s.cache.invalidate()
	s.bySource.invalidate()
}
