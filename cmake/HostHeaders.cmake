# Cross build (mingw-w64): the header-only dependencies come from this Debian host's -dev packages.
# Only those libraries' folders are put on the include path, never all of /usr/include, which
# holds glibc headers a Windows compiler must not see. tools/prepare-cross.sh installs them.
set(_stage ${CMAKE_BINARY_DIR}/_host_headers)
file(MAKE_DIRECTORY ${_stage})
foreach(_dir CLI nlohmann spdlog fmt)
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

if(SHMH_BUILD_TESTS)
  if(NOT EXISTS /usr/src/googletest/CMakeLists.txt)
    message(FATAL_ERROR "/usr/src/googletest is missing: run tools/prepare-cross.sh (Debian package googletest)")
  endif()
  set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
  add_subdirectory(/usr/src/googletest ${CMAKE_BINARY_DIR}/_googletest EXCLUDE_FROM_ALL)
  # googletest 1.12 defines the GTest:: aliases itself.
endif()
