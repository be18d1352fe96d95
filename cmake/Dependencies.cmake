# Dependencies: installed packages first, pinned FetchContent as the fallback (FIND_PACKAGE_ARGS:
# FetchContent_MakeAvailable calls find_package and downloads only when that finds nothing). For
# the mingw-w64 cross build, header-only libraries come from this Debian host (SHMH_HOST_HEADERS).
include(FetchContent)

if(SHMH_HOST_HEADERS)
  include(${CMAKE_CURRENT_LIST_DIR}/HostHeaders.cmake)
  return()
endif()

set(BENCHMARK_ENABLE_TESTING OFF CACHE BOOL "" FORCE)
set(BENCHMARK_ENABLE_INSTALL OFF CACHE BOOL "" FORCE)
set(gtest_force_shared_crt ON CACHE BOOL "" FORCE)
set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)

FetchContent_Declare(nlohmann_json GIT_REPOSITORY https://github.com/nlohmann/json.git GIT_TAG v3.11.3
                     GIT_SHALLOW TRUE FIND_PACKAGE_ARGS 3.10)
FetchContent_Declare(CLI11 GIT_REPOSITORY https://github.com/CLIUtils/CLI11.git GIT_TAG v2.4.2
                     GIT_SHALLOW TRUE FIND_PACKAGE_ARGS 2.1)
FetchContent_Declare(spdlog GIT_REPOSITORY https://github.com/gabime/spdlog.git GIT_TAG v1.14.1
                     GIT_SHALLOW TRUE FIND_PACKAGE_ARGS 1.10)
FetchContent_Declare(benchmark GIT_REPOSITORY https://github.com/google/benchmark.git GIT_TAG v1.8.3
                     GIT_SHALLOW TRUE FIND_PACKAGE_ARGS 1.7)
# toml++ (scenario files): Debian's libtomlplusplus-dev, else upstream's header-only release.
FetchContent_Declare(tomlplusplus GIT_REPOSITORY https://github.com/marzer/tomlplusplus.git GIT_TAG v3.4.0
                     GIT_SHALLOW TRUE FIND_PACKAGE_ARGS 3.3)
set(_shmh_deps nlohmann_json CLI11 spdlog benchmark tomlplusplus)
if(SHMH_BUILD_TESTS)
  FetchContent_Declare(GTest GIT_REPOSITORY https://github.com/google/googletest.git GIT_TAG v1.14.0
                       GIT_SHALLOW TRUE FIND_PACKAGE_ARGS 1.11)
  list(APPEND _shmh_deps GTest)
endif()
FetchContent_MakeAvailable(${_shmh_deps})

# toml++ used header-only everywhere (Debian also ships a shared build; a static mingw-w64 or MSVC
# build wants none), without exceptions: the parser reports every problem as a value with its
# position, and the same code builds whatever the compiler's exception mode.
get_target_property(_shmh_toml_includes tomlplusplus::tomlplusplus INTERFACE_INCLUDE_DIRECTORIES)
add_library(shmh_toml INTERFACE)
target_include_directories(shmh_toml SYSTEM INTERFACE ${_shmh_toml_includes})
target_compile_definitions(shmh_toml INTERFACE TOML_HEADER_ONLY=1 TOML_EXCEPTIONS=0 TOML_ENABLE_FORMATTERS=0)
