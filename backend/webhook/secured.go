package webhook

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// securedMaxAge bounds how long the set of triggers with a secret is kept without a change made
// through this service (the flag rows are written only by SetTriggerSecret and
// ClearTriggerSecret; the bound covers anything else, such as a trigger deleted with its rows).
const securedMaxAge = 2 * time.Second

// securedCache keeps the ids of the webhook triggers that have a secret, read on every generic
// delivery. SetTriggerSecret and ClearTriggerSecret drop it after writing a flag row.
type securedCache struct {
	gen      atomic.Uint64 // bumped by invalidate; a set read under an older gen is stale
	mu       sync.Mutex
	ids      map[string]bool
	readGen  uint64
	loadedAt time.Time
}

func (c *securedCache) invalidate() { c.gen.Add(1) }

// securedTriggers returns the ids of webhook triggers that have a secret (see
// webhook_trigger_secrets in migration 0004). The map is shared: callers only read it.
func (s *Service) securedTriggers(ctx context.Context) (map[string]bool, error) {
	c := &s.secured
	c.mu.Lock()
	defer c.mu.Unlock()
	gen := c.gen.Load()
	if c.ids != nil && c.readGen == gen && time.Since(c.loadedAt) < securedMaxAge {
		return c.ids, nil
	}
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT trigger_id FROM webhook_trigger_secrets`)
	if err != nil {
		return nil, fmt.Errorf("read trigger secret flags: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// gen was read before the query: a flag written meanwhile leaves this set stale.
	c.ids, c.readGen, c.loadedAt = out, gen, time.Now()
	return out, nil
}
