package settings

import (
	"fmt"

	"github.com/agented/agented/backend/validation"
)

// LoginItem is the OS entry that starts Agented at login (*autostart.Entry).
type LoginItem interface {
	Set(enabled bool) error
}

// WithLoginItem lets StartAtLogin write and remove the login entry. Without one (a headless
// server, tests) the setting is only stored. Call it once, before the service is used.
func (s *Service) WithLoginItem(li LoginItem) *Service {
	s.login = li
	return s
}

// SyncLoginItem rewrites the login entry when the setting is on, so it names the binary that
// runs now (an update may have moved it). A failure is only logged: the app runs either way.
func (s *Service) SyncLoginItem() {
	if s.login == nil || !s.Get().StartAtLogin {
		return
	}
	if err := s.login.Set(true); err != nil {
		s.log.Warn("refresh the start-at-login entry", "err", err)
	}
}

// applyLogin writes or removes the login entry; a failure is the field's error.
func (s *Service) applyLogin(enabled bool) error {
	if s.login == nil {
		return nil
	}
	if err := s.login.Set(enabled); err != nil {
		errs := validation.New("settings")
		errs.Add("startAtLogin", fmt.Sprintf("could not change the login entry: %v", err))
		return errs
	}
	return nil
}
