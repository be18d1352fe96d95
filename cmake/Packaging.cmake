# Install rules, the CMake package (shm-harnessConfig.cmake, imported target
# shm-harness::shm-harness, shm_harness_add_tests) and CPack: a .zip of the statically linked
# mingw-w64 build for Windows, a .tar.gz and a .deb for Linux.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(SHMH_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/shm-harness)
install(TARGETS shm-harness EXPORT shm-harnessTargets RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT shm-harnessTargets NAMESPACE shm-harness:: DESTINATION ${SHMH_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/shm-harnessConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/shm-harnessConfig.cmake INSTALL_DESTINATION ${SHMH_CMAKE_DIR})
# 0.x: a minor version may change the command line.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/shm-harnessConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/shm-harnessConfig.cmake ${PROJECT_BINARY_DIR}/shm-harnessConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/ShmHarnessTests.cmake ${PROJECT_SOURCE_DIR}/cmake/shm-harness-tests.cmake.in
        DESTINATION ${SHMH_CMAKE_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/report-schema.md ${PROJECT_SOURCE_DIR}/docs/windows.md
              ${PROJECT_SOURCE_DIR}/docs/scenario-files.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
# Scenario files: the JSON Schema editors read (a file's `#:schema` line can point here) and the
# examples, which point at it as ../../schemas/ both in the source tree and installed.
install(FILES ${PROJECT_SOURCE_DIR}/schemas/shm-harness-scenarios.schema.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/shm-harness/schemas)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/scenarios/ DESTINATION ${CMAKE_INSTALL_DATADIR}/shm-harness/examples/scenarios
        FILES_MATCHING PATTERN "*.toml")

# CPack only for this project's own build, never inside a consumer that took it by FetchContent.
if(NOT PROJECT_IS_TOP_LEVEL)
  return()
endif()
set(CPACK_PACKAGE_NAME shm-harness)
set(CPACK_PACKAGE_VENDOR "shm-harness")
set(CPACK_PACKAGE_CONTACT "shm-harness maintainers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Test-and-diagnostics harness for Windows named shared memory, with a POSIX backend")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_STRIP_FILES OFF)  # the tested binary, as tested
if(WIN32)
  set(CPACK_GENERATOR ZIP)
  set(CPACK_PACKAGE_FILE_NAME shm-harness-${PROJECT_VERSION}-windows-x64)
else()
  set(CPACK_GENERATOR "TGZ;DEB")
  set(CPACK_PACKAGE_FILE_NAME shm-harness-${PROJECT_VERSION}-linux-${CMAKE_SYSTEM_PROCESSOR})
  set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
  set(CPACK_DEBIAN_PACKAGE_SECTION devel)
  # The Linux build links Debian's shared spdlog and fmt: let dpkg-shlibdeps name them.
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
endif()
include(CPack)
