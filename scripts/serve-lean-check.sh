#!/usr/bin/env bash
# Checks that `agented serve` of the desktop build hands over to the headless build beside it:
# the serving process (same PID) runs build/bin/agented-headless and maps no GTK or WebKit
# library. As a control, the same desktop binary alone in a directory keeps serving itself and
# does map them, so the check can tell the two apart. Prints each process's VmRSS for the record.
#
# Usage: scripts/serve-lean-check.sh build/bin/agented      (make test-desktop runs it)
set -euo pipefail

BIN=${1:?usage: $0 DESKTOP_BINARY}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
WORK=$(mktemp -d /tmp/agented-lean-XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() { echo "SERVE-LEAN FAIL: $*"; exit 1; }

# start BINARY NAME: starts `BINARY serve` on a free port, waits for its liveness route, and sets
# PID to the serving process.
start() {
  local bin=$1 name=$2 port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  env -u DISPLAY -u WAYLAND_DISPLAY AGENTED_HOME="$WORK/$name-home" \
    "$bin" serve --listen "127.0.0.1:$port" >"$WORK/$name.out" 2>"$WORK/$name.err" </dev/null &
  PID=$!
  PIDS+=("$PID")
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$port/health/liveness" >/dev/null 2>&1 && return 0
    kill -0 "$PID" 2>/dev/null || fail "$name: serve exited early: $(cat "$WORK/$name.err")"
    sleep 0.1
  done
  fail "$name: no answer on /health/liveness within 30 s"
}

# stop PID NAME: SIGTERM, and the serve must exit with status 0.
stop() {
  local rc=0
  kill -TERM "$1"
  wait "$1" || rc=$?
  [ $rc = 0 ] || fail "$2: exit status $rc after SIGTERM: $(cat "$WORK/$2.err")"
}

gtk_maps() { grep -c -E 'libgtk-3|libwebkit2gtk' "/proc/$1/maps" || true; }
rss() { awk '/^VmRSS/{printf "%.1f MB", $2/1024}' "/proc/$1/status"; }

[ -x "$(dirname "$BIN")/agented-headless" ] || fail "no agented-headless beside $BIN (make build makes both)"

start "$BIN" lean
exe=$(readlink "/proc/$PID/exe")
[ "$(basename "$exe")" = agented-headless ] || fail "the serving process runs $exe, not agented-headless"
[ "$(gtk_maps "$PID")" = 0 ] || fail "the serving process maps GTK/WebKit libraries"
lean_rss=$(rss "$PID")
stop "$PID" lean

mkdir -p "$WORK/alone"
cp "$BIN" "$WORK/alone/agented"
start "$WORK/alone/agented" alone
[ "$(gtk_maps "$PID")" -gt 0 ] || fail "control: the desktop binary alone maps no GTK/WebKit library, so the check proves nothing"
alone_rss=$(rss "$PID")
stop "$PID" alone

echo "SERVE-LEAN PASS: serve hands over to agented-headless (same PID, no GTK/WebKit mapped, VmRSS $lean_rss at start); the desktop binary alone serves itself (VmRSS $alone_rss at start)"
