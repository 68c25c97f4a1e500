package secret

import (
	"errors"
	"os"
	"path/filepath"
)

// SessionBusCheck fails when there is no D-Bus session bus to reach the Secret Service. Without
// it, godbus would autolaunch `dbus-launch`, which starts a session bus and a keyring daemon that
// outlive Agented; a headless server is better told plainly to use environment variables.
func SessionBusCheck() error {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		return nil
	}
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "bus")); err == nil {
			return nil
		}
	}
	return errors.New("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), so the Secret Service cannot be reached")
}
