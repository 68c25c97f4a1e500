#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a freshly created, unlocked gnome-keyring,
# and sets AGENTED_REAL_KEYRING=1 so the real-keyring tests run. The keyring lives in a throwaway
# XDG_DATA_HOME: a keyring left from an earlier run with another password would stay locked.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME="$tmp/data" AGENTED_REAL_KEYRING=1
mkdir -p "$XDG_DATA_HOME"
unset DISPLAY WAYLAND_DISPLAY
exec timeout "${KEYRING_TIMEOUT:-1500}" dbus-run-session -- bash -c '
  echo -n agented-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' with-keyring "$@"
