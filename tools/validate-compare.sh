#!/usr/bin/env bash
# Validates `compare` the way a user relies on it: A/A pairs (two back-to-back default throughput
# runs on this machine, each of `--runs` runs: every row called changed is a false call) and A/B
# pairs with a known difference (the ring with --slots 1 against the default; the ring slowed by
# an injected delay that makes spin 64 KiB 10% slower, sized from the pair's A side;
# native against the Windows build under Wine), printing per pair how many rows compare called
# changed and what it said of the spin rows at 64 KiB and 1 MiB, then the false-change rate and
# the detection rates with their counts. docs/performance.md ("Validating compare") has the figures.
#   tools/validate-compare.sh [--aa N] [--slots-pairs N] [--delay-pairs N] [--wine-pairs N]
#                             [--runs N] [--out DIR] [--reuse] [--compare-args "ARGS"]
#     --aa N           A/A pairs (default 10)
#     --slots-pairs N  default against --slots 1 (default 10)
#     --delay-pairs N  default against a 10% injected slowdown of the ring (default 10)
#     --runs N         runs a side, passed to `run --runs` (default: run's own default)
#     --wine-pairs N   native against Wine (default 0; needs build/windows-cross and Wine)
#     --out DIR        where the reports go (default validate-compare); --reuse keeps reports
#                      already there and only compares them again
#     --compare-args "ARGS"  more options for every `compare` (e.g. "--correction bh"): with
#                      --reuse, the same runs judged another way
#   RUN_EXE (default build/linux/shm-harness) runs, COMPARE_EXE (the same) compares, WINE_EXE
#   (default build/windows-cross/shm-harness.exe) is the Wine side. Needs jq.
set -euo pipefail
trap 'echo "validate-compare.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

aa=10 slots_pairs=10 delay_pairs=10 wine_pairs=0 runs="" out=validate-compare reuse=0 compare_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --aa) aa="$2"; shift 2 ;;
    --slots-pairs) slots_pairs="$2"; shift 2 ;;
    --wine-pairs) wine_pairs="$2"; shift 2 ;;
    --delay-pairs) delay_pairs="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --reuse) reuse=1; shift ;;
    --compare-args) read -r -a compare_args <<<"$2"; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "validate-compare.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$aa" "$slots_pairs" "$delay_pairs" "$wine_pairs" ${runs:+"$runs"}; do
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
  "${runner[@]}" run --label throughput --timeout-s 600 ${runs:+--runs "$runs"} --report-dir "$dir" "$@" >"$dir.log" 2>&1 ||
    echo "  (exit $? from that run, see $dir.log)" >&2
}

# Compares $2 against the baseline $1 and prints one line: rows called, and the spin rows at
# 64 KiB and 1 MiB (verdict and shift with its interval).
judge() {
  local name="$1" base="$2" other="$3"
  "$compare_exe" compare "$base/report.json" "$other/report.json" --json "${compare_args[@]}" >"$out/$name.json"
  jq -r --arg name "$name" '
    def pct: if . == null then "?" else (. * 1000 | round / 10 | tostring) + "%" end;
    [.rows[] | select(.kind == "throughput" and .mode == "spin" and (.block_bytes == 65536 or .block_bytes == 1048576))
      | "spin \(if .block_bytes == 65536 then "64KiB" else "1MiB" end) \(.verdict) \(.shift.estimate | pct) [\(.shift.low | pct), \(.shift.high | pct)]"]
    as $spin
    | "\($name): \(.called) of \(.tested) rows called changed, \(.cant_tell // 0) can'"'"'t tell (\([.rows[] | select(.verdict == "faster" or .verdict == "slower") | "\(.mode) \(.block_bytes // "rt")"] | join(", "))); \($spin | join("; "))"' \
    "$out/$name.json"
}

