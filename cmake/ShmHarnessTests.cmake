# shm_harness_add_tests(): registers shm-harness scenarios as tests of the calling project's ctest,
# one test per scenario with its labels, timeout and skip rule. This project uses it for its own
# scenario tests; it is installed with the CMake package for other projects:
#
#   find_package(shm-harness 0.1 REQUIRED)
#   enable_testing()
#   shm_harness_add_tests(LABELS race privilege  SCENARIOS "lifetime/*"  PREFIX "shm:")
#
# LABELS and SCENARIOS add up: the scenarios with any of LABELS, and those whose id matches any
# glob of SCENARIOS (none given: all). PREFIX starts each test name (default
# "scenario:"); REPORT_DIR is where each test's reports go (default <build>/shm-harness-reports);
# RUN_ARGS are passed to every `run` (e.g. --trials 50); EXECUTABLE defaults to the target
# shm-harness::shm-harness. The list comes from the binary itself (`shm-harness list --json`,
# through CMAKE_CROSSCOMPILING_EMULATOR when cross-compiling) when ctest starts, like
# gtest_discover_tests' PRE_TEST mode: the catalogue is written once, in C++.
function(shm_harness_add_tests)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "" "PREFIX;EXECUTABLE;REPORT_DIR" "LABELS;SCENARIOS;RUN_ARGS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "shm_harness_add_tests: unknown arguments ${ARG_UNPARSED_ARGUMENTS} "
                        "(use LABELS, SCENARIOS, PREFIX, REPORT_DIR, RUN_ARGS, EXECUTABLE)")
  endif()
  if(NOT DEFINED ARG_PREFIX)
    set(ARG_PREFIX "scenario:")
  endif()
  if(NOT ARG_REPORT_DIR)
    set(ARG_REPORT_DIR "${CMAKE_CURRENT_BINARY_DIR}/shm-harness-reports")
  endif()
  if(NOT ARG_EXECUTABLE)
    if(NOT TARGET shm-harness::shm-harness)
      message(FATAL_ERROR "shm_harness_add_tests: no target shm-harness::shm-harness: find_package(shm-harness) first, or give EXECUTABLE")
    endif()
    set(ARG_EXECUTABLE "$<TARGET_FILE:shm-harness::shm-harness>")
  endif()
  # Each selection becomes one `list` query; '|' separates its arguments (the template splits it).
  set(labels "")
  foreach(label IN LISTS ARG_LABELS)
    string(APPEND labels "|--label|${label}")
  endforeach()
  set(scenarios "")
  foreach(glob IN LISTS ARG_SCENARIOS)
    string(APPEND scenarios "|--scenario|${glob}")
  endforeach()
  string(REGEX REPLACE "^\\|" "" labels "${labels}")
  string(REGEX REPLACE "^\\|" "" scenarios "${scenarios}")
  # One generated script per call: a project may register several selections.
  get_property(count DIRECTORY PROPERTY SHMH_TEST_SETS)
  if(NOT count)
    set(count 0)
  endif()
  math(EXPR count "${count} + 1")
  set_property(DIRECTORY PROPERTY SHMH_TEST_SETS ${count})
  set(SHMH_EMULATOR "${CMAKE_CROSSCOMPILING_EMULATOR}")
  set(SHMH_EXE "${ARG_EXECUTABLE}")
  set(SHMH_LABELS "${labels}")
  set(SHMH_SCENARIOS "${scenarios}")
  set(SHMH_PREFIX "${ARG_PREFIX}")
  set(SHMH_REPORT_ROOT "${ARG_REPORT_DIR}")
  set(SHMH_RUN_ARGS "${ARG_RUN_ARGS}")
  set(script "${CMAKE_CURRENT_BINARY_DIR}/shm_harness_tests_${count}.cmake")
  configure_file("${CMAKE_CURRENT_FUNCTION_LIST_DIR}/shm-harness-tests.cmake.in" "${script}.gen" @ONLY)
  file(GENERATE OUTPUT "${script}" INPUT "${script}.gen")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${script}")
endfunction()
