#!/usr/bin/env bash
# End-to-end test of the real UI: starts `wails dev` under Xvfb, inside a private D-Bus session
# with a fresh unlocked gnome-keyring, a temporary AGENTED_HOME and the fake claude CLI
# (testdata/fakeagent, built as `claude`, FAKEAGENT_MODE=auto: each run's prompt picks how it
# behaves) first in PATH; then drives the UI with headless Chromium from the Go tests in e2e/
# (build tag e2e), and checks that no run of the fake outlived the test.
#
# Usage: scripts/e2e.sh            (or: make test-e2e)
# Environment:
#   E2E_ARTIFACTS      screenshots, logs and failure dumps (default /tmp/agented-e2e)
#   E2E_PORT           port of the wails dev server (default 34115, or the next free one)
#   E2E_READY_TIMEOUT  seconds to wait for wails dev, cold builds included (default 240)
#   E2E_TEST_TIMEOUT   seconds for the browser test, all scenarios together (default 420)
#   E2E_CHROMIUM       browser binary (default /usr/bin/chromium)
#   E2E_SKIP_DEPS=1    do not run `make -s deps-npm` first
#   E2E_KEEP=1         keep the temporary work dir (AGENTED_HOME, keyring) for inspection
#   E2E_RUN            run only the tests matching this regexp (go test -run), e.g. TestUnattendedFlow
#   E2E_TAGS           more build tags for the test, e.g. e2ebench (the measurements `make bench-ui` runs)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
E2E_NAME=e2e
# shellcheck source=../e2e/lib.sh
. "$ROOT/e2e/lib.sh"

PORT=${E2E_PORT:-34115}
ARTIFACTS=${E2E_ARTIFACTS:-/tmp/agented-e2e}
READY_TIMEOUT=${E2E_READY_TIMEOUT:-240}
TEST_TIMEOUT=${E2E_TEST_TIMEOUT:-420}
CHROMIUM=${E2E_CHROMIUM:-/usr/bin/chromium}

WORK=""
DEV_PG=""
DEV_STARTED=0
VITE_PORT=""
RESULT="FAIL"
REASON="interrupted"
declare -a TIMINGS=()

mkdir -p "$ARTIFACTS"
ARTIFACTS=$(cd "$ARTIFACTS" && pwd)
DEVLOG="$ARTIFACTS/wails-dev.log"
TESTLOG="$ARTIFACTS/e2e-test.log"

fail() {
  REASON="$*"
  e2e_log "FAIL: $*"
  exit 1
}

timed() { TIMINGS+=("$1 $(e2e_since "$2")"); }

