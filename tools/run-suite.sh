#!/usr/bin/env bash
# The main job: install what is missing, build the native harness, run the scenario suite and
# write the reports to shm-harness-report/ (report.json). Extra arguments go to `shm-harness run`,
# e.g. tools/run-suite.sh --label lifetime. Exit code: that of `shm-harness run`.
set -euo pipefail
trap 'echo "run-suite.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --preset linux >/dev/null
cmake --build --preset linux
exec build/linux/shm-harness run --report-dir shm-harness-report "$@"
