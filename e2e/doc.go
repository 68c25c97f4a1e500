// Package e2e holds the end-to-end tests of Agented. They drive the real UI in headless Chromium
// (chromedp) against `wails dev` and only build with the e2e tag, so a plain `go test ./...`
// skips them.
//
// Run them with scripts/e2e.sh (or `make test-e2e`): the script starts `wails dev` under Xvfb
// with a private D-Bus session, an unlocked throwaway gnome-keyring, a temporary AGENTED_HOME and
// the fake claude CLI (testdata/fakecli) first in PATH, compiles this package with
// `go test -tags e2e -c`, runs it against the dev server, and stops everything afterwards.
// Screenshots and logs land in $E2E_ARTIFACTS (default /tmp/agented-e2e).
//
// Against an app that is already running under `wails dev` (same PATH and a fresh keyring):
//
//	E2E_URL=http://localhost:34115 E2E_AGENTED_HOME=<its AGENTED_HOME> \
//	  go test -tags e2e -count=1 -v ./e2e/
//
// lib.sh and go-notidy are helpers of scripts/e2e.sh and scripts/desktop-smoke.sh.
package e2e
