# The layers' one-way arrows (docs/architecture.md), checked on every configure and by the ctest
# test `layers`: a file may include only the folders its layer may use. With one include root the
# compiler would find any header, so this check is what stops, say, reports/ from using harness/.
#   cmake -DSHMH_ROOT=<source dir> -P cmake/Layers.cmake   runs it on its own.
set(_shmh_layer_rules
  "harness/platform:harness/platform"
  "reports:reports"
  "harness/protocol:harness/protocol,harness/platform,reports"
  "harness/orchestrator:harness/orchestrator,harness/protocol,harness/platform,reports"
  "harness/role:harness/role,harness/protocol,harness/platform,reports"
  "scenarios:scenarios,harness/orchestrator,harness/protocol,harness/platform,reports"
  "scenarios/file:scenarios,harness/orchestrator,harness/protocol,harness/platform,reports")

function(shmh_check_layers root)
  set(broken "")
  foreach(rule IN LISTS _shmh_layer_rules)
    string(REPLACE ":" ";" parts "${rule}")
    list(GET parts 0 layer)
    list(GET parts 1 allowed)
    string(REPLACE "," ";" allowed "${allowed}")
    file(GLOB sources "${root}/${layer}/*.h" "${root}/${layer}/*.cpp")
    foreach(source IN LISTS sources)
      file(STRINGS "${source}" lines REGEX "^#include \"[^\"]+\"")
      foreach(line IN LISTS lines)
        string(REGEX REPLACE "^#include \"([^\"]+)\".*" "\\1" header "${line}")
        set(ok FALSE)
        foreach(prefix IN LISTS allowed)
          string(FIND "${header}" "${prefix}/" at)
          if(at EQUAL 0)
            set(ok TRUE)
          endif()
        endforeach()
        if(NOT ok)
          file(RELATIVE_PATH rel "${root}" "${source}")
          string(APPEND broken "\n  ${rel} includes \"${header}\": ${layer}/ may use only ${allowed}")
        endif()
      endforeach()
    endforeach()
  endforeach()
  if(broken)
    message(FATAL_ERROR "A layer uses one it must not (docs/architecture.md, the arrows run one way):${broken}")
  endif()
endfunction()

if(CMAKE_SCRIPT_MODE_FILE)
  shmh_check_layers("${SHMH_ROOT}")
  message(STATUS "layers: every include follows the arrows")
endif()