# stop_dev quits the app first (wails dev would SIGKILL it), so its clean shutdown is exercised,
# then the rest of the process group, then anything that escaped it (Vite has its own group).
stop_dev() {
  [ -n "$DEV_PG" ] || return 0
  local t=$(date +%s%N) pid app=()
  for pid in $(pgrep -g "$DEV_PG" 2>/dev/null); do
    case "$(readlink "/proc/$pid/exe" 2>/dev/null)" in "$ROOT"/build/bin/*) app+=("$pid") ;; esac
  done
  if [ ${#app[@]} -gt 0 ]; then
    kill -TERM "${app[@]}" 2>/dev/null || true
    local deadline=$((SECONDS + 15))
    while [ $SECONDS -lt $deadline ]; do
      local alive=0
      for pid in "${app[@]}"; do kill -0 "$pid" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$pid/stat")" != Z ] && alive=1; done
      [ $alive = 0 ] && break
      sleep 0.2
    done
  fi
  e2e_stop_group "$DEV_PG" "$WORK"
  DEV_PG=""
  timed stop "$t"
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  stop_dev
  # Nothing of ours may still listen.
  local p busy=()
  if [ "$DEV_STARTED" = 1 ]; then
    for p in "$PORT" $VITE_PORT; do
      e2e_port_open "$p" && busy+=("$p")
    done
  fi
  if [ ${#busy[@]} -eq 0 ]; then
    [ "$DEV_STARTED" = 1 ] && e2e_log "nothing listens on port(s) $PORT${VITE_PORT:+ $VITE_PORT} any more"
  else
    e2e_log "still listening after cleanup: ${busy[*]}"
    ss -ltnp 2>/dev/null | grep -E ":($(
      IFS='|'
      echo "${busy[*]}"
    ))\b" || true
    [ $rc = 0 ] && REASON="port(s) ${busy[*]} still open after cleanup"
    rc=1
  fi
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    [ -f "$WORK/home/logs/agented.log" ] && cp "$WORK/home/logs/agented.log" "$ARTIFACTS/agented.log"
    if [ "${E2E_KEEP:-0}" = 1 ]; then
      e2e_log "kept work dir $WORK"
    else
      rm -rf "$WORK"
    fi
  fi
  [ $rc = 0 ] && RESULT=PASS
  local summary="E2E $RESULT in $(e2e_secs)s (${TIMINGS[*]:-no timings})"
  [ "$RESULT" = PASS ] || summary+=": $REASON"
  echo "$summary; artifacts in $ARTIFACTS"
  exit $rc
}
trap cleanup EXIT
trap 'REASON="interrupted"; exit 130' INT
trap 'REASON="terminated"; exit 143' TERM

# --- preflight -----------------------------------------------------------------------------------
e2e_require go npm curl xvfb-run xauth dbus-run-session gnome-keyring-daemon pgrep ss flock || fail "missing tools"
[ -x "$CHROMIUM" ] || fail "$CHROMIUM not found (apt-get install chromium, or set E2E_CHROMIUM)"

# One run at a time on this machine: wails dev builds and deletes build/bin/agented-dev-* in
# place, runs share the artifacts directory, and two runs on 2 cores would only slow each other.
LOCK="${TMPDIR:-/tmp}/agented-e2e.lock"
exec 9>"$LOCK"
if ! flock -n 9; then
  e2e_log "another e2e run holds $LOCK; waiting up to 15 min"
  t=$(date +%s%N)
  flock -w 900 9 || fail "still locked after 15 min: $LOCK"
  timed lock-wait "$t"
fi
rm -f "$ARTIFACTS"/settings.png "$ARTIFACTS"/dashboard.png "$ARTIFACTS"/screen-*.png "$ARTIFACTS"/onboarding-*.png \
  "$ARTIFACTS"/execution-*.png "$ARTIFACTS"/history-*.png \
  "$ARTIFACTS"/fail-*.png "$ARTIFACTS"/fail-*.html "$DEVLOG" "$TESTLOG" "$ARTIFACTS"/agented.log

if e2e_port_open "$PORT"; then
  if [ -n "${E2E_PORT:-}" ]; then
    ss -ltnp 2>/dev/null | grep -E ":$PORT\b" || true
    fail "port $PORT is already in use"
  fi
  busy=$PORT
  for PORT in $(seq 34116 34199) ""; do e2e_port_open "$PORT" || break; done
  [ -n "$PORT" ] || fail "ports 34115-34199 are all in use"
  e2e_log "port $busy is in use (another wails dev?); using $PORT"
fi
URL="http://localhost:$PORT"
# The login shell's look-up is bounded: a slow rc file (a version manager waiting on its lock) would
# otherwise hold up every run for what is only a warning.
for c in codex gemini opencode; do
  if p=$(command -v "$c") || p=$(timeout 10 bash -lc "command -v $c" 2>/dev/null); then
    e2e_log "warning: a real $c is installed ($p): the test expects it to be Not found"
  fi
done

WORK=$(mktemp -d /tmp/agented-e2e-run.XXXXXX)
# bin: the fake CLI, alone in its directory (codex, gemini and opencode must stay "Not found");
# project: the directory the test links to its triggers, so the runs' cwd is known.
FAKEBIN="$WORK/bin"
PROJECT="$WORK/project"
mkdir -p "$WORK/home" "$WORK/xdg-data" "$FAKEBIN" "$PROJECT"
MARKER="fake-anthropic-e2e-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

# fake_pids lists live processes running the fake CLI (the app's runs of it, and its short
# `claude --version` checks).
fake_pids() {
  local exe pid st
  for exe in /proc/[0-9]*/exe; do
    [ "$(readlink "$exe" 2>/dev/null)" = "$FAKEBIN/claude" ] || continue
    pid=${exe#/proc/}
    pid=${pid%/exe}
    st=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || continue
    [ -z "$st" ] || [ "$st" = Z ] || echo "$pid"
  done
}

t=$(date +%s%N)
go build -o "$FAKEBIN/claude" ./testdata/fakeagent || fail "the fake CLI does not build"
timed build-fake "$t"

if [ "${E2E_SKIP_DEPS:-0}" != 1 ]; then
  t=$(date +%s%N)
  make -s deps-npm
  timed deps "$t"
fi

# chromedp must be in the module graph. While go.mod does not require it, build the test with a
# temporary copy of go.mod that does (go.mod and go.sum stay untouched).
MODFLAG=()
if ! go list -m github.com/chromedp/chromedp >/dev/null 2>&1; then
  e2e_log "go.mod does not require chromedp; using a temporary modfile"
  cp go.mod "$WORK/e2e.mod"
  cp go.sum "$WORK/e2e.sum"
  go get -modfile="$WORK/e2e.mod" github.com/chromedp/chromedp@v0.23.0 2>&1 | sed 's/^/    /'
  MODFLAG=(-modfile="$WORK/e2e.mod")
fi

# --- start wails dev -----------------------------------------------------------------------------
# wails dev runs `go mod tidy` before it compiles (v2.9.2 ignores -m in dev mode), so it compiles
# through e2e/go-notidy, which skips that: the run never rewrites the working tree's go.mod/go.sum.
REAL_GO=$(command -v go)

# -s: Vite serves the frontend, no production build; -skipbindings: keep the committed bindings;
# -m/-nosyncgomod: leave go.mod alone (as far as wails honours them); -nogorebuild/-noreload:
# edits elsewhere in the tree during the run must not restart the app under test (Vite's own hot
# updates are off too: VITE_NO_HMR=1).
start_dev() {
  DEV_STARTED=1
  : >"$DEVLOG"
  rm -f "$WORK/bus"
  # The FAKEAGENT_* knobs are cleared so the prompts' markers alone decide what a run does.
  # SHELL=/bin/sh: a terminal tab's login shell then skips the tester's interactive bash rc files
  # (a version manager's shim rehash there can take a minute).
  setsid env -u ANTHROPIC_API_KEY -u OPENAI_API_KEY -u GEMINI_API_KEY -u SENTRY_DSN \
    -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY -u WAYLAND_DISPLAY \
    -u FAKEAGENT_LINES -u FAKEAGENT_RATE -u FAKEAGENT_BYTES -u FAKEAGENT_RESET_IN \
    PATH="$FAKEBIN:$PATH" SHELL=/bin/sh FAKEAGENT_MODE=auto AGENTED_HOME="$WORK/home" XDG_DATA_HOME="$WORK/xdg-data" \
    E2E_REAL_GO="$REAL_GO" AGENTED_E2E_RUN="$WORK" VITE_NO_HMR=1 \
    xvfb-run -a -s "-screen 0 1280x800x24" \
    dbus-run-session -- bash -c "$E2E_KEYRING_INIT"'
      printf %s "$DBUS_SESSION_BUS_ADDRESS" >"$1/bus"
      exec go tool wails dev -nocolour -loglevel Warning -skipbindings -s -m -nosyncgomod -nogorebuild -noreload \
        -compiler "$3" -devserver "localhost:$2"' e2e-dev "$WORK" "$PORT" "$ROOT/e2e/go-notidy" \
    >"$DEVLOG" 2>&1 </dev/null 9>&- &
  DEV_PG=$!
}

# wait_ready: true when the dev server answers, wails printed its URL and the window is up;
# 2 when wails dev gave up in a way a restart can fix; 1 otherwise.
wait_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT)) applog="$WORK/home/logs/agented.log"
  while :; do
    if curl -sf -o /dev/null --max-time 5 "$URL/" &&
      grep -qs "navigate to: $URL" "$DEVLOG" &&
      grep -q '"msg":"window ready"' "$applog" 2>/dev/null; then
      return 0
    fi
    if grep -qs "failed to find Vite server URL" "$DEVLOG"; then return 2; fi
    if grep -qsE "No version running|Build error|panic:|start failed" "$DEVLOG"; then return 1; fi
    if ! e2e_group_alive "$DEV_PG"; then return 1; fi
    [ $SECONDS -ge "$deadline" ] && return 1
    sleep 0.5
  done
}

