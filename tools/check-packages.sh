#!/usr/bin/env bash
# Packages and consumers, from a built preset (run by tools/test.sh after the build):
#   tools/check-packages.sh linux          install to build/stage/linux; examples/consumer and
#                                          examples/consumer-fetchcontent run scenarios in their
#                                          own ctest; cpack makes the .tar.gz and the .deb
#   tools/check-packages.sh windows-cross  install to build/stage/windows; examples/consumer,
#                                          cross-configured, runs scenarios under Wine; cpack makes
#                                          the .zip, whose shm-harness.exe (checked to be the exe the
#                                          Wine ctest ran) then runs the classic sample from the
#                                          unpacked folder under Wine and must pass
set -euo pipefail
trap 'echo "check-packages.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."
root="$PWD"
preset="${1:-}"
case "$preset" in
  linux)
    stage="$root/build/stage/linux"
    rm -rf "$stage" build/consumer-linux build/consumer-fetchcontent
    cmake --install build/linux --prefix "$stage" >/dev/null
    echo "--- consumer of the installed package (linux)"
    cmake -S examples/consumer -B build/consumer-linux -G Ninja -DCMAKE_PREFIX_PATH="$stage" >/dev/null
    ctest --test-dir build/consumer-linux -j2 --output-on-failure
    echo "--- consumer by FetchContent of this checkout (linux)"
    cmake -S examples/consumer-fetchcontent -B build/consumer-fetchcontent -G Ninja -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=32 \
          "-DFETCHCONTENT_SOURCE_DIR_SHM-HARNESS=$root" >/dev/null
    cmake --build build/consumer-fetchcontent >/dev/null
    ctest --test-dir build/consumer-fetchcontent -j2 --output-on-failure
    echo "--- cpack (linux)"
    (cd build/linux && cpack -G TGZ >/dev/null && cpack -G DEB >/dev/null)
    ls -1 build/linux/packages/*.tar.gz build/linux/packages/*.deb
    dpkg-deb --info build/linux/packages/*.deb | grep -E "Package|Version|Depends"
    ;;
  windows-cross)
    stage="$root/build/stage/windows"
    rm -rf "$stage" build/consumer-windows build/release-check
    cmake --install build/windows-cross --prefix "$stage" >/dev/null
    echo "--- consumer of the installed package (windows-cross, under Wine)"
    # The toolchain file gives the consumer Wine as its CROSSCOMPILING_EMULATOR; its
    # find_package root path is the mingw sysroot, so the package folder is named directly.
    cmake -S examples/consumer -B build/consumer-windows -G Ninja \
          -DCMAKE_TOOLCHAIN_FILE="$root/cmake/mingw-w64-x86_64.cmake" \
          "-Dshm-harness_DIR=$stage/lib/cmake/shm-harness" >/dev/null
    ctest --test-dir build/consumer-windows -j1 --output-on-failure
    echo "--- cpack (windows-cross): the .zip, and its exe running the classic sample under Wine"
    (cd build/windows-cross && cpack -G ZIP >/dev/null)
    zip_file=$(ls build/windows-cross/packages/shm-harness-*-windows-x64.zip)
    echo "$zip_file"
    mkdir -p build/release-check && (cd build/release-check && cmake -E tar xf "$root/$zip_file")
    exe=$(ls build/release-check/*/bin/shm-harness.exe)
    cmp "$exe" build/windows-cross/shm-harness.exe && echo "the .zip holds the exe the Wine tests ran"
    tools/wine-run "$exe" --version
    # The exe is byte for byte the one whose every scenario the windows-cross ctest runs under
    # Wine; here it runs from the unpacked folder, as a user runs it (the whole catalogue again
    # cost CI about a minute and proved nothing more).
    tools/wine-run "$exe" run --scenario create-open/classic-sample --report-dir build/release-check/report | tail -n 1
    ;;
  *)
    echo "usage: tools/check-packages.sh linux|windows-cross" >&2
    exit 2
    ;;
esac
