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
          libspdlog-dev libfmt-dev nlohmann-json3-dev libcli11-dev)
if [ "$cross" = 1 ]; then
  packages+=(g++-mingw-w64-x86-64-posix mingw-w64-tools wine64 wine)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ "$cross" = 1 ]; then
  here="$(cd "$(dirname "$0")" && pwd)"
  "$here/wine-prefix.sh" start
fi
