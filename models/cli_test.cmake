# model.cli (cmake -DMODEL=<synclab_model> -P cli_test.cmake): the command
# line's contract. --list lists every id (mutants included); bad input exits 2
# and says what is accepted.

cmake_minimum_required(VERSION 3.25)
function(run expected_rc must_match)
  execute_process(COMMAND "${MODEL}" ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL expected_rc)
    message(FATAL_ERROR "synclab_model ${ARGN}: expected exit ${expected_rc}, got ${rc}\n${out}${err}")
  endif()
  if(NOT "${out}${err}" MATCHES "${must_match}")
    message(FATAL_ERROR "synclab_model ${ARGN}: output does not match '${must_match}'\n${out}${err}")
  endif()
  set(output "${out}${err}" PARENT_SCOPE)
endfunction()

run(0 "mutex\\.futex\n" --list)
set(ids "${output}")
run(0 "" --list-mutants)
string(REGEX MATCHALL "[^ \n]+ [A-Z_]+" mutants "${output}")
foreach(m IN LISTS mutants)
  string(REGEX REPLACE " .*" "" id "${m}")
  string(FIND "${ids}" "${id}\n" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "mutant ${id} is missing from --list")
  endif()
endforeach()

run(2 "known ids are:.*mutex\\.futex" mutex.no-such-lock)
run(2 "--threads takes 2, 3 or 4" mutex.futex --threads 9)
run(2 "--search takes full, bound or random" mutex.futex --search dfs)
run(2 "--iterations takes" mutex.futex --iterations zero)
run(2 "--seed applies to --search random only" mutex.futex --search full --seed 1)
run(2 "--expect takes one of Relacy's failure verdicts:.*DEADLOCK" mutex.futex --expect HANG)
run(2 "--replay takes a token" mutex.futex --search full --threads 2 --replay nonsense)
run(2 "unknown option '--frobnicate'" mutex.futex --frobnicate)
# A narrowed run passes, and --expect turns an unexpected pass into exit 1.
run(0 "PASS mutex\\.tas: 1 runs" mutex.tas --search full --suite exclusion)
run(1 "expected DEADLOCK: got PASS" mutex.tas --search full --suite exclusion --expect DEADLOCK)
