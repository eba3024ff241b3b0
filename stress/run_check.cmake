# Runs one synclab_stress command and judges it: cmake -P run_check.cmake with
#   -DEXE=<path> -DARGS="<arguments, space-separated>" -DEXPECT_RC=0|nonzero|<n>
#   [-DMUST_MATCH=<regex>] [-DMUST_NOT_MATCH=<regex>] [-DSETARCH=<path to setarch>]
# A can-fail test passes only when the run fails AND says why (MUST_MATCH): a
# mutant that TSan or the watchdog misses fails the test.
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/tsan_exec.cmake)

separate_arguments(args UNIX_COMMAND "${ARGS}")
tsan_exec(out rc ${EXE} ${args})
message("${out}")

set(failures "")
if(EXPECT_RC STREQUAL "nonzero")
  if(rc STREQUAL "0")
    list(APPEND failures "expected a nonzero exit, got 0")
  endif()
elseif(NOT rc STREQUAL EXPECT_RC)
  list(APPEND failures "expected exit ${EXPECT_RC}, got '${rc}'")
endif()
if(DEFINED MUST_MATCH AND NOT out MATCHES "${MUST_MATCH}")
  list(APPEND failures "output lacks /${MUST_MATCH}/")
endif()
if(DEFINED MUST_NOT_MATCH AND out MATCHES "${MUST_NOT_MATCH}")
  list(APPEND failures "output contains /${MUST_NOT_MATCH}/")
endif()
if(failures)
  list(JOIN failures "; " why)
  message(FATAL_ERROR "stress check failed: ${why}")
endif()
message(STATUS "stress check passed (exit ${rc})")
