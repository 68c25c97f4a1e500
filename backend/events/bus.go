// Package events is Agented's in-process event bus. Producers (settings, executions, clones,
// terminals, watchers) publish through the Emitter interface; the Wails adapter and, later, the SSE
// adapter subscribe. A subscriber that cannot keep up loses events instead of slowing a producer,
// and is told how many it lost so it can page them from the store.
package events

import (
	"context"
	"sync"
)

// Emitter is all a service needs to publish. Implementations must never block.
type Emitter interface {
	Emit(name string, payload any)
}

// Event is one published event as a subscriber receives it.
type Event struct {
	Name    string
	Payload any
	// Missed counts events dropped for this subscriber just before this one because its queue
	// was full. A Missed event with an empty Name reports a gap at the end of the queue.
	Missed uint64
}

// Bus fans events out to subscribers. The zero value is not usable; call NewBus.
type Bus struct {
	mu     sync.RWMutex
	subs   map[*Subscription]struct{}
	closed bool
}

// NewBus returns an empty bus.
func NewBus() *Bus {
	return &Bus{subs: map[*Subscription]struct{}{}}
}

// Emit delivers the event to every matching subscriber without waiting for any of them.
func (b *Bus) Emit(name string, payload any) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for s := range b.subs {
		if s.match == nil || s.match(name) {
			s.push(Event{Name: name, Payload: payload})
		}
	}
}

// Subscribe registers a subscriber with a queue of size events. match selects event names; nil
// matches all. Close the subscription when done.
func (b *Bus) Subscribe(size int, match func(name string) bool) *Subscription {
	if size < 1 {
		size = 1
	}
	s := &Subscription{bus: b, size: size, match: match, ready: make(chan struct{}, 1)}
	b.mu.Lock()
	if b.closed {
		s.closed = true
	} else {
		b.subs[s] = struct{}{}
	}
	b.mu.Unlock()
	return s
}

// Close ends every subscription; Next then returns ErrClosed once their queues are drained.
func (b *Bus) Close() {
	b.mu.Lock()
	subs := b.subs
	b.subs = map[*Subscription]struct{}{}
	b.closed = true
	b.mu.Unlock()
	for s := range subs {
		s.shut()
	}
}

// Subscription is one subscriber's bounded queue.
type Subscription struct {
	bus   *Bus
	size  int
	match func(string) bool
	ready chan struct{} // holds a token while the queue may be non-empty

	mu     sync.Mutex
	queue  []Event
	missed uint64
	closed bool
}

func (s *Subscription) push(e Event) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	if len(s.queue) >= s.size {
		s.missed++
		s.mu.Unlock()
		return
	}
	e.Missed, s.missed = s.missed, 0
	s.queue = append(s.queue, e)
	s.mu.Unlock()
	s.signal()
}

func (s *Subscription) signal() {
	select {
	case s.ready <- struct{}{}:
	default:
	}
}

// Next waits for the next event. It returns ctx's error when ctx ends and ErrClosed after Close
// once the queue is empty.
func (s *Subscription) Next(ctx context.Context) (Event, error) {
	for {
		s.mu.Lock()
		if len(s.queue) > 0 {
			e := s.queue[0]
			s.queue[0] = Event{}
			s.queue = s.queue[1:]
			if len(s.queue) == 0 {
				s.queue = nil // let the backing array go after a burst
			}
			s.mu.Unlock()
			return e, nil
		}
		if s.missed > 0 {
			n := s.missed
			s.missed = 0
			s.mu.Unlock()
			return Event{Missed: n}, nil
		}
		closed := s.closed
		s.mu.Unlock()
		if closed {
			return Event{}, ErrClosed
		}
		select {
		case <-s.ready:
		case <-ctx.Done():
			return Event{}, ctx.Err()
		}
	}
}

// Close unsubscribes. Pending events are discarded.
func (s *Subscription) Close() {
	s.bus.mu.Lock()
	delete(s.bus.subs, s)
	s.bus.mu.Unlock()
	s.mu.Lock()
	s.queue = nil
	s.mu.Unlock()
	s.shut()
}

func (s *Subscription) shut() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.signal()
}
