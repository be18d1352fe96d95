#!/usr/bin/env bash
# Wine for the windows-cross tests: create the prefix once, keep one wineserver warm while tests
# run (a cold start costs about a second per .exe), and stop it afterwards.
#   tools/wine-prefix.sh start | stop
set -euo pipefail
trap 'echo "wine-prefix.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
export WINEDEBUG=-all
case "${1:-}" in
  start)
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
    ;;
  *)
    echo "usage: tools/wine-prefix.sh start|stop" >&2
    exit 2
    ;;
esac
