#!/usr/bin/env bash
# Desktop smoke test of the built binary: opens the real WebKitGTK window under Xvfb (private
# D-Bus session, fresh unlocked gnome-keyring, temporary AGENTED_HOME), checks that the window
# appears and the page renders (screenshot not blank), then sends SIGTERM and checks that the app
# quits cleanly: exit status 0 and "agented stopped" in its log.
#
# Usage: scripts/desktop-smoke.sh build/bin/agented      (or: make test-desktop)
# Environment:
#   E2E_ARTIFACTS          desktop.png, the app log and output (default /tmp/agented-e2e)
#   SMOKE_WINDOW_TIMEOUT   seconds for the window and "window ready" (default 60)
#   SMOKE_RENDER_TIMEOUT   seconds for the page to render after that (default 30)
#   SMOKE_STOP_TIMEOUT     seconds for the app to exit after SIGTERM (default 15)
#   SMOKE_MIN_STDDEV       blank-screen threshold on the grey-level standard deviation (default 0.04)
#   SMOKE_MIN_COLOURS      blank-screen threshold on the number of distinct colours (default 200)
#
# Thresholds, measured on this app at 1280x800: empty Xvfb root 0 / 1 colour; the window before
# the page paints (only its background colour) 0.008 / 2 colours; the rendered dashboard 0.128 /
# ~1860 colours.
set -euo pipefail

# --- inner part: runs inside xvfb-run + dbus-run-session ------------------------------------------
if [ "${1:-}" = --inner ]; then
  WORK=$2 BIN=$3 ART=$4
  E2E_NAME=smoke
  # shellcheck source=../e2e/lib.sh
  . "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh"
  E2E_T0=$SMOKE_T0
  res() { echo "$1=$2" >>"$WORK/result"; }
  applog="$WORK/home/logs/agented.log"

  eval "$E2E_KEYRING_INIT"
  "$BIN" >"$ART/desktop-app.out" 2>"$ART/desktop-app.err" </dev/null &
  pid=$!
  res PID "$pid"
  t=$(date +%s%N)
  e2e_log "started $BIN (pid $pid) on $DISPLAY"

  # alive: the app runs (an exited child stays a zombie until waited for, and kill -0 succeeds).
  alive() { [ -e "/proc/$pid" ] && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]; }

  # On an early failure, still stop the app the way a user would, then for good.
  stop_app() {
    alive || { wait "$pid" 2>/dev/null; return 0; }
    kill -TERM "$pid" 2>/dev/null
    local d=$((SECONDS + SMOKE_STOP_TIMEOUT))
    while alive && [ $SECONDS -lt $d ]; do
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  }
  trap 'stop_app || true' EXIT

  # The window: a visible window with exactly this title (what `xdotool search --sync` waits for,
  # polled here so that an app that dies early fails at once instead of at the timeout).
  deadline=$((SECONDS + SMOKE_WINDOW_TIMEOUT))
  until wid=$(xdotool search --onlyvisible --name '^Agented$' 2>/dev/null | head -n1) && [ -n "$wid" ]; do
    if ! alive; then
      rc=0
      wait "$pid" || rc=$?
      res FAIL "the app exited (status $rc) before its window appeared; see $ART/desktop-app.err"
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      res FAIL "no visible window titled Agented within ${SMOKE_WINDOW_TIMEOUT}s"
      exit 1
    fi
    sleep 0.2
  done
  res T_WINDOW "$(e2e_since "$t")"
  e2e_log "window $wid visible after $(e2e_since "$t"): $(xdotool getwindowgeometry "$wid" | tr -s '\n ' ' ')"

  deadline=$((SECONDS + SMOKE_WINDOW_TIMEOUT))
  until grep -q '"msg":"window ready"' "$applog" 2>/dev/null; do
    if ! alive; then
      res FAIL "the app exited before \"window ready\""
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      res FAIL "no \"window ready\" in $applog within ${SMOKE_WINDOW_TIMEOUT}s"
      exit 1
    fi
    sleep 0.2
  done
  res T_READY "$(e2e_since "$t")"
  e2e_log "\"window ready\" logged after $(e2e_since "$t")"

  # The page: screenshot until it is not blank and has settled (two shots in a row the same, or,
  # should something on it move, not blank for 3 s), instead of a fixed sleep.
  tr0=$(date +%s%N)
  deadline=$((SECONDS + SMOKE_RENDER_TIMEOUT))
  prev="" n=0 ok=0 sd=0 colours=0 since=0
  while :; do
    n=$((n + 1))
    shot="$WORK/shot-$n.png"
    import -window root "$shot"
    read -r sd colours < <(convert "$shot" -format '%[fx:standard_deviation] %k\n' info:)
    if awk -v s="$sd" -v c="$colours" -v ms="$SMOKE_MIN_STDDEV" -v mc="$SMOKE_MIN_COLOURS" \
      'BEGIN { exit !(s >= ms && c >= mc) }'; then
      [ -n "$prev" ] || since=$(date +%s%N)
      if [ -n "$prev" ] && { [ "$(compare -metric AE "$prev" "$shot" null: 2>&1 || true)" = 0 ] ||
        [ $(($(date +%s%N) - since)) -ge 3000000000 ]; }; then
        ok=1
        break
      fi
      prev=$shot
    else
      prev=""
    fi
    [ $SECONDS -ge $deadline ] && break
    alive || break
    sleep 0.5
  done
  cp "$shot" "$ART/desktop.png"
  res STDDEV "$sd"
  res COLOURS "$colours"
  res SHOTS "$n"
  res T_RENDER "$(e2e_since "$tr0")"
  e2e_log "screenshot $n: standard deviation $sd, $colours colours (need >= $SMOKE_MIN_STDDEV and >= $SMOKE_MIN_COLOURS)"
  if [ $ok != 1 ]; then
    res FAIL "the window stayed blank or kept changing for ${SMOKE_RENDER_TIMEOUT}s (last: stddev $sd, $colours colours)"
    exit 1
  fi

  # Clean shutdown on SIGTERM.
  ts=$(date +%s%N)
  kill -TERM "$pid"
  deadline=$((SECONDS + SMOKE_STOP_TIMEOUT)) killed=0
  while alive; do
    if [ $SECONDS -ge $deadline ]; then
      kill -KILL "$pid" 2>/dev/null || true
      killed=1
      break
    fi
    sleep 0.1
  done
  rc=0
  wait "$pid" || rc=$?
  res T_STOP "$(e2e_since "$ts")"
  res EXIT "$rc"
  if [ $killed = 1 ]; then
    res FAIL "the app did not exit within ${SMOKE_STOP_TIMEOUT}s of SIGTERM (killed)"
    exit 1
  fi
  e2e_log "exited with status $rc after $(e2e_since "$ts")"
  exit 0
