#!/usr/bin/env bash
# The tests: install what is missing (Wine, mingw-w64 and clang included), then build and test
#   linux          native unit tests and every scenario
#   linux-asan     the same under AddressSanitizer + UndefinedBehaviorSanitizer (clang, throughput
#                  excluded), then each libFuzzer target of the same build for a bounded time (tools/fuzz.sh)
#   linux-tsan     the same under ThreadSanitizer (throughput excluded)
#   windows-cross  the Windows build, every test under Wine
# and, for linux and windows-cross, the packages and their consumers (tools/check-packages.sh):
# the installed CMake package and FetchContent used by example projects' ctest, cpack's archives,
# and the Windows .zip's exe running the classic sample under Wine.
# `tools/test.sh --quick` runs only linux and windows-cross.
set -euo pipefail
trap 'echo "test.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."
quick=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown option '$arg' (use --quick or --help)" >&2; exit 2 ;;
  esac
done
tools/install-deps.sh --cross
trap 'tools/wine-prefix.sh stop' EXIT

# How long each step took, printed before the last ctest so CI's log shows where the time goes.
times=()
started=$(date +%s)
lap() { local now; now=$(date +%s); times+=("$1: $(( now - started )) s"); started=$now; }
lap "install-deps"

presets=(linux windows-cross)
[ "$quick" = 1 ] || presets=(linux linux-asan linux-tsan windows-cross)
# Every preset builds in unity batches: measured here, 394 s of CPU instead of 697 s for the same
# tree. linux used to build each file alone, to prove that every file includes what it uses; that
# took 456 s of CI's 1668 s on a quiet 2-core machine, so CI now leaves that proof to a developer's
# own non-unity build (the presets' default) and to Windows users' MSVC builds.
# Batches of 32 files, not CMake's 8: each batch parses and instantiates the same JSON, fmt and
# CLI11 templates again; measured on the five largest libraries, 354 s of CPU instead of 505 s.
# run-suite.sh and check-packages.sh pass the same settings, so no build folder is reconfigured.
configure() { cmake --preset "$1" -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=32 >/dev/null; }
for preset in linux windows-cross; do
  echo "=== $preset: configure and build"
  configure "$preset"
  cmake --build --preset "$preset"
  lap "$preset build"
done
if [ "$quick" = 0 ]; then
  # The two sanitizer builds side by side: one build alone leaves a core idle while its last large
  # batch compiles; two keep both busy. Each writes its own log, shown when it fails.
  echo "=== linux-asan and linux-tsan: configure and build side by side (build/linux-asan.log, build/linux-tsan.log)"
  pids=()
  for preset in linux-asan linux-tsan; do
    configure "$preset"
    cmake --build --preset "$preset" -j 2 >"build/$preset.log" 2>&1 &
    pids+=($!)
  done
  failed=0
  for i in 0 1; do
    preset=$([ "$i" = 0 ] && echo linux-asan || echo linux-tsan)
    if wait "${pids[$i]}"; then echo "$preset: built ($(grep -c '^\[' "build/$preset.log") steps)"; else
      echo "=== $preset: the build failed; the end of build/$preset.log:" >&2
      tail -n 60 "build/$preset.log" >&2
      failed=1
    fi
  done
  [ "$failed" = 0 ] || exit 1
  lap "linux-asan and linux-tsan builds"
fi

status=0
for preset in "${presets[@]}"; do
  echo "=== $preset: test"
  if [ "$preset" = linux-asan ]; then
    ctest --preset "$preset" || status=1
    lap "$preset tests"
    tools/fuzz.sh "${SHMH_FUZZ_SECONDS:-20}" || status=1
    lap "fuzzing"
  elif [ "$preset" = windows-cross ]; then
    # The first Wine process after a long idle can take far longer than the next ones (seen in
    # CI: over a minute). Pay for it here, visibly, not inside ctest's test discovery.
    tools/wine-prefix.sh start
    start=$(date +%s)
    timeout 300 tools/wine-run build/windows-cross/shm-harness.exe --version >/dev/null || echo "Wine warm-up failed" >&2
    echo "Wine warm-up: $(( $(date +%s) - start )) s"
    echo "=== $preset: packages and consumers"
    tools/check-packages.sh "$preset" || status=1
    lap "$preset packages"
    echo "=== time per step: ${times[*]/%/;}"
    # Last, so that CI's log ends with this ctest summary.
    ctest --preset "$preset" || status=1
  elif [ "$preset" = linux ]; then
    ctest --preset "$preset" || status=1
    echo "=== $preset: packages and consumers"
    tools/check-packages.sh "$preset" || status=1
    lap "$preset tests and packages"
  else
    ctest --preset "$preset" || status=1
    lap "$preset tests"
  fi
done
exit $status