# The verdict compare gave the spin row of a block size in a pair's JSON: slower, faster, ~, can't tell.
spin_verdict() {
  jq -r --argjson block "$2" '[.rows[] | select(.kind == "throughput" and .mode == "spin" and .block_bytes == $block) | .verdict][0] // "missing"' "$out/$1.json"
}
aa_clean=0 aa_done=0
declare -A found=() cant=() same=() done_pairs=() pair_found=()
# The ring's spin and hybrid rows (copy-out and zero-copy), which both known changes slow: the
# pair found its change when compare called one of them slower and none faster. Not blocking:
# there a delay changes how often a side sleeps, and it can come out faster (+40% at 64 KiB,
# measured), so no slowdown of known size is known for it.
ring_rows='.rows[] | select(.kind == "throughput" and ((.mode | split(" ")[0]) as $m | ["spin", "hybrid"] | index($m)))'
tally() {  # kind, pair name: counts what compare said of the ring rows, and of spin at 64 KiB and 1 MiB
  local kind="$1" name="$2" v slower faster unchanged
  done_pairs[$kind]=$(( ${done_pairs[$kind]:-0} + 1 ))
  read -r slower faster unchanged < <(jq -r "[$ring_rows | .verdict] as \$v | [\"slower\", \"faster\", \"~\"]
    | map(. as \$w | \$v | map(select(. == \$w)) | length) | @tsv" "$out/$name.json")
  echo "  $name: spin and hybrid rows called slower $slower, faster $faster, ~ $unchanged (of 24)" >&2
  if [ "$slower" -gt 0 ] && [ "$faster" = 0 ]; then pair_found[$kind]=$(( ${pair_found[$kind]:-0} + 1 )); fi
  for block in 65536 1048576; do
    v="$(spin_verdict "$name" "$block")"
    case "$v" in
      slower) found[$kind-$block]=$(( ${found[$kind-$block]:-0} + 1 )) ;;
      "can't tell") cant[$kind-$block]=$(( ${cant[$kind-$block]:-0} + 1 )) ;;
      *) same[$kind-$block]=$(( ${same[$kind-$block]:-0} + 1 )) ;;
    esac
  done
}

for i in $(seq 1 "$aa"); do
  run "$out/aa-$i-a"
  run "$out/aa-$i-b"
  judge "aa-$i" "$out/aa-$i-a" "$out/aa-$i-b"
  aa_done=$(( aa_done + 1 ))
  [ "$(jq -r .called "$out/aa-$i.json")" = 0 ] && aa_clean=$(( aa_clean + 1 ))
done
for i in $(seq 1 "$slots_pairs"); do
  run "$out/slots-$i-default"
  run "$out/slots-$i-one" --slots 1
  judge "slots-$i" "$out/slots-$i-default" "$out/slots-$i-one"
  tally slots "slots-$i"
done
for i in $(seq 1 "$delay_pairs"); do
  run "$out/delay-$i-default"
  # A 10% slowdown of spin 64 KiB on this machine, from the pair's A side: both sides wait d per
  # block, so the ring's period P per block becomes P + d whichever side limits it, and
  # throughput falls by d / (P + d): 10% when d = P / 9. GiB/s -> ns per KiB.
  gib="$(jq -r '[.scenarios[].metrics.throughput[]? | select(.mode == "spin" and .block_bytes == 65536 and (.consume // "copy") == "copy") | .ring_gib_s.median][0] // 0' "$out/delay-$i-default/report.json")"
  ns="$(awk -v g="$gib" 'BEGIN { if (g > 0) printf "%.2f", 1024 / (g * 1.073741824) / 9; else print 0 }')"
  echo "  delay-$i: spin 64 KiB at $gib GiB/s: injecting $ns ns per KiB on each side (a 10% slowdown)" >&2
  run "$out/delay-$i-slow" --inject-delay-ns-per-kib "$ns"
  judge "delay-$i" "$out/delay-$i-default" "$out/delay-$i-slow"
  tally delay "delay-$i"
done
echo
echo "Load average at each run's start: $out/load.txt (1, 5, 15 min)."
[ "$aa_done" -gt 0 ] && echo "A/A: $aa_clean of $aa_done pairs with no row called changed (target: at least 9 of 10)"
for kind in slots delay; do
  [ "${done_pairs[$kind]:-0}" -gt 0 ] || continue
  echo "$kind: found (a spin or hybrid row called slower, none faster) in ${pair_found[$kind]:-0} of ${done_pairs[$kind]} pairs (target: 9 of 10)"
  for block in 65536 1048576; do
    echo "$kind, spin $([ "$block" = 65536 ] && echo 64KiB || echo 1MiB): found (slower) in ${found[$kind-$block]:-0} of ${done_pairs[$kind]}, can't tell ${cant[$kind-$block]:-0}, ~ or other ${same[$kind-$block]:-0} (never ~ where the change is larger than the threshold)"
  done
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
