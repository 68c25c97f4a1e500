package secret

// A run's start needs every key of its backend and, for the redactor, every secret Agented
// holds; a keyring read is a D-Bus round trip per name. So the keyring's answers are kept: Get,
// State, Set and Delete through the Store keep them current; a change made behind Agented's back
// (secret-tool) is seen by the next Get or State of that name (the Settings screen's check) or
// after a restart.

// Lookup is Get for a run's start, which must not wait on the keyring at every run: the
// environment variable, else the keyring's answer as this process last saw it, else a keyring
// read.
func (s *Store) Lookup(n Name) (string, Source, error) {
	if v := s.env(n); v != "" {
		return v, SourceEnv, nil
	}
	if v, ok := s.cached(n); ok {
		if v == "" {
			return "", SourceNone, ErrNotFound
		}
		return v, SourceKeyring, nil
	}
	return s.Get(n)
}

// Values returns the values of the named secrets that have one: the environment variable and
// the keyring item, each when set (a run may have been given either). Names the keyring cannot be
// asked about (unavailable) are left out rather than waited for.
func (s *Store) Values(names []Name) []string {
	var out []string
	for _, n := range names {
		if v := s.env(n); v != "" {
			out = append(out, v)
		}
		if v, ok := s.cached(n); ok {
			if v != "" {
				out = append(out, v)
			}
			continue
		}
		if !s.available() {
			continue
		}
		// The variable was taken above; a missing item or a keyring that just failed adds nothing.
		if v, _, err := s.Get(Name{item: n.item}); err == nil {
			out = append(out, v)
		}
	}
	return out
}

func (s *Store) cached(n Name) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.seen[n.item]
	return v, ok
}

func (s *Store) remember(n Name, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen == nil {
		s.seen = map[string]string{}
	}
	s.seen[n.item] = value
}
