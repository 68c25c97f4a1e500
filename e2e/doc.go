// Package e2e holds the end-to-end tests of Agented. They drive the real UI in headless Chromium
// (chromedp) against `wails dev` and only build with the e2e tag, so a plain `go test ./...`
// skips them.
//
// Run them with scripts/e2e.sh (or `make test-e2e`): the script starts `wails dev` under Xvfb
// with a private D-Bus session, an unlocked throwaway gnome-keyring, a temporary AGENTED_HOME and
// the fake claude CLI first in PATH (testdata/fakeagent built as `claude`, with
// FAKEAGENT_MODE=auto so each run's prompt picks its behaviour: [fake:lines:400:50] streams,
// [fake:hang] waits to be cancelled, [fake:flood:BYTES] prints as fast as it can), compiles this
// package with `go test -tags e2e -c`, runs it against the dev server, checks no run of the fake
// is left, and stops everything afterwards.
// Screenshots and logs land in $E2E_ARTIFACTS (default /tmp/agented-e2e).
//
// TestOnboardingFlow runs first (its file name starts with 0): on the fresh data directory the app
// opens the first-run guide, which finds the fake claude, stores a key, creates a trigger from a
// template and runs it to a success. TestSettingsFlow covers Settings and the navigation; TestCoreLoopFlow creates triggers, runs
// them (live log, usage, transcript, cancel) and finds the runs in the history; TestWebhookFlow
// turns the HTTP listener on (API key, /admin auth), posts to a webhook trigger, inspects and
// replays the deliveries, and turns the listener off again. TestStorageFailureFlow puts a file
// where the run logs go ($AGENTED_HOME/runs) and checks that a flooding run is stopped, ends
// failed with the storage failure, and is announced by a toast linking to it.
// TestUnattendedFlow covers runs nobody starts by hand: a weekly schedule's sentence and next
// fire times in the editor, a once trigger that fires five seconds after it is saved, a run that
// moves from a rate-limited account to a second one (two attempts in the run view), a run a hard
// budget refuses, the Dashboard's upcoming runs and budget warnings, the Usage charts and the
// notification bell. TestAuditFlow creates a named admin key in Settings → Listener, uses it over
// the listener (a read key is refused the same change) and finds the changes, with their diff, on
// the Audit screen. TestPlanningFlow opens the planning board of a project on the flat .planning
// fixture, drags a card (the PLAN file gains exactly its status line) and edits a PLAN file on
// disk (its card moves without a reload), then edits the planning commands from the board's
// "Edit commands" link and resets them. TestProjectLinksFlow links a trigger to a project: its
// card counts the running run, the project page lists the trigger and its runs live, and the run
// works in the project's directory. TestProjectsFlow is a project's whole life: created from a
// repository the test serves with git http-backend, its clone watched, git log and a sed edit
// typed into its terminal (the board follows the edit live), a card dragged (its PLAN file gains
// exactly the new status), a worktree-isolated run started from a card with its branch and diff
// shown, the terminal's screen restored and its tab closed. Run one test alone with E2E_RUN=TestUnattendedFlow
// scripts/e2e.sh.
//
// Measurements are not tests: they build only with the e2ebench tag, which `make bench-ui` (part
// of `make bench`) passes through E2E_TAGS. TestBenchTerminalEcho times keystroke → echo from the
// page (docs/benchmarks.md, Terminals).
//
// Against an app that is already running under `wails dev` (the fake claude first in its PATH,
// FAKEAGENT_MODE=auto or unset, a fresh keyring):
//
//	E2E_URL=http://localhost:34115 E2E_AGENTED_HOME=<its AGENTED_HOME> \
//	  E2E_FAKE_CLAUDE=<the fake's path> go test -tags e2e -count=1 -v ./e2e/
//
// lib.sh and go-notidy are helpers of scripts/e2e.sh and scripts/desktop-smoke.sh.
package e2e