fi

# --- outer part ----------------------------------------------------------------------------------
E2E_NAME=smoke
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../e2e/lib.sh
. "$ROOT/e2e/lib.sh"

BIN=${1:-}
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
  echo "usage: $0 BINARY   (build it with: make build)" >&2
  echo "SMOKE FAIL: no executable binary given (${BIN:-none})"
  exit 2
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
ART=${E2E_ARTIFACTS:-/tmp/agented-e2e}
mkdir -p "$ART"
ART=$(cd "$ART" && pwd)
export SMOKE_WINDOW_TIMEOUT=${SMOKE_WINDOW_TIMEOUT:-60}
export SMOKE_RENDER_TIMEOUT=${SMOKE_RENDER_TIMEOUT:-30}
export SMOKE_STOP_TIMEOUT=${SMOKE_STOP_TIMEOUT:-15}
export SMOKE_MIN_STDDEV=${SMOKE_MIN_STDDEV:-0.04}
export SMOKE_MIN_COLOURS=${SMOKE_MIN_COLOURS:-200}
export SMOKE_T0=$E2E_T0
rm -f "$ART/desktop.png" "$ART/desktop-app.out" "$ART/desktop-app.err" "$ART/desktop-agented.log" "$ART/desktop-session.log"

WORK=""
PG=""
FAILS=()

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  e2e_stop_group "$PG" "$WORK" 5
  if [ -n "$WORK" ]; then
    [ -f "$WORK/home/logs/agented.log" ] && cp "$WORK/home/logs/agented.log" "$ART/desktop-agented.log"
    rm -rf "$WORK"
  fi
  [ $rc = 0 ] && [ ${#FAILS[@]} -gt 0 ] && rc=1
  local timing="window ${T_WINDOW:-?}, ready ${T_READY:-?}, render ${T_RENDER:-?}, stop ${T_STOP:-?}"
  if [ $rc = 0 ]; then
    echo "SMOKE PASS in $(e2e_secs)s ($timing; stddev ${STDDEV:-?}, ${COLOURS:-?} colours); screenshot $ART/desktop.png"
  else
    [ ${#FAILS[@]} -eq 0 ] && FAILS=("interrupted")
    local why
    why=$(printf '%s; ' "${FAILS[@]}")
    echo "SMOKE FAIL in $(e2e_secs)s ($timing): ${why%; }; see $ART"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'FAILS+=("interrupted"); exit 130' INT
trap 'FAILS+=("terminated"); exit 143' TERM

e2e_require xvfb-run xauth dbus-run-session gnome-keyring-daemon xdotool import convert compare pgrep ||
  {
    FAILS+=("missing tools")
    exit 1
  }

WORK=$(mktemp -d /tmp/agented-smoke-run.XXXXXX)
mkdir -p "$WORK/home" "$WORK/xdg-data"
: >"$WORK/result"

# The whole session is bounded: window + ready + render + stop, plus slack for Xvfb and D-Bus.
budget=$((2 * SMOKE_WINDOW_TIMEOUT + SMOKE_RENDER_TIMEOUT + SMOKE_STOP_TIMEOUT + 30))
e2e_log "running $BIN (AGENTED_HOME=$WORK/home)"
setsid env -u ANTHROPIC_API_KEY -u OPENAI_API_KEY -u GEMINI_API_KEY -u SENTRY_DSN \
  -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY -u WAYLAND_DISPLAY \
  PATH="$ROOT/testdata/fakecli:$PATH" AGENTED_HOME="$WORK/home" XDG_DATA_HOME="$WORK/xdg-data" \
  AGENTED_E2E_RUN="$WORK" \
  timeout -k 5 "$budget" \
  xvfb-run -a -s "-screen 0 1280x800x24" \
  dbus-run-session -- bash "$ROOT/scripts/desktop-smoke.sh" --inner "$WORK" "$BIN" "$ART" \
  >"$ART/desktop-session.log" 2>&1 </dev/null &
PG=$!
# Show the progress lines of the inner part as they come (the rest is Xvfb/D-Bus/WebKit noise).
tail -n +1 -F --pid="$PG" "$ART/desktop-session.log" 2>/dev/null | grep --line-buffered '^\[smoke' &
session_rc=0
wait "$PG" || session_rc=$?
wait || true # the progress tail ends with the session

# Read what the inner part found.
while IFS='=' read -r k v; do
  case "$k" in
    FAIL) FAILS+=("$v") ;;
    PID | EXIT | STDDEV | COLOURS | SHOTS | T_WINDOW | T_READY | T_RENDER | T_STOP) printf -v "$k" '%s' "$v" ;;
  esac
done <"$WORK/result"

if [ "$session_rc" = 124 ] || [ "$session_rc" = 137 ]; then
  FAILS+=("the session did not finish within ${budget}s")
elif [ "$session_rc" != 0 ] && [ ${#FAILS[@]} -eq 0 ]; then
  FAILS+=("the Xvfb/D-Bus session failed (exit $session_rc); see $ART/desktop-session.log")
fi
if [ ${#FAILS[@]} -eq 0 ]; then
  [ "${EXIT:-x}" = 0 ] || FAILS+=("the app exited with status ${EXIT:-?} after SIGTERM, want 0")
  applog="$WORK/home/logs/agented.log"
  grep -q '"msg":"agented starting"' "$applog" || FAILS+=("no \"agented starting\" in the app log")
  grep -q '"msg":"agented stopped"' "$applog" || FAILS+=("no \"agented stopped\" in the app log: not a clean shutdown")
  if grep -q '"level":"ERROR"' "$applog"; then
    FAILS+=("ERROR lines in the app log: $(grep '"level":"ERROR"' "$applog" | head -n3 | tr '\n' ' ')")
  fi
fi
if [ -n "${PID:-}" ] && [ -e "/proc/$PID" ] && [ "$(awk '{print $3}' "/proc/$PID/stat" 2>/dev/null)" != Z ]; then
  FAILS+=("the app (pid $PID) is still running")
fi
[ ${#FAILS[@]} -eq 0 ]
