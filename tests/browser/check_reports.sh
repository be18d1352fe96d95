#!/usr/bin/env bash
# ctest's browser check: makes a real report and a real comparison with shm-harness, then opens
# both in headless Chromium (check_pages.mjs).
#   check_reports.sh SHM_HARNESS OUTPUT_DIR
# Exits 77 (ctest's SKIP_RETURN_CODE for this test) with the reason when a tool it needs is
# missing: Node.js, playwright-core (tests/browser, `npm ci`) or Chromium (CHROMIUM, default
# /usr/bin/chromium). tools/install-deps.sh installs all three on Debian.
set -euo pipefail
harness="$1"
out="$2"
here="$(cd "$(dirname "$0")" && pwd)"
skip() {
  echo "SKIPPED: $1: the HTML pages were not checked (tools/install-deps.sh installs it)"
  exit 77
}
command -v "${NODE:-node}" >/dev/null 2>&1 || skip "Node.js (${NODE:-node}) is not on PATH"
[ -d "$here/node_modules/playwright-core" ] || skip "playwright-core is not installed in $here (npm ci there)"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || skip "Chromium is not installed at ${CHROMIUM:-/usr/bin/chromium} (Debian package chromium)"
rm -rf "$out" && mkdir -p "$out"
# A failing scenario makes `run` exit 1; the page must render either way.
"$harness" run --label lifetime --label race --trials 50 --report-dir "$out/a" >/dev/null || [ $? = 1 ]
"$harness" run --label lifetime --label naming --trials 50 --report-dir "$out/b" >/dev/null || [ $? = 1 ]
"$harness" compare "$out/a/report.json" "$out/b/report.json" --html "$out/compare.html" >/dev/null
"${NODE:-node}" "$here/check_pages.mjs" "$out/screenshots" "$out/a/report.html:2:3" "$out/compare.html:0:2"
