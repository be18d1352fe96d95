#!/usr/bin/env bash
# What `shm-harness trace` costs, measured (docs/performance.md, "What trace costs"):
#   - a program that makes no traced call (busy): its loop's time traced / untraced;
#   - a program that makes a traced pair per iteration (calls): the cost of one traced call,
#     beside strace --seccomp-bpf on the same program (POSIX).
# Each figure is the median of ROUNDS runs, traced and untraced interleaved, of the program's
# own loop time (so start-up, and Wine's, stay out). A benchmark, not a test: nothing asserted.
#   tools/bench-trace.sh [linux|windows] [ROUNDS]      (builds must exist: build/linux, build/windows-cross)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
backend="${1:-linux}"
rounds="${2:-5}"
case "$rounds" in ''|*[!0-9]*) echo "bench-trace.sh: ROUNDS must be a number, not '$rounds'" >&2; exit 2 ;; esac
case "$backend" in
  linux)
    build="$root/build/linux"
    program="$build/shmh_trace_bench_program"
    harness="$build/shm-harness"
    run() { "$@"; }
    busy_n=2000000; calls_n=20000 ;;
  windows)
    build="$root/build/windows-cross"
    program="$build/shmh_trace_bench_program.exe"
    harness="$build/shm-harness.exe"
    run() { "$here/wine-run" "$@"; }
    busy_n=200000; calls_n=2000 ;;
  *) echo "bench-trace.sh: the backend is linux or windows, not '$backend'" >&2; exit 2 ;;
esac
for file in "$program" "$harness"; do
  [ -e "$file" ] || { echo "bench-trace.sh: $file is missing: build the preset first (cmake --build --preset ${backend/windows/windows-cross})" >&2; exit 2; }
done
if [ "$backend" = windows ]; then
  # The program's Windows path for the tracer's command line (Wine maps / to Z:).
  program_arg="Z:$(echo "$program" | tr / '\\')"
else
  program_arg="$program"
fi
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

# The loop seconds the program printed ("busy 2000000 0.812345"), from any output.
loop_seconds() { { grep -a -E "^(busy|calls) [0-9]+ [0-9.]+" "$1" || true; } | tail -1 | awk '{print $3}' | tr -d '\r'; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print a[(NR+1)/2]} else {print (a[NR/2]+a[NR/2+1])/2}}'; }

declare -A samples
measure() {  # measure KEY COMMAND...
  local key="$1"; shift
  "$@" >"$out" 2>&1 || true
  local s; s="$(loop_seconds "$out")"
  if [ -z "$s" ]; then echo "bench-trace.sh: no loop time from: $*" >&2; tail -3 "$out" >&2; exit 1; fi
  samples[$key]+="$s "
}

echo "bench-trace.sh: $backend, $rounds rounds (busy: $busy_n iterations, calls: $calls_n iterations of 2 traced calls)" >&2
for r in $(seq 1 "$rounds"); do
  measure busy_plain run "$program" busy "$busy_n"
  measure busy_traced run "$harness" trace -- "$program_arg" busy "$busy_n"
  measure calls_plain run "$program" calls "$calls_n"
  measure calls_traced run "$harness" trace -- "$program_arg" calls "$calls_n"
  if [ "$backend" = linux ] && command -v strace >/dev/null; then
    measure calls_strace strace -f --seccomp-bpf -e trace=openat,close -o /dev/null "$program" calls "$calls_n"
    measure busy_strace strace -f --seccomp-bpf -e trace=openat,close -o /dev/null "$program" busy "$busy_n"
  fi
  echo "  round $r/$rounds done" >&2
done

m() { echo "${samples[$1]:-}" | tr ' ' '\n' | grep -v '^$' | median; }
busy_plain=$(m busy_plain); busy_traced=$(m busy_traced)
calls_plain=$(m calls_plain); calls_traced=$(m calls_traced)
echo
echo "| $backend | untraced | traced | ratio / cost |"
echo "|---|---|---|---|"
awk -v p="$busy_plain" -v t="$busy_traced" -v n="$busy_n" 'BEGIN {printf "| no traced call (busy, %d iterations) | %.4f s | %.4f s | %.3f× |\n", n, p, t, t/p}'
awk -v p="$calls_plain" -v t="$calls_traced" -v n="$calls_n" 'BEGIN {printf "| a traced pair per iteration (calls, %d) | %.4f s | %.4f s | %.1f µs per traced call |\n", n, p, t, (t-p)/(2*n)*1e6}'
if [ -n "${samples[calls_strace]:-}" ]; then
  busy_strace=$(m busy_strace); calls_strace=$(m calls_strace)
  awk -v p="$busy_plain" -v t="$busy_strace" 'BEGIN {printf "| strace --seccomp-bpf, busy | %.4f s | %.4f s | %.3f× |\n", p, t, t/p}'
  awk -v p="$calls_plain" -v t="$calls_strace" -v n="$calls_n" 'BEGIN {printf "| strace --seccomp-bpf, calls | %.4f s | %.4f s | %.1f µs per traced call |\n", p, t, (t-p)/(2*n)*1e6}'
fi
