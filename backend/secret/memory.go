package secret

import (
	"sync"

	"github.com/zalando/go-keyring"
)

// MemoryKeyring is an in-memory Keyring for tests and for running without an OS keyring. Fail
// makes every call return an error, to exercise the unavailable paths.
type MemoryKeyring struct {
	mu  sync.Mutex
	m   map[string]string
	err error
}

// NewMemoryKeyring returns an empty keyring.
func NewMemoryKeyring() *MemoryKeyring { return &MemoryKeyring{m: map[string]string{}} }

// Fail makes later calls return err (nil restores normal behaviour).
func (k *MemoryKeyring) Fail(err error) {
	k.mu.Lock()
	k.err = err
	k.mu.Unlock()
}

// Peek returns a stored value directly, for tests that check what reached the keyring.
func (k *MemoryKeyring) Peek(service, user string) string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.m[service+"/"+user]
}

// Get reads a secret.
func (k *MemoryKeyring) Get(service, user string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.err != nil {
		return "", k.err
	}
	v, ok := k.m[service+"/"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

// Set writes a secret.
func (k *MemoryKeyring) Set(service, user, password string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.err != nil {
		return k.err
	}
	k.m[service+"/"+user] = password
	return nil
}

// Delete removes a secret; a missing one gives keyring.ErrNotFound like the real keyrings.
func (k *MemoryKeyring) Delete(service, user string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.err != nil {
		return k.err
	}
	if _, ok := k.m[service+"/"+user]; !ok {
		return keyring.ErrNotFound
	}
	delete(k.m, service+"/"+user)
	return nil
}
