// Package e2e holds the end-to-end tests of Agented. They drive the real UI in headless Chromium
// against `wails dev` and only build with the e2e tag, so a plain `go test ./...` skips them.
//
// Run them with scripts/e2e.sh (or `make test-e2e`): the script starts `wails dev` under Xvfb
// with a private D-Bus session, an unlocked throwaway gnome-keyring, a temporary AGENTED_HOME and
// a fake claude CLI first in PATH, then runs `go test -tags e2e ./e2e/` against it.
package e2e
