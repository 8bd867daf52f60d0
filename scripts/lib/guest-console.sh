# shellcheck shell=bash
# Drives the serial console of a guest booted by an emulator with `-serial stdio` (QEMU or jpseries),
# for scripts/boot-qemu-system and bench/boot. The console's input is a fifo the script writes to,
# its output (with the emulator's stderr) is copied to a log, and the moment the guest init's marker
# line appears is recorded as it is read (no polling delay in the timing).
#
#   guest_start DIR CMD...      start CMD in the background; sets GUEST_PID, GUEST_T0 (epoch seconds
#                               just before the start) and GUEST_LOG (DIR/console.log, or
#                               $GUEST_LOG_AS when that is set)
#   guest_wait_ready SECONDS    0: the marker line was printed (GUEST_READY = its epoch seconds);
#                               1: the emulator exited first (GUEST_RC); 2: SECONDS passed
#   guest_wait_text TEXT SECONDS  0: the log contains TEXT; 1: the emulator exited; 2: SECONDS passed
#   guest_wait_line LINE SECONDS  the same for a whole line (the console's CR ignored)
#   guest_send TEXT             type TEXT and a newline on the console
#   guest_wait_exit SECONDS     0: the emulator exited (GUEST_RC); 2: it still runs after SECONDS
#   guest_wait_socket PATH SECONDS  0: the socket PATH exists (a QMP server is up); 1: the emulator
#                               exited first (GUEST_RC); 2: SECONDS passed
#   guest_kill                  close the console, SIGTERM the emulator, SIGKILL it after 5 s
#   guest_tail N                the last N lines of the log, CRs removed, indented with "  | "
#   guest_save NAME / guest_load NAME   keep the current guest's state under NAME / make the guest
#                               kept under NAME the current one (two guests at once: a migration's
#                               source and destination, each started in its own DIR)
# The functions act on the current guest.

GUEST_MARKER="jpseries-init: ready"
GUEST_PID="" GUEST_RC="" GUEST_FD=""

guest_start() {
  local dir="$1"; shift
  GUEST_DIR="$dir" GUEST_LOG="${GUEST_LOG_AS:-$dir/console.log}" GUEST_RC="" GUEST_READY=""
  rm -f "$dir/in" "$dir/ready" "$dir/eof" "$GUEST_LOG"
  mkfifo "$dir/in" || return 1
  : > "$GUEST_LOG"
  GUEST_T0=$EPOCHREALTIME
  # tee copies the console to the log; grep stops at the marker line, whose time is written at
  # once; cat then drains the rest so the emulator never blocks on its output.
  "$@" < "$dir/in" > >(tee -a "$GUEST_LOG" | {
      grep -m1 -qxE "${GUEST_MARKER}"$'\r?' && echo "$EPOCHREALTIME" > "$dir/ready"
      cat > /dev/null
      : > "$dir/eof"
    }) 2>&1 &
  GUEST_PID=$!
  exec {GUEST_FD}> "$dir/in"
}

# _guest_reap: after the emulator is gone, collect its exit code and let the log reader finish.
_guest_reap() {
  wait "$GUEST_PID" 2>/dev/null; GUEST_RC=$?
  GUEST_PID=""
  local i
  for ((i = 0; i < 50; i++)); do [ -e "$GUEST_DIR/eof" ] && break; sleep 0.1; done
}

_guest_alive() { [ -n "$GUEST_PID" ] && kill -0 "$GUEST_PID" 2>/dev/null; }

guest_wait_ready() {
  local deadline=$((SECONDS + $1))
  while :; do
    if [ -s "$GUEST_DIR/ready" ]; then GUEST_READY=$(< "$GUEST_DIR/ready"); return 0; fi
    if ! _guest_alive; then
      [ -n "$GUEST_PID" ] && _guest_reap
      if [ -s "$GUEST_DIR/ready" ]; then GUEST_READY=$(< "$GUEST_DIR/ready"); return 0; fi
      return 1
    fi
    [ $SECONDS -ge $deadline ] && return 2
    sleep 0.1
  done
}

# _guest_wait_match GREP-OPTIONS PATTERN SECONDS
_guest_wait_match() {
  local deadline=$((SECONDS + $3))
  while :; do
    grep -q "$1" -- "$2" "$GUEST_LOG" && return 0
    if ! _guest_alive; then
      [ -n "$GUEST_PID" ] && _guest_reap
      grep -q "$1" -- "$2" "$GUEST_LOG" && return 0
      return 1
    fi
    [ $SECONDS -ge $deadline ] && return 2
    sleep 0.2
  done
}
guest_wait_text() { _guest_wait_match -F "$1" "$2"; }
guest_wait_line() { _guest_wait_match -xF "$1"$'\n'"$1"$'\r' "$2"; }

# In a subshell: a write to the console of an emulator that has exited raises SIGPIPE, which
# must end the write (status 141), not the script that reports the exit.
guest_send() { ( printf '%s\n' "$1" >&"$GUEST_FD" ) 2>/dev/null; }

guest_wait_exit() {
  local deadline=$((SECONDS + $1))
  while _guest_alive; do
    [ $SECONDS -ge $deadline ] && return 2
    sleep 0.2
  done
  [ -n "$GUEST_PID" ] && _guest_reap
  return 0
}

guest_wait_socket() {
  local deadline=$((SECONDS + $2))
  while [ ! -S "$1" ]; do
    if ! _guest_alive; then [ -n "$GUEST_PID" ] && _guest_reap; return 1; fi
    [ $SECONDS -ge $deadline ] && return 2
    sleep 0.1
  done
}

guest_kill() {
  if [ -n "$GUEST_FD" ]; then exec {GUEST_FD}>&-; GUEST_FD=""; fi
  if _guest_alive; then
    kill -TERM "$GUEST_PID" 2>/dev/null
    guest_wait_exit 5 || { kill -KILL "$GUEST_PID" 2>/dev/null; guest_wait_exit 5; }
  fi
  [ -n "$GUEST_PID" ] && _guest_reap
  return 0
}

_GUEST_VARS=(GUEST_DIR GUEST_LOG GUEST_RC GUEST_READY GUEST_PID GUEST_FD GUEST_T0 GUEST_MARKER)
declare -gA _GUEST_KEPT=()
guest_save() { local v; for v in "${_GUEST_VARS[@]}"; do _GUEST_KEPT[$1.$v]="${!v:-}"; done; }
guest_load() { local v; for v in "${_GUEST_VARS[@]}"; do printf -v "$v" '%s' "${_GUEST_KEPT[$1.$v]:-}"; done; }

guest_tail() { tail -n "$1" "$GUEST_LOG" | tr -d '\r' | sed 's/^/  | /'; }
