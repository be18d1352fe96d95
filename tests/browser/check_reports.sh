#!/usr/bin/env bash
# ctest's browser check: makes a real report and a real comparison with shm-harness, then opens
# both in headless Chromium (check_pages.mjs).
#   check_reports.sh SHM_HARNESS OUTPUT_DIR
set -euo pipefail
harness="$1"
out="$2"
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "playwright-core is not installed in $here: run tools/install-deps.sh" >&2
  exit 1
fi
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "Chromium is not installed (Debian package chromium): run tools/install-deps.sh" >&2
  exit 1
fi
rm -rf "$out" && mkdir -p "$out"
# A failing scenario makes `run` exit 1; the page must render either way.
"$harness" run --label lifetime --label race --trials 50 --report-dir "$out/a" >/dev/null || [ $? = 1 ]
"$harness" run --label lifetime --label naming --trials 50 --report-dir "$out/b" >/dev/null || [ $? = 1 ]
"$harness" compare "$out/a/report.json" "$out/b/report.json" --html "$out/compare.html" >/dev/null
node "$here/check_pages.mjs" "$out/screenshots" "$out/a/report.html:2:3" "$out/compare.html:0:2"