t=$(date +%s%N)
e2e_log "starting wails dev on $URL (AGENTED_HOME=$WORK/home, log $DEVLOG)"
start_dev

# Compile the test while wails dev builds the app.
tc=$(date +%s%N)
(cd e2e && go test "${MODFLAG[@]}" -tags "e2e${E2E_TAGS:+,$E2E_TAGS}" -c -o "$WORK/e2e.test" .) || fail "the e2e test does not compile"
timed compile-test "$tc"

rc=0
wait_ready || rc=$?
if [ $rc = 2 ]; then
  e2e_log "wails dev could not find the Vite server in time; restarting it once"
  stop_dev
  start_dev
  rc=0
  wait_ready || rc=$?
fi
if [ $rc != 0 ]; then
  e2e_log "wails dev log (last 40 lines):"
  { tail -n 40 "$DEVLOG" | sed 's/^/    /'; } || true
  fail "wails dev was not ready within ${READY_TIMEOUT}s"
fi
timed start "$t"
VITE_PORT=$(grep -o 'Using Frontend DevServer URL: http://[^:]*:[0-9]*' "$DEVLOG" | head -n1 | grep -o '[0-9]*$' || true)
e2e_log "ready: $URL (Vite on port ${VITE_PORT:-?}) after $(e2e_since "$t")"

