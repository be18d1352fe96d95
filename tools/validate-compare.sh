#!/usr/bin/env bash
# Validates `compare` the way a user relies on it: A/A pairs (two back-to-back default throughput
# runs on this machine: every row called changed is a false call) and A/B pairs with a real
# difference (the ring with --slots 1 against the default; native against the Windows build
# under Wine), printing per pair how many rows compare called changed and what it said of the
# spin rows at 64 KiB and 1 MiB. docs/performance.md ("Validating compare") has the figures.
#   tools/validate-compare.sh [--aa N] [--slots-pairs N] [--wine-pairs N] [--out DIR] [--reuse]
#     --aa N           A/A pairs (default 10)
#     --slots-pairs N  default against --slots 1 (default 2)
#     --wine-pairs N   native against Wine (default 1; needs build/windows-cross and Wine)
#     --out DIR        where the reports go (default validate-compare); --reuse keeps reports
#                      already there and only compares them again
#   RUN_EXE (default build/linux/shm-harness) runs, COMPARE_EXE (the same) compares, WINE_EXE
#   (default build/windows-cross/shm-harness.exe) is the Wine side. Needs jq.
set -euo pipefail
trap 'echo "validate-compare.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

aa=10 slots_pairs=2 wine_pairs=1 out=validate-compare reuse=0
while [ $# -gt 0 ]; do
  case "$1" in
    --aa) aa="$2"; shift 2 ;;
    --slots-pairs) slots_pairs="$2"; shift 2 ;;
    --wine-pairs) wine_pairs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --reuse) reuse=1; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "validate-compare.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$aa" "$slots_pairs" "$wine_pairs"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "validate-compare.sh: '$n' is not a number of pairs" >&2; exit 2; }
done
here="$(cd "$(dirname "$0")/.." && pwd)"
run_exe="${RUN_EXE:-$here/build/linux/shm-harness}"
compare_exe="${COMPARE_EXE:-$run_exe}"
wine_exe="${WINE_EXE:-$here/build/windows-cross/shm-harness.exe}"
command -v jq >/dev/null || { echo "validate-compare.sh: needs jq (tools/install-deps.sh installs it)" >&2; exit 2; }
[ -x "$compare_exe" ] || { echo "validate-compare.sh: no $compare_exe: build the linux preset first" >&2; exit 2; }
mkdir -p "$out"

# One throughput run by "${runner[@]}" into $1, unless --reuse finds it there; the rest are
# options of `run` (--slots 1).
runner=("$run_exe")
run() {
  local dir="$1"; shift
  if [ "$reuse" = 1 ] && [ -f "$dir/report.json" ]; then return; fi
  rm -rf "$dir"
  echo "  $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg): ${runner[*]##*/} run --label throughput $* -> $dir" >&2
  echo "$(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg) $dir" >>"$out/load.txt"
  # A run whose scenarios fail still writes its report: the comparison says what it can.
  # --timeout-s 600: a default sweep takes about 60 s on a quiet 2-core machine, and the default
  # limit of 60 s per scenario cut it short under load; a validation wants the whole sweep.
  "${runner[@]}" run --label throughput --timeout-s 600 --report-dir "$dir" "$@" >"$dir.log" 2>&1 ||
    echo "  (exit $? from that run, see $dir.log)" >&2
}

# Compares $2 against the baseline $1 and prints one line: rows called, and the spin rows at
# 64 KiB and 1 MiB (verdict and shift with its interval).
judge() {
  local name="$1" base="$2" other="$3"
  "$compare_exe" compare "$base/report.json" "$other/report.json" --json >"$out/$name.json"
  jq -r --arg name "$name" '
    def pct: if . == null then "?" else (. * 1000 | round / 10 | tostring) + "%" end;
    [.rows[] | select(.kind == "throughput" and .mode == "spin" and (.block_bytes == 65536 or .block_bytes == 1048576))
      | "spin \(if .block_bytes == 65536 then "64KiB" else "1MiB" end) \(.verdict) \(.shift.estimate | pct) [\(.shift.low | pct), \(.shift.high | pct)]"]
    as $spin
    | "\($name): \(.called) of \(.tested) rows called changed (\([.rows[] | select(.verdict == "faster" or .verdict == "slower") | "\(.mode) \(.block_bytes // "rt")"] | join(", "))); \($spin | join("; "))"' \
    "$out/$name.json"
}

for i in $(seq 1 "$aa"); do
  run "$out/aa-$i-a"
  run "$out/aa-$i-b"
  judge "aa-$i" "$out/aa-$i-a" "$out/aa-$i-b"
done
for i in $(seq 1 "$slots_pairs"); do
  run "$out/slots-$i-default"
  run "$out/slots-$i-one" --slots 1
  judge "slots-$i" "$out/slots-$i-default" "$out/slots-$i-one"
done
if [ "$wine_pairs" -gt 0 ]; then
  [ -f "$wine_exe" ] || { echo "validate-compare.sh: no $wine_exe: build the windows-cross preset, or --wine-pairs 0" >&2; exit 2; }
  # A prefix of our own: its wineserver is ours to stop, and no one else's is touched.
  export WINEPREFIX="${WINEPREFIX:-$(cd "$out" && pwd)/wine-prefix}" WINEDEBUG=-all
  "$here/tools/wine-prefix.sh" start
  trap '"$here/tools/wine-prefix.sh" stop' EXIT
  for i in $(seq 1 "$wine_pairs"); do
    runner=("$run_exe")
    run "$out/wine-$i-native"
    runner=("$here/tools/wine-run" "$wine_exe")
    run "$out/wine-$i-wine"
    judge "wine-$i" "$out/wine-$i-native" "$out/wine-$i-wine"
  done
fi
