#!/usr/bin/env bash
# Runs each libFuzzer target for a bounded time (seed corpus in fuzz/corpus). The targets are built
# by the linux-asan preset (clang, ASan+UBSan, SHMH_BUILD_FUZZERS=ON), beside its unit tests.
#   tools/fuzz.sh [SECONDS_PER_TARGET]   (default 20; as many targets at once as there are cores)
set -euo pipefail
trap 'echo "fuzz.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."
seconds="${1:-20}"
case "$seconds" in ''|*[!0-9]*) echo "fuzz.sh: SECONDS_PER_TARGET must be a whole number, not '$seconds'" >&2; exit 2 ;; esac
targets=(fuzz_control_channel fuzz_names fuzz_report_reader fuzz_scenario_file)
# One target per core at a time: each still fuzzes for the whole SECONDS, the step takes half as
# long on two cores. Each target's messages are printed when it ends, not interleaved.
lanes=$(nproc 2>/dev/null || echo 1)
fuzz_one() {
  local target="$1" work="build/linux-asan/corpus/$1"
  mkdir -p "$work" "build/linux-asan/crashes" "fuzz/corpus/$target"
  if ! "build/linux-asan/$target" -max_total_time="$seconds" -max_len=8192 -print_final_stats=0 \
       -artifact_prefix="build/linux-asan/crashes/$target-" "$work" "fuzz/corpus/$target" 2>"build/linux-asan/$target.log"; then
    if ls "build/linux-asan/crashes/$target-"* >/dev/null 2>&1; then
      echo "$target found a crash: see build/linux-asan/$target.log and build/linux-asan/crashes/" >&2
    else
      echo "$target did not run to the end (no crash input was written): see build/linux-asan/$target.log" >&2
    fi
    tail -30 "build/linux-asan/$target.log" >&2
    return 1
  fi
  echo "--- $target: fuzzed for ${seconds}s: $(grep -E "^Done" "build/linux-asan/$target.log" || echo "no summary line")"
}
status=0
pids=()
for target in "${targets[@]}"; do
  # Wait for a free lane: the oldest still running.
  if [ "${#pids[@]}" -ge "$lanes" ]; then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
  echo "--- fuzzing $target for ${seconds}s"
  fuzz_one "$target" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit $status
