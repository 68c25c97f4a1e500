package trigger

import (
	"context"

	"github.com/agented/agented/backend/secret"
)

// SecretChecker is what the trigger service needs of the secret store: whether a trigger's
// webhook secret is stored (never its value) and removing it with the trigger.
type SecretChecker interface {
	State(name secret.Name) secret.State
	Delete(name secret.Name) error
}

var _ SecretChecker = (*secret.Store)(nil)

// fillSecret sets HasWebhookSecret. Only webhook triggers use a per-trigger secret, so other
// sources skip the keyring round trip (a D-Bus call on Linux) and always read false.
func (s *Service) fillSecret(t *Trigger) {
	if s.secrets == nil || t.TriggerSource != SourceWebhook {
		return
	}
	t.HasWebhookSecret = s.secrets.State(secret.TriggerWebhookSecretName(t.ID)).Configured()
}

// dropSecret removes a deleted trigger's webhook secret. Failing to do so is logged, not
// returned: the trigger is already gone and a stale keyring entry under its unique id is inert.
func (s *Service) dropSecret(ctx context.Context, id string) {
	if s.secrets == nil {
		return
	}
	if err := s.secrets.Delete(secret.TriggerWebhookSecretName(id)); err != nil {
		s.log.WarnContext(ctx, "delete trigger webhook secret", "trigger_id", id, "err", err)
	}
}
