package events

// HasSubscriber reports whether an event of this name would reach any subscriber now. A producer
// whose payload is costly to build (a batch of log lines) checks first and skips the work when
// nobody listens. The answer can change right after; producers that must not leave a gap (the
// log lines) ask after persisting, so a late subscriber finds the data in the store instead.
func (b *Bus) HasSubscriber(name string) bool {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for s := range b.subs {
		if s.match == nil || s.match(name) {
			return true
		}
	}
	return false
}
