#!/usr/bin/env bash
# The tests: install what is missing (Wine and mingw-w64 included), build the linux and
# windows-cross presets, and run both test presets (the Windows tests under Wine).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh --cross
trap 'tools/wine-prefix.sh stop' EXIT
status=0
for preset in linux windows-cross; do
  echo "=== $preset: configure and build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
done
for preset in linux windows-cross; do
  echo "=== $preset: test"
  ctest --preset "$preset" || status=1
done
exit $status
