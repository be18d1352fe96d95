#!/usr/bin/env bash
# Wine for the windows-cross tests: create the prefix once, keep one wineserver warm while tests
# run (a cold start costs about a second per .exe), and stop it afterwards.
#   tools/wine-prefix.sh start | stop
set -euo pipefail
trap 'echo "wine-prefix.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
export WINEDEBUG=-all
display_file="${WINEPREFIX:-$HOME/.wine}/.shmh-display"
case "${1:-}" in
  start)
    # One X display for every Wine process of the prefix (tools/wine-run exports it). The harness
    # links user32, so each of its processes joins Wine's desktop, and the first to do so decides
    # for all whether the desktop has a display: one started without DISPLAY while a message-box
    # test ran under xvfb-run made that test's windows fail. With a shared Xvfb they all agree.
    # First, before any Wine process below: the wineserver they start decides for the prefix.
    if command -v Xvfb >/dev/null && ! { [ -f "$display_file" ] && kill -0 "$(cut -d' ' -f2 "$display_file")" 2>/dev/null; }; then
      exec 3< <(Xvfb -displayfd 1 -nolisten tcp -screen 0 1024x768x24 2>/dev/null & echo "pid $!")
      read -r _ xvfb_pid <&3
      read -r number <&3 || number=""
      if [ -n "$number" ]; then echo ":$number $xvfb_pid" >"$display_file"; else echo "wine-prefix.sh: Xvfb did not start" >&2; fi
    fi
    if [ ! -f "${WINEPREFIX:-$HOME/.wine}/system.reg" ]; then
      echo "creating the Wine prefix ${WINEPREFIX:-$HOME/.wine} (once, 10-20 s)"
      "$(dirname "$0")/wine-run" wineboot -i >/dev/null 2>&1 || true
    fi
    # On Windows the harness's error mode (SEM_NOGPFAULTERRORBOX, inherited by every program it
    # starts) keeps crash dialogs away. Wine 8.0 ignores the error mode: a crashing program starts
    # winedbg, which with a display (the xvfb-run tests) shows a dialog that waits for a click.
    # Turned off, winedbg prints its dump and the program ends with its exception code.
    "$(dirname "$0")/wine-run" reg add 'HKCU\Software\Wine\WineDbg' /v ShowCrashDialog /t REG_DWORD /d 0 /f >/dev/null 2>&1 || true
    # Persistent until `stop`. It exits 2 when a server for this prefix already runs: fine too.
    wineserver -p 2>/dev/null || true
    ;;
  stop)
    wineserver -k 2>/dev/null || true
    if [ -f "$display_file" ]; then
      kill "$(cut -d' ' -f2 "$display_file")" 2>/dev/null || true
      rm -f "$display_file"
    fi
    ;;
  *)
    echo "usage: tools/wine-prefix.sh start|stop" >&2
    exit 2
    ;;
esac
