#!/usr/bin/env bash
# Runs each libFuzzer target for a bounded time (seed corpus in fuzz/corpus). The targets are built
# by the linux-asan preset (clang, ASan+UBSan, SHMH_BUILD_FUZZERS=ON), beside its unit tests.
#   tools/fuzz.sh [SECONDS_PER_TARGET]   (default 20)
set -euo pipefail
trap 'echo "fuzz.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."
seconds="${1:-20}"
case "$seconds" in ''|*[!0-9]*) echo "fuzz.sh: SECONDS_PER_TARGET must be a whole number, not '$seconds'" >&2; exit 2 ;; esac
status=0
for target in fuzz_control_channel fuzz_names fuzz_report_reader fuzz_scenario_file; do
  work="build/linux-asan/corpus/$target"
  mkdir -p "$work" "build/linux-asan/crashes" "fuzz/corpus/$target"
  echo "--- fuzzing $target for ${seconds}s"
  if ! "build/linux-asan/$target" -max_total_time="$seconds" -max_len=8192 -print_final_stats=0 \
       -artifact_prefix="build/linux-asan/crashes/$target-" "$work" "fuzz/corpus/$target" 2>"build/linux-asan/$target.log"; then
    if ls "build/linux-asan/crashes/$target-"* >/dev/null 2>&1; then
      echo "$target found a crash: see build/linux-asan/$target.log and build/linux-asan/crashes/" >&2
    else
      echo "$target did not run to the end (no crash input was written): see build/linux-asan/$target.log" >&2
    fi
    tail -30 "build/linux-asan/$target.log" >&2
    status=1
  else
    grep -E "^Done" "build/linux-asan/$target.log" || true
  fi
done
exit $status