# --- the browser test ----------------------------------------------------------------------------
t=$(date +%s%N)
set +e
(
  cd e2e &&
    E2E_URL="$URL" E2E_AGENTED_HOME="$WORK/home" E2E_ARTIFACTS="$ARTIFACTS" \
      E2E_DBUS_ADDRESS="$(cat "$WORK/bus" 2>/dev/null)" E2E_KEY_MARKER="$MARKER" E2E_CHROMIUM="$CHROMIUM" \
      E2E_FAKE_CLAUDE="$FAKEBIN/claude" E2E_PROJECT_DIR="$PROJECT" \
      timeout -k 10 "$TEST_TIMEOUT" "$WORK/e2e.test" -test.v -test.count=1 -test.timeout="${TEST_TIMEOUT}s" \
        ${E2E_RUN:+-test.run="$E2E_RUN"}
) 2>&1 | tee "$TESTLOG"
test_rc=${PIPESTATUS[0]}
set -e
timed test "$t"
# Every run has ended (the test waited for it), so a fake CLI still alive escaped its run's
# cleanup. Checked while the app still runs: stopping it would kill such a process and hide it.
left=$(fake_pids)
if [ -n "$left" ]; then
  # Only what is still there a moment later: a version check may be just ending.
  sleep 2
  left=$(fake_pids)
fi
if [ -n "$left" ]; then
  for pid in $left; do
    e2e_log "  left: $pid cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) $({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | cut -c1-120)"
  done
  [ "$test_rc" = 0 ] && fail "the fake CLI outlived its run: $(echo $left)"
fi
[ "$test_rc" = 0 ] || fail "browser test failed (exit $test_rc); see $TESTLOG"
e2e_log "no process of the fake CLI is left"

# --- after shutdown: the store is checkpointed, the key must still be nowhere on disk ------------
stop_dev
grep -q '"msg":"agented stopped"' "$WORK/home/logs/agented.log" ||
  e2e_log "note: the dev app did not log \"agented stopped\" (wails dev may have killed it)"
if hits=$(grep -rlF -- "$MARKER" "$WORK/home" "$DEVLOG" 2>/dev/null) && [ -n "$hits" ]; then
  fail "the API key was written to: $hits"
fi
e2e_log "key absent from $WORK/home and the wails dev log after shutdown"
