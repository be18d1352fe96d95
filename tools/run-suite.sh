#!/usr/bin/env bash
# The main job: install what is missing, build the native harness and the Windows build, run the
# scenario suite natively (POSIX) and with the Windows build under Wine, and write the reports:
#   shm-harness-report/linux/           report.json, junit.xml, summary.md, report.html (POSIX)
#   shm-harness-report/windows-wine/    the same from the Windows build under Wine
#   shm-harness-report/side-by-side.html  per scenario, the calls and codes of both platforms
#   shm-harness-report/compare.html     outcomes, throughput and latency lined up
# Options:
#   --quick        a short form: one scenario of every area and the short throughput sweep, on
#                  both platforms (a few minutes once built; CI runs it)
#   --native-only  skip the Windows build
#   -h, --help     this text
# Other arguments go to both `shm-harness run`s, e.g. tools/run-suite.sh --label lifetime, or
# --runs N (the throughput and round-trip scenarios as N separate runs, the sample compare tests;
# run's default is 5, 1 with --quick).
# Exit code: 0 when both runs passed, 1 when a scenario did not pass, else what failed.
# Nothing it starts is left running: the Wine prefix's Xvfb and wineserver are stopped at the end.
set -euo pipefail
trap 'echo "run-suite.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."
native_only=0
quick=0
args=()
for arg in "$@"; do
  case "$arg" in
    --native-only) native_only=1 ;;
    --quick) quick=1 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$arg") ;;
  esac
done
if [ "$quick" = 1 ]; then
  # Every area once (the ids are in `shm-harness list`), and the throughput sweep's short form.
  args+=(--quick
         --scenario create-open/classic-sample --scenario create-open/second-create-same-name
         --scenario naming/global-local-bare --scenario access/dacl-read-only
         --scenario privilege/global-create-without-privilege --scenario lifetime/close-keep-view
         --scenario race/create-or-open --scenario throughput/stream)
fi
out=shm-harness-report
started=$(date +%s)
step_start=$started
lap() { local now; now=$(date +%s); echo "--- $1: $(( now - step_start )) s"; step_start=$now; }

if [ "$native_only" = 1 ]; then tools/install-deps.sh; else tools/install-deps.sh --cross; fi
lap "install-deps"
# Unity batches: a first build in about half the CPU time (tools/test.sh builds the same way, so
# the two share one build folder without rebuilding).
cmake --preset linux -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=32 >/dev/null
cmake --build --preset linux
lap "linux build"
rm -rf "$out/linux" "$out/windows-wine" "$out/side-by-side.html" "$out/side-by-side.md" "$out/compare.html"

echo "=== the scenario suite, natively (POSIX backend)"
status=0
build/linux/shm-harness run --report-dir "$out/linux" "${args[@]}" || status=$?
lap "linux scenarios"
[ "$status" -le 1 ] || exit "$status"
if [ "$native_only" = 1 ]; then
  echo "reports: $out/linux/ (report.html, report.json, junit.xml, summary.md)"
  exit "$status"
fi

# The Wine prefix is made (wineboot: 15-60 s, mostly waiting) while the Windows build compiles.
tools/wine-prefix.sh start &
prefix_pid=$!
trap 'wait "$prefix_pid" 2>/dev/null; tools/wine-prefix.sh stop' EXIT
cmake --preset windows-cross -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=32 >/dev/null
cmake --build --preset windows-cross
lap "windows-cross build"
wait "$prefix_pid" || { echo "run-suite.sh: tools/wine-prefix.sh start failed (see above)" >&2; exit 1; }
lap "Wine prefix (made during the build)"
echo "=== the scenario suite, the Windows build under Wine"
wine_status=0
tools/wine-run build/windows-cross/shm-harness.exe run --report-dir "$out/windows-wine" "${args[@]}" || wine_status=$?
lap "Windows scenarios under Wine"
[ "$wine_status" -le 1 ] || exit "$wine_status"

echo "=== both platforms side by side"
build/linux/shm-harness compare "$out/linux/report.json" "$out/windows-wine/report.json" \
  --semantics "$out/side-by-side.html" --semantics-md "$out/side-by-side.md" --html "$out/compare.html" >/dev/null
echo "run-suite.sh: $(( $(date +%s) - started )) s in all"
echo "reports:"
echo "  $out/linux/report.html          POSIX, natively (also report.json, junit.xml, summary.md)"
echo "  $out/windows-wine/report.html   the Windows build under Wine (the same files)"
echo "  $out/side-by-side.html          per scenario, the calls and the codes each platform returned"
echo "  $out/compare.html               outcomes, throughput and latency lined up"
[ "$status" -ge "$wine_status" ] && exit "$status"
exit "$wine_status"
