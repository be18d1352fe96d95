#!/usr/bin/env bash
# The main job: install what is missing, build the native harness and the Windows build, run the
# scenario suite natively (POSIX) and with the Windows build under Wine, and write the reports:
#   shm-harness-report/linux/           report.json, junit.xml, summary.md, report.html (POSIX)
#   shm-harness-report/windows-wine/    the same from the Windows build under Wine
#   shm-harness-report/side-by-side.html  per scenario, the calls and codes of both platforms
#   shm-harness-report/compare.html     outcomes, throughput and latency lined up
# Extra arguments go to both `shm-harness run`s, e.g. tools/run-suite.sh --label lifetime.
# `--native-only` skips the Windows build. Exit code: 0 when both runs passed, else the worse one.
set -euo pipefail
trap 'echo "run-suite.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."
native_only=0
args=()
for arg in "$@"; do
  case "$arg" in
    --native-only) native_only=1 ;;
    *) args+=("$arg") ;;
  esac
done
out=shm-harness-report
if [ "$native_only" = 1 ]; then tools/install-deps.sh; else tools/install-deps.sh --cross; fi
cmake --preset linux >/dev/null
cmake --build --preset linux
rm -rf "$out/linux" "$out/windows-wine" "$out/side-by-side.html" "$out/side-by-side.md" "$out/compare.html"

echo "=== the scenario suite, natively (POSIX backend)"
status=0
build/linux/shm-harness run --report-dir "$out/linux" "${args[@]}" || status=$?
[ "$status" -le 1 ] || exit "$status"
if [ "$native_only" = 1 ]; then
  echo "reports: $out/linux/ (report.html, report.json, junit.xml, summary.md)"
  exit "$status"
fi

cmake --preset windows-cross >/dev/null
cmake --build --preset windows-cross
tools/wine-prefix.sh start
trap 'tools/wine-prefix.sh stop' EXIT
echo "=== the scenario suite, the Windows build under Wine"
wine_status=0
tools/wine-run build/windows-cross/shm-harness.exe run --report-dir "$out/windows-wine" "${args[@]}" || wine_status=$?
[ "$wine_status" -le 1 ] || exit "$wine_status"

echo "=== both platforms side by side"
build/linux/shm-harness compare "$out/linux/report.json" "$out/windows-wine/report.json" \
  --semantics "$out/side-by-side.html" --semantics-md "$out/side-by-side.md" --html "$out/compare.html" >/dev/null
echo "reports:"
echo "  $out/linux/report.html          POSIX, natively (also report.json, junit.xml, summary.md)"
echo "  $out/windows-wine/report.html   the Windows build under Wine (the same files)"
echo "  $out/side-by-side.html          per scenario, the calls and the codes each platform returned"
echo "  $out/compare.html               outcomes, throughput and latency lined up"
[ "$status" -ge "$wine_status" ] && exit "$status"
exit "$wine_status"
