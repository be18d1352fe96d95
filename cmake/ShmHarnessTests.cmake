# shm_harness_add_tests(): registers shm-harness scenarios as tests of the calling project's ctest,
# one test per scenario with its labels, timeout and skip rule. This project uses it for its own
# scenario tests; it is installed with the CMake package for other projects:
#
#   find_package(shm-harness 0.1 REQUIRED)
#   enable_testing()
#   shm_harness_add_tests(LABELS race privilege  SCENARIOS "lifetime/*"  PREFIX "shm:")
#   shm_harness_add_tests(SCENARIO_FILES contract.toml scenarios/  PREFIX "contract:")
#
# LABELS and SCENARIOS add up: the scenarios with any of LABELS, and those whose id matches any
# glob of SCENARIOS (none given: all). PREFIX starts each test name (default
# "scenario:"); REPORT_DIR is where each test's reports go (default <build>/shm-harness-reports);
# RUN_ARGS are passed to every `run` (e.g. --trials 50); EXECUTABLE defaults to the target
# shm-harness::shm-harness. The list comes from the binary itself (`shm-harness list --json`,
# through CMAKE_CROSSCOMPILING_EMULATOR when cross-compiling) when ctest starts, like
# gtest_discover_tests' PRE_TEST mode: the catalogue is written once, in C++.
#
# SCENARIO_FILES: the project's own scenario files (docs/scenario-files.md): files, folders (their
# *.toml) or globs, relative to the calling CMakeLists' folder. Then the tests are those files'
# scenarios instead of the catalogue's (`shm-harness list --json --file F` per file, when ctest
# starts, so an edited file needs no reconfigure), each run as `run --file F --scenario ID` with
# its labels (the id's area among them), its timeout_ms and the same skip rule; LABELS and
# SCENARIOS then select among the files' scenarios. Call the function twice for both.
function(shm_harness_add_tests)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "" "PREFIX;EXECUTABLE;REPORT_DIR" "LABELS;SCENARIOS;RUN_ARGS;SCENARIO_FILES")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "shm_harness_add_tests: unknown arguments ${ARG_UNPARSED_ARGUMENTS} "
                        "(use LABELS, SCENARIOS, SCENARIO_FILES, PREFIX, REPORT_DIR, RUN_ARGS, EXECUTABLE)")
  endif()
  if("SCENARIO_FILES" IN_LIST ARG_KEYWORDS_MISSING_VALUES)
    message(FATAL_ERROR "shm_harness_add_tests: SCENARIO_FILES names no file")
  endif()
  # Absolute paths, so ctest finds them from the build tree; a plain path must exist now (a glob
  # is the binary's to expand, and may match files added later).
  set(files "")
  foreach(file IN LISTS ARG_SCENARIO_FILES)
    cmake_path(ABSOLUTE_PATH file BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE OUTPUT_VARIABLE absolute)
    if(NOT absolute MATCHES "[*?]" AND NOT EXISTS "${absolute}")
      message(FATAL_ERROR "shm_harness_add_tests: SCENARIO_FILES ${file}: no such file or folder (${absolute})")
    endif()
    list(APPEND files "${absolute}")
  endforeach()
  if(NOT DEFINED ARG_PREFIX)
    set(ARG_PREFIX "scenario:")
  endif()
  if(NOT ARG_REPORT_DIR)
    set(ARG_REPORT_DIR "${CMAKE_CURRENT_BINARY_DIR}/shm-harness-reports")
  endif()
  _shm_harness_default_executable(shm_harness_add_tests)
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
  set(SHMH_FILES "${files}")
  set(script "${CMAKE_CURRENT_BINARY_DIR}/shm_harness_tests_${count}.cmake")
  configure_file("${CMAKE_CURRENT_FUNCTION_LIST_DIR}/shm-harness-tests.cmake.in" "${script}.gen" @ONLY)
  file(GENERATE OUTPUT "${script}" INPUT "${script}.gen")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${script}")
endfunction()

# shm_harness_add_pair_test(): registers one `shm-harness pair` of the calling project's own two
# programs as a ctest test. The test passes when `pair` exits 0 (second passed); its reports go to
# REPORT_DIR (default <build>/shm-harness-reports/<test name>).
#
#   shm_harness_add_pair_test(orders-pair
#     FIRST  "$<TARGET_FILE:OrdersService> --create"
#     SECOND "$<TARGET_FILE:OrdersViewer>"
#     OBJECT "Global\\Orders"
#     PAIR_ARGS --second-as restricted --expect-text "Orders ready"
#     LABELS pair orders)
#
# FIRST and SECOND are command lines (generator expressions allowed); OBJECT is the name the
# programs use; PAIR_ARGS go to `pair` as they are (--second-after, --first-ends, --repeat, ...).
# LAUNCHER is put before everything (e.g. `xvfb-run -a` for a second that shows a message box
# under Wine). TIMEOUT is ctest's limit in seconds (default 120; `pair --timeout` is per pair).
# EXECUTABLE defaults to the target shm-harness::shm-harness; CMAKE_CROSSCOMPILING_EMULATOR is
# used when set.
function(shm_harness_add_pair_test test_name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "FIRST;SECOND;OBJECT;REPORT_DIR;EXECUTABLE;TIMEOUT" "PAIR_ARGS;LABELS;LAUNCHER")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "shm_harness_add_pair_test(${test_name}): unknown arguments ${ARG_UNPARSED_ARGUMENTS} "
                        "(use FIRST, SECOND, OBJECT, PAIR_ARGS, LABELS, LAUNCHER, REPORT_DIR, TIMEOUT, EXECUTABLE)")
  endif()
  foreach(required FIRST SECOND OBJECT)
    if(NOT ARG_${required})
      message(FATAL_ERROR "shm_harness_add_pair_test(${test_name}): ${required} is required")
    endif()
  endforeach()
  if(NOT ARG_REPORT_DIR)
    set(ARG_REPORT_DIR "${CMAKE_CURRENT_BINARY_DIR}/shm-harness-reports/${test_name}")
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  _shm_harness_default_executable(shm_harness_add_pair_test)
  add_test(NAME ${test_name}
           COMMAND ${ARG_LAUNCHER} ${CMAKE_CROSSCOMPILING_EMULATOR} ${ARG_EXECUTABLE} pair
                   --first "${ARG_FIRST}" --second "${ARG_SECOND}" --name "${ARG_OBJECT}"
                   --report-dir "${ARG_REPORT_DIR}" ${ARG_PAIR_ARGS})
  set_tests_properties(${test_name} PROPERTIES TIMEOUT ${ARG_TIMEOUT} LABELS "pair;${ARG_LABELS}")
endfunction()

# Without EXECUTABLE, the harness is the imported (or, in its own tree, the aliased) target.
# A macro, so that it sets the caller's ARG_EXECUTABLE.
macro(_shm_harness_default_executable caller)
  if(NOT ARG_EXECUTABLE)
    if(NOT TARGET shm-harness::shm-harness)
      message(FATAL_ERROR "${caller}: no target shm-harness::shm-harness: find_package(shm-harness) first, or give EXECUTABLE")
    endif()
    set(ARG_EXECUTABLE "$<TARGET_FILE:shm-harness::shm-harness>")
  endif()
endmacro()
