#!/usr/bin/env bash
# Checks "keep running in the background" in the real window under Xvfb: with the setting on,
# closing the window (the WM_DELETE_WINDOW request a window manager sends for the close button)
# hides it while the process keeps running; opening Agented again shows the same window (the
# second process hands over through the single-instance lock and exits); SIGTERM then quits
# cleanly. Without the setting, the same close request quits the app.
#
# Usage: scripts/desktop-background-check.sh build/bin/agented      (make test-desktop runs it)
set -euo pipefail

if [ "${1:-}" = --inner ]; then
  BIN=$2 WORK=$3
  E2E_NAME=background
  # shellcheck source=../e2e/lib.sh
  . "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh"
  eval "$E2E_KEYRING_INIT"
  fail() { echo "BACKGROUND FAIL: $*"; exit 1; }
  visible() { xdotool search --onlyvisible --name '^Agented$' 2>/dev/null | head -n1; }
  alive() { [ -e "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
  wait_until() { # SECONDS CMD...: polls CMD every 0.2 s
    local d=$((SECONDS + $1)); shift
    until "$@"; do [ $SECONDS -lt $d ] || return 1; sleep 0.2; done
  }
  # close_window WID: what the close button does, sent as a window manager would send it (Debian's
  # python3-xlib, hence that python).
  close_window() {
    /usr/bin/python3 - "$1" <<'PY'
import sys
from Xlib import X, display, protocol
d = display.Display()
w = d.create_resource_object("window", int(sys.argv[1]))
proto, delete = d.intern_atom("WM_PROTOCOLS"), d.intern_atom("WM_DELETE_WINDOW")
w.send_event(protocol.event.ClientMessage(window=w, client_type=proto, data=(32, [delete, X.CurrentTime, 0, 0, 0])),
             event_mask=X.NoEventMask)
d.flush()
PY
  }
  # seed HOME BACKGROUND: a data directory whose keep_running_in_background is BACKGROUND.
  seed() {
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    AGENTED_HOME=$1 "$BIN" serve --listen "127.0.0.1:$port" >/dev/null 2>&1 </dev/null &
    local pid=$!
    wait_until 60 curl -fs "http://127.0.0.1:$port/health/liveness" -o /dev/null || fail "serve did not start to create the data directory"
    kill -TERM "$pid"; wait "$pid" || true
    python3 - "$1/agented.db" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO settings(key, value, updated_at) VALUES('keep_running_in_background', ?, '2026-01-01T00:00:00Z') "
           "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (sys.argv[2],))
db.commit()
PY
  }

  # With the setting on: close hides, reopening shows, SIGTERM quits.
  seed "$WORK/bg" true
  AGENTED_HOME=$WORK/bg "$BIN" >"$WORK/bg.out" 2>&1 </dev/null &
  pid=$!
  wait_until 90 visible >/dev/null || fail "no window within 90 s: $(tail -5 "$WORK/bg.out")"
  wid=$(visible)
  sleep 2 # let the page load, as a user would before closing
  close_window "$wid"
  wait_until 20 bash -c '! xdotool search --onlyvisible --name "^Agented\$" >/dev/null 2>&1' || fail "the window is still shown after the close request"
  sleep 3
  alive "$pid" || fail "the app quit on close although keep running in the background is on"
  e2e_log "closed: window hidden, app (pid $pid) still running"
  second_rc=0
  AGENTED_HOME=$WORK/bg timeout 30 "$BIN" >"$WORK/second.out" 2>&1 </dev/null || second_rc=$?
  [ $second_rc = 0 ] || fail "the second launch exited with status $second_rc: $(tail -5 "$WORK/second.out")"
  wait_until 20 visible >/dev/null || fail "opening Agented again did not show the window"
  alive "$pid" || fail "the first instance is gone after the second launch"
  e2e_log "reopened: window shown again by the first instance, the second launch exited 0"
  kill -TERM "$pid"
  rc=0; wait "$pid" || rc=$?
  # SIGTERM right after the window was shown again once crashed the app inside GTK (two signal
  # handlers both quitting the main loop); a clean exit here is part of the check.
  if [ $rc != 0 ]; then
    fail "SIGTERM after the reopen: exit status $rc; the app's last output: $(grep -v '^$' "$WORK/bg.out" | grep -v '^{"time' | head -30)"
  fi

  # With the setting off (the default): the same close request quits.
  seed "$WORK/fg" false
  AGENTED_HOME=$WORK/fg "$BIN" >"$WORK/fg.out" 2>&1 </dev/null &
  pid=$!
  wait_until 90 visible >/dev/null || fail "no window within 90 s (setting off); see $WORK/fg.out"
  sleep 2
  close_window "$(visible)"
  wait_until 30 bash -c "! [ -e /proc/$pid ] || [ \"\$(awk '{print \$3}' /proc/$pid/stat 2>/dev/null)\" = Z ]" || fail "with the setting off, closing the window did not quit the app"
  rc=0; wait "$pid" || rc=$?
  [ $rc = 0 ] || fail "closing the window (setting off): exit status $rc"
  echo "BACKGROUND PASS: with keep running in the background on, closing the window hid it and the app kept running, opening Agented again showed it; with it off, closing quit (status 0)"
  exit 0
fi

BIN=${1:?usage: $0 BINARY}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d /tmp/agented-background-XXXXXX)
trap 'pkill -KILL -f "$WORK" 2>/dev/null || true; rm -rf "$WORK"' EXIT
env -u DISPLAY -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS xvfb-run -a -s "-screen 0 1280x800x24" \
  dbus-run-session -- bash "$ROOT/scripts/desktop-background-check.sh" --inner "$BIN" "$WORK"
