package webhook

import (
	"context"
	"fmt"
	"unicode"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/validation"
)

// Bounds of a per-trigger webhook secret: long enough not to be guessed, short and free of
// whitespace so it survives being pasted into a sender's settings and a shell variable.
const (
	minSecretLen = 8
	maxSecretLen = 256
)

// SetTriggerSecret stores a webhook trigger's HMAC secret in the keyring; from then on its
// deliveries need X-Webhook-Signature-256. The secret never leaves the keyring again.
func (s *Service) SetTriggerSecret(ctx context.Context, triggerID, value string) (trigger.Trigger, error) {
	if err := validateSecret(value); err != nil {
		return trigger.Trigger{}, err
	}
	t, err := s.webhookTrigger(ctx, triggerID)
	if err != nil {
		return trigger.Trigger{}, err
	}
	// The flag goes first: deliveries read it (not the keyring) to know a signature is required,
	// so a secret must never be in the keyring without it. A flag without a secret only fails
	// closed (the trigger's deliveries are refused until the secret is set again).
	if _, err := s.db.Exec(ctx, `INSERT INTO webhook_trigger_secrets(trigger_id, set_at) VALUES(?, ?)
		ON CONFLICT(trigger_id) DO UPDATE SET set_at = excluded.set_at`, t.ID, stamp(s.now())); err != nil {
		return trigger.Trigger{}, fmt.Errorf("flag webhook secret: %w", err)
	}
	s.secured.invalidate()
	if err := s.secrets.Set(secret.TriggerWebhookSecretName(t.ID), value); err != nil {
		return trigger.Trigger{}, fmt.Errorf("store webhook secret: %w", err)
	}
	s.log.InfoContext(ctx, "trigger webhook secret set", "trigger_id", t.ID)
	t.HasWebhookSecret = true
	s.em.Emit(events.TriggersChanged, nil)
	return t, nil
}

// ClearTriggerSecret removes a trigger's secret; its deliveries are then accepted unsigned.
func (s *Service) ClearTriggerSecret(ctx context.Context, triggerID string) (trigger.Trigger, error) {
	t, err := s.triggers.Get(ctx, triggerID)
	if err != nil {
		return trigger.Trigger{}, err
	}
	if err := s.secrets.Delete(secret.TriggerWebhookSecretName(t.ID)); err != nil {
		// Keep the flag: the secret may still be in the keyring, so deliveries stay checked.
		return trigger.Trigger{}, fmt.Errorf("delete webhook secret: %w", err)
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM webhook_trigger_secrets WHERE trigger_id = ?`, t.ID); err != nil {
		return trigger.Trigger{}, fmt.Errorf("unflag webhook secret: %w", err)
	}
	s.secured.invalidate()
	s.log.InfoContext(ctx, "trigger webhook secret cleared", "trigger_id", t.ID)
	t.HasWebhookSecret = false
	s.em.Emit(events.TriggersChanged, nil)
	return t, nil
}

func (s *Service) webhookTrigger(ctx context.Context, id string) (trigger.Trigger, error) {
	t, err := s.triggers.Get(ctx, id)
	if err != nil {
		return trigger.Trigger{}, err
	}
	if t.TriggerSource != trigger.SourceWebhook {
		errs := validation.New("webhook secret")
		errs.Add("webhookSecret", "only webhook triggers have their own secret; GitHub triggers use the GitHub webhook secret in Settings")
		return trigger.Trigger{}, errs
	}
	return t, nil
}

func validateSecret(v string) error {
	errs := validation.New("webhook secret")
	n := len([]rune(v))
	switch {
	case n < minSecretLen || n > maxSecretLen:
		errs.Add("webhookSecret", fmt.Sprintf("must be %d to %d characters", minSecretLen, maxSecretLen))
	default:
		for _, r := range v {
			if unicode.IsSpace(r) || unicode.IsControl(r) {
				errs.Add("webhookSecret", "must not contain spaces or control characters")
				break
			}
		}
	}
	return errs.Err()
}
