# Language level, warnings, the one include root and platform link options, shared by every
# target of the project through shmh_options.
add_library(shmh_options INTERFACE)
target_compile_features(shmh_options INTERFACE cxx_std_20)
# One include root: `#include "harness/orchestrator/role_client.h"`, `#include "reports/model.h"`.
# Which layer may include which is checked at configure time (cmake/Layers.cmake).
target_include_directories(shmh_options INTERFACE ${PROJECT_SOURCE_DIR})
if(MSVC)
  # "Developer PowerShell for VS" starts with a 32-bit (x86) toolset; the harness is tested x64.
  if(NOT CMAKE_SIZEOF_VOID_P EQUAL 8)
    message(FATAL_ERROR "This is a 32-bit (x86) MSVC toolset. shm-harness builds for x64: open the "
                        "'x64 Native Tools Command Prompt for VS', or in PowerShell run "
                        "'Enter-VsDevShell -VsInstallPath <VS folder> -Arch amd64 -HostArch amd64', "
                        "then delete build/windows-msvc and configure again.")
  endif()
  target_compile_options(shmh_options INTERFACE /W4 /permissive- /utf-8 /EHsc)
  target_compile_definitions(shmh_options INTERFACE NOMINMAX WIN32_LEAN_AND_MEAN UNICODE _UNICODE)
else()
  target_compile_options(shmh_options INTERFACE -Wall -Wextra -Wpedantic)
  if(WIN32)
    target_compile_definitions(shmh_options INTERFACE NOMINMAX WIN32_LEAN_AND_MEAN UNICODE _UNICODE)
    # Wine cannot find libstdc++-6.dll next to a test binary: link the runtime in.
    target_link_options(shmh_options INTERFACE -static)
  endif()
endif()
