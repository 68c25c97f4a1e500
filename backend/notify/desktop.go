package notify

import (
	"fmt"

	"github.com/gen2brain/beeep"
)

// Desktop shows OS notifications through beeep (D-Bus on Linux, the notification centre on
// macOS, toasts on Windows).
type Desktop struct {
	// check says whether a desktop session is reachable before beeep is asked; on Linux, godbus
	// would otherwise autolaunch a session bus that outlives Agented. nil means always try.
	check func() error
}

// NewDesktop returns the notifier. check is run before every notification (see Desktop.check).
func NewDesktop(check func() error) *Desktop {
	beeep.AppName = "Agented" // the library's only way to name the sender
	return &Desktop{check: check}
}

// Send shows one notification. It fails, with the reason, when the desktop cannot show it.
func (d *Desktop) Send(title, message string) error {
	if d.check != nil {
		if err := d.check(); err != nil {
			return fmt.Errorf("%w: %v", ErrNoDesktop, err)
		}
	}
	if err := beeep.Notify(title, message, ""); err != nil {
		return fmt.Errorf("%w: %v", ErrNoDesktop, err)
	}
	return nil
}
