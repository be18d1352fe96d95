#!/usr/bin/env bash
# Wine for the windows-cross tests: create the prefix once, keep one wineserver warm while tests
# run (a cold start costs about a second per .exe), and stop it afterwards.
#   tools/wine-prefix.sh start | stop
# The prefix is $WINEPREFIX, or ~/.wine; it may not exist yet (a new machine, an empty home):
# `start` makes it. `stop` ends only what `start` started: the Xvfb, and the wineserver when no
# server of that prefix was running before (a user's own Wine session is left alone).
set -euo pipefail
trap 'echo "wine-prefix.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
export WINEDEBUG=-all
# The same UTF-8 locale as tools/wine-run gives Wine's programs (non-ASCII file names).
case "$(locale charmap 2>/dev/null)" in UTF-8) ;; *) export LC_ALL=C.UTF-8 ;; esac
prefix="${WINEPREFIX:-$HOME/.wine}"
display_file="$prefix/.shmh-display"
server_file="$prefix/.shmh-server"
here="$(dirname "$0")"
# Whether a wineserver of this prefix runs: a server works in a folder named after the prefix's
# device and inode (server-DEV-INODE, under a temporary folder that Debian's Wine chooses).
server_pid() {
  local pid tag
  tag="$(printf 'server-%x-%x' "$(stat -c %d "$prefix")" "$(stat -c %i "$prefix")")"
  for pid in $(pgrep -u "$(id -u)" -x 'wineserver(64)?' 2>/dev/null); do
    [ "$(basename "$(readlink "/proc/$pid/cwd" 2>/dev/null)")" = "$tag" ] && { echo "$pid"; return 0; }
  done
  return 1
}
server_running() { server_pid >/dev/null; }
# Whether that server stays when its last program ends: started with `-p` and no delay.
server_persistent() {
  local pid
  pid="$(server_pid)" || return 1
  tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qx -- '-p'
}
case "${1:-}" in
  start)
    # Wine refuses a prefix folder owned by someone else; it accepts an empty one of ours. Made
    # first, so that the files below have somewhere to go.
    mkdir -p "$prefix"
    # One X display for every Wine process of the prefix (tools/wine-run exports it). The harness
    # links user32, so each of its processes joins Wine's desktop, and the first to do so decides
    # for all whether the desktop has a display: one started without DISPLAY while a message-box
    # test ran under xvfb-run made that test's windows fail. With a shared Xvfb they all agree.
    # First, before any Wine process below: the wineserver they start decides for the prefix.
    if command -v Xvfb >/dev/null && ! { [ -f "$display_file" ] && kill -0 "$(cut -d' ' -f2 "$display_file")" 2>/dev/null; }; then
      exec 3< <(Xvfb -displayfd 1 -nolisten tcp -screen 0 1024x768x24 2>/dev/null & echo "pid $!")
      read -r _ xvfb_pid <&3
      read -r number <&3 || number=""
      exec 3<&-
      if [ -n "$number" ]; then echo ":$number $xvfb_pid" >"$display_file"; else echo "wine-prefix.sh: Xvfb did not start" >&2; fi
    fi
    if ! server_running && [ ! -f "$server_file" ]; then echo ours >"$server_file"; fi
    if [ ! -f "$prefix/system.reg" ]; then
      echo "creating the Wine prefix $prefix (once, 10-60 s)"
      "$here/wine-run" wineboot -i >/dev/null 2>&1 || true
      # The registry reaches the prefix's files when its wineserver saves it, at the latest when
      # the server ends: wait for that, so that the prefix is whole before anything else runs.
      timeout 120 wineserver -w 2>/dev/null || true
      [ -f "$prefix/system.reg" ] || { echo "wine-prefix.sh: wineboot did not create the prefix $prefix" >&2; exit 1; }
    fi
    # On Windows the harness's error mode (SEM_NOGPFAULTERRORBOX, inherited by every program it
    # starts) keeps crash dialogs away. Wine 8.0 ignores the error mode: a crashing program starts
    # winedbg, which with a display (the xvfb-run tests) shows a dialog that waits for a click.
    # Turned off, winedbg prints its dump and the program ends with its exception code.
    "$here/wine-run" reg add 'HKCU\Software\Wine\WineDbg' /v ShowCrashDialog /t REG_DWORD /d 0 /f >/dev/null 2>&1 || true
    # Persistent until `stop`. `wineserver -p` exits 2 when a server for this prefix already
    # runs: when that is a passing one (the one `reg` above or a test just started, which ends
    # with its last program), wait for it to end first, else every later Wine program starts a
    # server of its own (1-3 s each: the Windows ctest took over 20 minutes instead of 2).
    if [ -f "$server_file" ] && server_running && ! server_persistent; then timeout 30 wineserver -w 2>/dev/null || true; fi
    wineserver -p 2>/dev/null || true
    server_persistent || echo "wine-prefix.sh: the wineserver of $prefix is not persistent: each Wine program will start its own (slow)" >&2
    ;;
  stop)
    [ -d "$prefix" ] || exit 0
    if [ -f "$server_file" ]; then
      # -k ends the server and every Wine process of this prefix; -w waits until it has gone.
      wineserver -k 2>/dev/null || true
      timeout 30 wineserver -w 2>/dev/null || true
      rm -f "$server_file"
    fi
    if [ -f "$display_file" ]; then
      xvfb_pid="$(cut -d' ' -f2 "$display_file")"
      kill "$xvfb_pid" 2>/dev/null || true
      # Gone before this returns, so that a caller checking for leftovers sees none.
      for _ in $(seq 50); do kill -0 "$xvfb_pid" 2>/dev/null || break; sleep 0.1; done
      rm -f "$display_file"
    fi
    ;;
  *)
    echo "usage: tools/wine-prefix.sh start|stop" >&2
    exit 2
    ;;
esac
