# Registers one ctest test per scenario, labelled by area. The list comes from the built
# binary itself (`shm-harness list --json`, through the emulator when cross-compiling) when
# ctest starts, like gtest_discover_tests' PRE_TEST mode: the catalogue is written once, in C++.
function(shmh_register_scenario_tests target)
  set(SHMH_EMULATOR "${CMAKE_CROSSCOMPILING_EMULATOR}")
  set(SHMH_REPORT_ROOT "${CMAKE_BINARY_DIR}/scenario-reports")
  set(SHMH_EXE "$<TARGET_FILE:${target}>")
  configure_file(${PROJECT_SOURCE_DIR}/cmake/scenario_tests.cmake.in
                 ${CMAKE_BINARY_DIR}/scenario_tests.cmake.gen @ONLY)
  file(GENERATE OUTPUT ${CMAKE_BINARY_DIR}/scenario_tests.cmake
                INPUT ${CMAKE_BINARY_DIR}/scenario_tests.cmake.gen)
  set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY TEST_INCLUDE_FILES
               ${CMAKE_BINARY_DIR}/scenario_tests.cmake)
endfunction()
