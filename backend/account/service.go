package account

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/validation"
)

// Secrets is what the service needs of the secret store (*secret.Store). Lookup is the cached
// read a run's start uses; State tells the account list where a key comes from.
type Secrets interface {
	Lookup(name secret.Name) (string, secret.Source, error)
	State(name secret.Name) secret.State
	Set(name secret.Name, value string) error
	Delete(name secret.Name) error
}

var _ Secrets = (*secret.Store)(nil)

// keyName names an account's key; apiKeyEnv, when the account has one, overrides the keyring.
func keyName(a Account) secret.Name { return secret.AccountKeyName(a.ID, a.APIKeyEnv) }

// Service manages accounts and their cooldowns.
type Service struct {
	db      *db.DB
	secrets Secrets
	em      events.Emitter
	log     *slog.Logger
	now     func() time.Time
}

// New returns the service. now is the clock cooldowns are measured with (time.Now, or a fake).
func New(d *db.DB, secrets Secrets, em events.Emitter, log *slog.Logger, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: d, secrets: secrets, em: em, log: log.With("component", "account"), now: now}
}

const columns = `id, backend, name, api_key_env, config_dir, env, is_default, created_at, updated_at`

func scan(row interface{ Scan(...any) error }) (Account, error) {
	var a Account
	var env string
	if err := row.Scan(&a.ID, &a.Backend, &a.Name, &a.APIKeyEnv, &a.ConfigDir, &env, &a.IsDefault, &a.CreatedAt, &a.UpdatedAt); err != nil {
		return a, err
	}
	_ = json.Unmarshal([]byte(env), &a.Env)
	if a.Env == nil {
		a.Env = map[string]string{}
	}
	return a, nil
}

// List returns every account, by backend then name, with key presence and cooldowns.
func (s *Service) List(ctx context.Context) ([]Account, error) {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT `+columns+` FROM accounts ORDER BY backend, name`)
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	defer rows.Close()
	out := []Account{}
	for rows.Next() {
		a, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("list accounts: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	cds, err := s.activeCooldowns(ctx)
	if err != nil {
		return nil, err
	}
	for i := range out {
		s.fill(&out[i], cds)
	}
	return out, nil
}

// Get returns one account.
func (s *Service) Get(ctx context.Context, id string) (Account, error) {
	a, err := s.get(ctx, s.db.Reader, id)
	if err != nil {
		return Account{}, err
	}
	cds, err := s.activeCooldowns(ctx)
	if err != nil {
		return Account{}, err
	}
	s.fill(&a, cds)
	return a, nil
}

func (s *Service) get(ctx context.Context, h db.Handler, id string) (Account, error) {
	a, err := scan(h.QueryRowContext(ctx, `SELECT `+columns+` FROM accounts WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if err != nil {
		return Account{}, fmt.Errorf("read account: %w", err)
	}
	return a, nil
}

// fill adds what is not in the row: whether a key is stored, the billing and the cooldown.
func (s *Service) fill(a *Account, cds map[string]Cooldown) {
	st := s.secrets.State(keyName(*a))
	a.HasAPIKey = st.Stored
	a.Billing = BillingSubscription
	if st.Configured() {
		a.Billing = BillingAPIKey
	}
	if c, ok := cds[a.ID]; ok {
		a.Cooldown = &c
	}
}

// Create validates and stores a new account; the first account of a backend becomes its default.
func (s *Service) Create(ctx context.Context, in Input) (Account, error) {
	normalize(&in)
	if err := validate(in); err != nil {
		return Account{}, err
	}
	now := db.Now()
	a := Account{ID: db.NewID("acct-"), Backend: in.Backend, Name: in.Name, APIKeyEnv: in.APIKeyEnv, ConfigDir: in.ConfigDir,
		Env: in.Env, IsDefault: in.IsDefault, CreatedAt: now, UpdatedAt: now}
	// The key goes first: an account row whose key could not be stored would bill the wrong way.
	if err := s.storeKey(a, in.APIKey); err != nil {
		return Account{}, err
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM accounts WHERE backend = ? AND is_default = 1`, a.Backend).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			a.IsDefault = true
		}
		if a.IsDefault {
			if _, err := tx.ExecContext(ctx, `UPDATE accounts SET is_default = 0 WHERE backend = ?`, a.Backend); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO accounts(`+columns+`) VALUES(?,?,?,?,?,?,?,?,?)`,
			a.ID, a.Backend, a.Name, a.APIKeyEnv, a.ConfigDir, mustJSON(a.Env), a.IsDefault, a.CreatedAt, a.UpdatedAt)
		return nameTaken(db.WrapError(err))
	})
	if err != nil {
		_ = s.secrets.Delete(keyName(a))
		return Account{}, err
	}
	s.log.InfoContext(ctx, "account created", "account_id", a.ID, "backend", a.Backend, "default", a.IsDefault)
	s.em.Emit(events.AccountsChanged, nil)
	return s.Get(ctx, a.ID)
}

