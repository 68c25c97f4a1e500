# Helpers shared by scripts/e2e.sh and scripts/desktop-smoke.sh (sourced, not run).
#
# Every process a script starts gets the environment variable AGENTED_E2E_RUN=<its work dir>, and
# is started with setsid so it leads its own process group. Cleanup stops the group, then sweeps
# anything that escaped it (Vite runs in its own group, daemons may re-parent to init) by that
# variable, and never by process name.

E2E_T0=$(date +%s%N)

# e2e_secs prints the seconds since the script started, with one decimal.
e2e_secs() {
  local ms=$((($(date +%s%N) - E2E_T0) / 1000000))
  printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100))
}

# e2e_since START_NS prints the seconds elapsed since START_NS (from date +%s%N).
e2e_since() {
  local ms=$((($(date +%s%N) - $1) / 1000000))
  printf '%d.%ds' $((ms / 1000)) $((ms % 1000 / 100))
}

e2e_log() { printf '[%s %6ss] %s\n' "$E2E_NAME" "$(e2e_secs)" "$*"; }

# e2e_require CMD... fails when a command is missing.
e2e_require() {
  local c missing=()
  for c in "$@"; do command -v "$c" >/dev/null 2>&1 || missing+=("$c"); done
  if [ ${#missing[@]} -gt 0 ]; then
    e2e_log "missing commands: ${missing[*]} (run: make deps-apt-test)"
    return 1
  fi
}

# e2e_port_open PORT: true when something accepts TCP connections on localhost:PORT.
e2e_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
  (exec 3<>"/dev/tcp/::1/$1") 2>/dev/null
}

# e2e_group_alive PGID: true while a live (non-zombie) process is in the group.
e2e_group_alive() {
  local pid st
  for pid in $(pgrep -g "$1" 2>/dev/null); do
    st=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || continue
    [ "$st" != Z ] && return 0
  done
  return 1
}

# e2e_wait_gone PGID SECONDS: waits until the group is empty; false on timeout.
e2e_wait_gone() {
  local deadline=$((SECONDS + $2))
  while e2e_group_alive "$1"; do
    [ $SECONDS -ge "$deadline" ] && return 1
    sleep 0.2
  done
  return 0
}

# e2e_run_pids RUNDIR lists the processes started by this run (marked AGENTED_E2E_RUN=RUNDIR).
e2e_run_pids() {
  local env p
  for env in /proc/[0-9]*/environ; do
    p=${env#/proc/}
    p=${p%/environ}
    [ "$p" = "$$" ] && continue
    if { tr '\0' '\n' <"$env"; } 2>/dev/null | grep -qxF "AGENTED_E2E_RUN=$1"; then
      [ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" = Z ] || echo "$p"
    fi
  done
  return 0 # the list is the answer; callers assign it under set -e
}

# e2e_is_infra PID: true for the session plumbing (X server, D-Bus, keyring and their wrappers).
e2e_is_infra() {
  case "$(cat "/proc/$1/comm" 2>/dev/null)" in
    Xvfb | xvfb-run | dbus-run-sess* | dbus-daemon | gnome-keyring*) return 0 ;;
  esac
  return 1
}

# e2e_workload PGID lists the live processes of the group that are not session plumbing.
e2e_workload() {
  local pid
  for pid in $(pgrep -g "$1" 2>/dev/null); do
    e2e_is_infra "$pid" && continue
    [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ] && continue
    [ -e "/proc/$pid" ] && echo "$pid"
  done
  # A process that ended between pgrep and the check left the loop's last test false; the list
  # is the answer, and `pids=$(e2e_workload ...)` under set -e must not end the script for it.
  return 0
}

# e2e_stop_group PGID RUNDIR [SECONDS]: graceful stop of everything the run started. SIGTERM goes
# first to the workload only (the app quits its window while the X server and the bus are still
# there; when the workload is gone the wrappers end their sessions themselves), then to the whole
# group, then SIGKILL; finally the sweep by marker.
e2e_stop_group() {
  local pg=$1 run=$2 grace=${3:-20} pids pid
  if [ -n "$pg" ] && e2e_group_alive "$pg"; then
    pids=$(e2e_workload "$pg")
    # Every kill below tolerates processes that are already gone: callers may run under set -e.
    # shellcheck disable=SC2086
    [ -n "$pids" ] && { kill -TERM $pids 2>/dev/null || true; }
    local deadline=$((SECONDS + grace))
    while [ $SECONDS -lt $deadline ] && [ -n "$(e2e_workload "$pg")" ]; do
      sleep 0.2
    done
    # The wrappers exit on their own once their child is gone; give them a moment.
    e2e_wait_gone "$pg" 5 || true
    kill -TERM -- "-$pg" 2>/dev/null || true
    if ! e2e_wait_gone "$pg" 10; then
      e2e_log "process group $pg still alive after SIGTERM; sending SIGKILL"
      kill -KILL -- "-$pg" 2>/dev/null || true
      e2e_wait_gone "$pg" 5 || e2e_log "process group $pg survived SIGKILL"
    fi
  fi
  [ -n "$run" ] || return 0
  pids=$(e2e_run_pids "$run")
  if [ -n "$pids" ]; then
    e2e_log "stopping leftovers of this run:"
    for pid in $pids; do
      e2e_log "  $pid $({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | cut -c1-120)"
    done
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
    sleep 1
    pids=$(e2e_run_pids "$run")
    # shellcheck disable=SC2086
    [ -n "$pids" ] && { kill -KILL $pids 2>/dev/null || true; }
  fi
  return 0
}

# e2e_keyring_session: the command prefix of the inner shell that starts a fresh, unlocked
# gnome-keyring in the private D-Bus session (XDG_DATA_HOME must point at a throwaway dir, or a
# keyring left by an earlier run with another password stays locked and the app hangs on a prompt).
E2E_KEYRING_INIT='echo -n agented-e2e | gnome-keyring-daemon --unlock --components=secrets >/dev/null'
