# Cross build (mingw-w64): the header-only dependencies come from this Debian host's -dev packages.
# Only those libraries' folders are put on the include path, never all of /usr/include, which
# holds glibc headers a Windows compiler must not see. tools/prepare-cross.sh installs them.
set(_stage ${PROJECT_BINARY_DIR}/_host_headers)
file(MAKE_DIRECTORY ${_stage})
foreach(_dir CLI nlohmann spdlog fmt toml++)
  if(NOT EXISTS /usr/include/${_dir})
    message(FATAL_ERROR "/usr/include/${_dir} is missing: run tools/prepare-cross.sh (it installs the Debian -dev packages)")
  endif()
  if(NOT EXISTS ${_stage}/${_dir})
    file(CREATE_LINK /usr/include/${_dir} ${_stage}/${_dir} SYMBOLIC)
  endif()
endforeach()

add_library(shmh_host_headers INTERFACE)
target_include_directories(shmh_host_headers SYSTEM INTERFACE ${_stage})
# Debian's spdlog is configured for an external fmt; both are used header-only here.
target_compile_definitions(shmh_host_headers INTERFACE FMT_HEADER_ONLY SPDLOG_FMT_EXTERNAL)

add_library(nlohmann_json::nlohmann_json ALIAS shmh_host_headers)
add_library(CLI11::CLI11 ALIAS shmh_host_headers)
add_library(spdlog::spdlog ALIAS shmh_host_headers)
# toml++ (libtomlplusplus-dev), header-only and without exceptions, as in Dependencies.cmake.
add_library(shmh_toml INTERFACE)
target_link_libraries(shmh_toml INTERFACE shmh_host_headers)
target_compile_definitions(shmh_toml INTERFACE TOML_HEADER_ONLY=1 TOML_EXCEPTIONS=0 TOML_ENABLE_FORMATTERS=0)

# Google Benchmark from Debian's source package (tools/install-deps.sh --cross fetches it).
set(SHMH_BENCHMARK_SOURCE ${PROJECT_SOURCE_DIR}/build/_sources/benchmark CACHE PATH "Google Benchmark sources for the cross build")
if(NOT EXISTS ${SHMH_BENCHMARK_SOURCE}/CMakeLists.txt)
  message(FATAL_ERROR "${SHMH_BENCHMARK_SOURCE} is missing: run tools/install-deps.sh --cross (apt-get source benchmark)")
endif()
set(BENCHMARK_ENABLE_TESTING OFF CACHE BOOL "" FORCE)
set(BENCHMARK_ENABLE_GTEST_TESTS OFF CACHE BOOL "" FORCE)
set(BENCHMARK_ENABLE_INSTALL OFF CACHE BOOL "" FORCE)
set(BENCHMARK_ENABLE_WERROR OFF CACHE BOOL "" FORCE)
set(BENCHMARK_USE_BUNDLED_GTEST OFF CACHE BOOL "" FORCE)
set(BUILD_SHARED_LIBS OFF)
# Debian patched out the git lookup; "0.0.0" makes it use the version from project().
set(GIT_VERSION "0.0.0")
add_subdirectory(${SHMH_BENCHMARK_SOURCE} ${PROJECT_BINARY_DIR}/_benchmark EXCLUDE_FROM_ALL)
# A static Google Benchmark on Windows needs these (its headers otherwise expect a DLL).
target_compile_definitions(benchmark PUBLIC BENCHMARK_STATIC_DEFINE)
target_link_libraries(benchmark PUBLIC shlwapi)

if(SHMH_BUILD_TESTS)
  if(NOT EXISTS /usr/src/googletest/CMakeLists.txt)
    message(FATAL_ERROR "/usr/src/googletest is missing: run tools/prepare-cross.sh (Debian package googletest)")
  endif()
  set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
  add_subdirectory(/usr/src/googletest ${PROJECT_BINARY_DIR}/_googletest EXCLUDE_FROM_ALL)
  # googletest 1.12 defines the GTest:: aliases itself.
endif()
