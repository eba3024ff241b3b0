# stress.registry_covered: `synclab_stress --list` must print exactly the ids
# CTest made tests for (EXPECTED), in order. So an implementation
# added to the registry in a form the CMake parser misses fails here instead of
# silently going untested.
#   cmake -P check_list.cmake -DEXE=<path> -DEXPECTED="<ids, space-separated>" [-DSETARCH=<path>]
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/tsan_exec.cmake)

tsan_exec(out rc ${EXE} --list)
if(NOT rc STREQUAL "0")
  message(FATAL_ERROR "${EXE} --list exited '${rc}':\n${out}")
endif()
separate_arguments(expected UNIX_COMMAND "${EXPECTED}")
string(STRIP "${out}" out)
string(REPLACE "\n" ";" listed "${out}")
if(NOT listed STREQUAL expected)
  message(FATAL_ERROR "--list printed\n  ${listed}\nbut CTest has tests for\n  ${expected}")
endif()
message(STATUS "every id of --list has a test: ${listed}")
