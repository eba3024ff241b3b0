# Writes the unit tests, one CTest test per gtest test suite of synclab_unit,
# from the binary's own list (cmake -DUNIT=<synclab_unit> -DOUT=<file> -P
# generate_tests.cmake; run after each build): unit.<Suite> runs
# --gtest_filter=<Suite>.*:<Suite>/*, so a typed suite (MutexContract, one
# instance per registry entry) is one test, and a concept's tests/<c>_test.cpp
# needs no list of its suites anywhere else. (gtest's typed-test names, with
# the registry ids in them, are too long for one CTest test each.)
cmake_minimum_required(VERSION 3.25)
# The listing as JSON (gtest's plain listing carries each typed suite's
# TypeParam, whose brackets CMake's list splitting would not survive).
set(listing "${OUT}.json")
execute_process(COMMAND "${UNIT}" --gtest_list_tests "--gtest_output=json:${listing}"
                OUTPUT_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${UNIT} --gtest_list_tests failed (${rc})")
endif()
file(READ "${listing}" json)
string(JSON count LENGTH "${json}" testsuites)
set(suites "")
if(count GREATER 0)
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(JSON name GET "${json}" testsuites ${i} name)
    # A typed suite is Suite/instance: one test for all its instances.
    string(REGEX REPLACE "/.*$" "" suite "${name}")
    list(APPEND suites "${suite}")
  endforeach()
endif()
list(REMOVE_DUPLICATES suites)
if(NOT suites)
  message(FATAL_ERROR "${UNIT} --gtest_list_tests lists no test suite")
endif()
set(text "# Generated after each build by tests/generate_tests.cmake from synclab_unit --gtest_list_tests: do not edit.\n")
foreach(suite IN LISTS suites)
  string(APPEND text "add_test(\"unit.${suite}\" \"${UNIT}\" \"--gtest_filter=${suite}.*:${suite}/*\")\n")
  # A filter that matches nothing must fail, not pass with zero tests.
  string(APPEND text "set_tests_properties(\"unit.${suite}\" PROPERTIES LABELS unit TIMEOUT 120 "
                     "FAIL_REGULAR_EXPRESSION \"0 tests from 0 test suites ran\")\n")
endforeach()
file(WRITE "${OUT}" "${text}")