// Update replaces an account's fields. The backend cannot change: triggers and past runs name
// the account for that backend. Unsetting the default is refused while the backend has no other
// default; make another account the default instead.
func (s *Service) Update(ctx context.Context, id string, in Input) (Account, error) {
	normalize(&in)
	cur, err := s.get(ctx, s.db.Reader, id)
	if err != nil {
		return Account{}, err
	}
	if err := validate(in); err != nil {
		return Account{}, err
	}
	if in.Backend != cur.Backend {
		errs := validation.New("account")
		errs.Add("backend", "cannot change (it is "+cur.Backend+"); create a new account instead")
		return Account{}, errs
	}
	if cur.IsDefault && !in.IsDefault {
		errs := validation.New("account")
		errs.Add("isDefault", "make another "+cur.Backend+" account the default instead")
		return Account{}, errs
	}
	if err := s.storeKey(cur, in.APIKey); err != nil {
		return Account{}, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if in.IsDefault {
			if _, err := tx.ExecContext(ctx, `UPDATE accounts SET is_default = 0 WHERE backend = ? AND id <> ?`, in.Backend, id); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE accounts SET name = ?, api_key_env = ?, config_dir = ?, env = ?, is_default = ?,
			updated_at = ? WHERE id = ?`, in.Name, in.APIKeyEnv, in.ConfigDir, mustJSON(in.Env), in.IsDefault, db.Now(), id)
		return nameTaken(db.WrapError(err))
	})
	if err != nil {
		return Account{}, err
	}
	s.log.InfoContext(ctx, "account updated", "account_id", id)
	s.em.Emit(events.AccountsChanged, nil)
	return s.Get(ctx, id)
}

// Delete removes an account, its key and its cooldown. When it was the default, the oldest
// remaining account of the backend becomes the default. Triggers that name it fail their next
// run saying so (their editor shows the account as missing).
func (s *Service) Delete(ctx context.Context, id string) error {
	cur, err := s.get(ctx, s.db.Reader, id)
	if err != nil {
		return err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM accounts WHERE id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM account_cooldowns WHERE key = ?`, id); err != nil {
			return err
		}
		if !cur.IsDefault {
			return nil
		}
		_, err := tx.ExecContext(ctx, `UPDATE accounts SET is_default = 1 WHERE id =
			(SELECT id FROM accounts WHERE backend = ? ORDER BY created_at, id LIMIT 1)`, cur.Backend)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete account: %w", err)
	}
	if err := s.secrets.Delete(keyName(cur)); err != nil {
		s.log.WarnContext(ctx, "delete an account's key from the keyring", "account_id", id, "err", err)
	}
	s.log.InfoContext(ctx, "account deleted", "account_id", id)
	s.em.Emit(events.AccountsChanged, nil)
	return nil
}

// storeKey applies a write-only key: nil keeps it, "" removes it, a value replaces it. A keyring
// that cannot store it is a field error naming the way around it.
func (s *Service) storeKey(a Account, key *string) error {
	if key == nil {
		return nil
	}
	var err error
	if *key == "" {
		err = s.secrets.Delete(keyName(a))
	} else {
		err = s.secrets.Set(keyName(a), *key)
	}
	if err != nil {
		errs := validation.New("account")
		errs.Add("apiKey", "could not be stored: "+err.Error()+"; without a keyring, put the key in an environment variable and name it in apiKeyEnv")
		return errs
	}
	return nil
}

func nameTaken(err error) error {
	if errors.Is(err, db.ErrDuplicate) {
		errs := validation.New("account")
		errs.Add("name", "is already used by another account of this backend")
		return nameTakenError{errs}
	}
	return err
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// SecretNames names every account's key, for the run-output redactor: a run must not print
// another account's key either.
func (s *Service) SecretNames(ctx context.Context) ([]secret.Name, error) {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT id, api_key_env FROM accounts`)
	if err != nil {
		return nil, fmt.Errorf("list account keys: %w", err)
	}
	defer rows.Close()
	var out []secret.Name
	for rows.Next() {
		var a Account
		if err := rows.Scan(&a.ID, &a.APIKeyEnv); err != nil {
			return nil, fmt.Errorf("list account keys: %w", err)
		}
		out = append(out, keyName(a))
	}
	return out, rows.Err()
}
