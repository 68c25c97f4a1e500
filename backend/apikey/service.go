package apikey

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/validation"
)

// secretBytes of randomness per key: 256 bits, beyond guessing at any request rate, which is
// also why an unsalted SHA-256 is the right thing to store.
const secretBytes = 32

// secretPrefix makes a leaked key recognisable to secret scanners and to the user.
const secretPrefix = "agk_"

// touchEvery bounds lastUsedAt writes: at most one per key per interval, so a busy client does
// not turn every read into a write.
const touchEvery = time.Minute

// maxNameLen keeps names readable in the audit log, where they are the actor.
const maxNameLen = 64

// Service creates, lists, revokes and checks keys.
type Service struct {
	db  *db.DB
	log *slog.Logger
	now func() time.Time

	mu      sync.Mutex
	touched map[string]time.Time // key id → when lastUsedAt was last written
}

// New returns the service; now may be nil (time.Now).
func New(d *db.DB, log *slog.Logger, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = logging.Discard()
	}
	return &Service{db: d, log: logging.Component(log, "apikey"), now: now, touched: map[string]time.Time{}}
}

// Create stores a new key and returns its secret, which is never shown again.
func (s *Service) Create(ctx context.Context, in Input) (Created, error) {
	in.Name = strings.TrimSpace(in.Name)
	errs := validation.New("api key")
	switch {
	case in.Name == "":
		errs.Add("name", "is required")
	case utf8.RuneCountInString(in.Name) > maxNameLen:
		errs.Add("name", fmt.Sprintf("must be at most %d characters", maxNameLen))
	case in.Name == "desktop" || strings.EqualFold(in.Name, EnvKeyName):
		errs.Add("name", "is reserved: the audit log uses it for another actor")
	}
	if !in.Scope.Valid() {
		errs.Add("scope", "must be read, run or admin")
	}
	if err := errs.Err(); err != nil {
		return Created{}, err
	}
	var raw [secretBytes]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return Created{}, fmt.Errorf("generate api key: %w", err)
	}
	secret := secretPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	hash := sha256.Sum256([]byte(secret))
	k := Key{ID: db.NewID("key-"), Name: in.Name, Scope: in.Scope, CreatedAt: s.now().UTC().Format(db.TimeFormat)}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error { return insertKey(ctx, tx, k, hash[:]) })
	if errors.Is(err, db.ErrDuplicate) {
		taken := validation.New("api key")
		taken.Add("name", ErrNameTaken.Error())
		return Created{}, nameTakenError{taken}
	}
	if err != nil {
		return Created{}, fmt.Errorf("store api key: %w", err)
	}
	s.log.InfoContext(ctx, "api key created", "id", k.ID, "name", k.Name, "scope", k.Scope) // never the secret
	return Created{ID: k.ID, Name: k.Name, Scope: k.Scope, Key: secret}, nil
}

// List returns every key, oldest first.
func (s *Service) List(ctx context.Context) ([]Key, error) { return listKeys(ctx, s.db.Reader) }

// Get returns one key.
func (s *Service) Get(ctx context.Context, id string) (Key, error) {
	return getKey(ctx, s.db.Reader, id)
}

// Revoke deletes a key; the next request that presents it gets 401.
func (s *Service) Revoke(ctx context.Context, id string) error {
	if err := s.db.Tx(ctx, func(tx *sql.Tx) error { return deleteKey(ctx, tx, id) }); err != nil {
		return err
	}
	s.mu.Lock()
	delete(s.touched, id)
	s.mu.Unlock()
	s.log.InfoContext(ctx, "api key revoked", "id", id)
	return nil
}

// Configured reports whether any named key exists.
func (s *Service) Configured(ctx context.Context) bool {
	n, err := countKeys(ctx, s.db.Reader)
	if err != nil {
		s.log.WarnContext(ctx, "count api keys", "err", err)
	}
	return n > 0
}

// Authenticate returns the principal of the key whose secret was presented, or ErrUnknownKey.
// It reads the store every time (an indexed lookup): no cache could outlive a revocation.
func (s *Service) Authenticate(ctx context.Context, secret string) (Principal, error) {
	hash := sha256.Sum256([]byte(secret))
	k, err := keyByHash(ctx, s.db.Reader, hash[:])
	if err != nil {
		return Principal{}, err
	}
	// The lookup already matched; comparing again in constant time keeps the decision itself
	// independent of where two hashes differ, whatever the index does.
	if subtle.ConstantTimeCompare(k.hash, hash[:]) != 1 {
		return Principal{}, ErrUnknownKey
	}
	s.touch(ctx, k.ID)
	return Principal{Name: k.Name, Scope: k.Scope}, nil
}

// touch writes lastUsedAt when it was last written more than touchEvery ago.
func (s *Service) touch(ctx context.Context, id string) {
	now := s.now()
	s.mu.Lock()
	last, ok := s.touched[id]
	due := !ok || now.Sub(last) >= touchEvery
	if due {
		s.touched[id] = now
	}
	s.mu.Unlock()
	if !due {
		return
	}
	if _, err := s.db.Exec(ctx, `UPDATE api_keys SET last_used_at = ? WHERE id = ?`, now.UTC().Format(db.TimeFormat), id); err != nil {
		s.log.WarnContext(ctx, "record api key use", "id", id, "err", db.WrapError(err))
	}
}

// EnvKeyName is the actor name of the key given in AGENTED_API_KEY, which is always admin.
const EnvKeyName = "AGENTED_API_KEY"
