# proof.cli (cmake -DPYTHON=<python3> -DPROVE=<prove.py> -P cli_test.cmake): the
# command line's contract: --list names every model, bad input exits 2 and
# says what would have been accepted.
cmake_minimum_required(VERSION 3.25)
function(run expected_rc must_match)
  execute_process(COMMAND "${PYTHON}" "${PROVE}" ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL expected_rc)
    message(FATAL_ERROR "prove.py ${ARGN}: expected exit ${expected_rc}, got ${rc}\n${out}${err}")
  endif()
  if(NOT "${out}${err}" MATCHES "${must_match}")
    message(FATAL_ERROR "prove.py ${ARGN}: output does not match '${must_match}'\n${out}${err}")
  endif()
endfunction()

run(0 "mutex\\.futex~missing-wake +mutant" --list)
run(2 "unknown id 'mutex\\.nope'; known ids: mutex\\.tas, .*condvar\\.futex" mutex.nope)
run(2 "--processes: invalid choice: '4' \\(choose from '2', '3', 'all'\\)" --processes 4)
run(2 "--timeout takes a number of seconds above 0, got '-1'" --timeout -1)
run(2 "--timeout takes a number of seconds above 0, got 'soon'" --timeout soon)
run(2 "--optimize: invalid choice" --optimize O3)
run(2 "--jobs takes a number of parallel verifiers above 0, got '0'" --jobs 0)
run(2 "--registry: no such file" --registry /nonexistent/synclab_info)
