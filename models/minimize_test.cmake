# model.minimize (cmake -DMODEL=<synclab_model> -P minimize_test.cmake): the
# diagnosis a failure gets.
#   - A lost wake-up is its own verdict: mutex.futex~missing-wake's deadlock is
#     reported as LOST WAKE-UP, naming the sleeper's line, the word, the value
#     it slept on and the store that changed it; a deadlock on the modelled
#     condition variable (semaphore.mutex_cv~missing-wake) stays DEADLOCK.
#   - The minimal counterexample: a failure found with more threads and
#     preemptions is searched again smaller and printed with at most the
#     expected threads and preemptions; its printed replay command reproduces
#     the same verdict; a correct implementation gets no counterexample.

cmake_minimum_required(VERSION 3.25)
function(run expected_rc)
  execute_process(COMMAND "${MODEL}" ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL expected_rc)
    message(FATAL_ERROR "synclab_model ${ARGN}: expected exit ${expected_rc}, got ${rc}\n${out}${err}")
  endif()
  set(output "${out}${err}" PARENT_SCOPE)
endfunction()

function(require text pattern what)
  if(NOT text MATCHES "${pattern}")
    message(FATAL_ERROR "${what}: no match for '${pattern}' in\n${text}")
  endif()
endfunction()

# The smallest failing execution of ARGN must have at most max_threads threads
# and max_preemptions preemptions and fail with verdict; its replay command
# must reproduce that verdict.
function(check_minimal verdict max_threads max_preemptions)
  run(1 ${ARGN})
  set(found "${output}")
  string(REGEX MATCH "MINIMAL [^ ]+ [^:]+: ([A-Z -]+), ([0-9]+) threads, (at most )?([0-9]+) preemptions?, ([0-9]+) ops/thread" line "${found}")
  if(NOT line)
    message(FATAL_ERROR "synclab_model ${ARGN}: no MINIMAL line with a thread and preemption count in\n${found}")
  endif()
  set(got_verdict "${CMAKE_MATCH_1}")
  set(threads "${CMAKE_MATCH_2}")
  set(preemptions "${CMAKE_MATCH_4}")
  if(NOT got_verdict STREQUAL verdict OR threads GREATER max_threads OR preemptions GREATER max_preemptions)
    message(FATAL_ERROR "synclab_model ${ARGN}: expected ${verdict} with <= ${max_threads} threads and <= "
                        "${max_preemptions} preemptions, got '${line}'\n${found}")
  endif()
  # The replay command after the MINIMAL line is the smallest execution's.
  string(FIND "${found}" "${line}" at)
  string(SUBSTRING "${found}" ${at} -1 tail)
  string(REGEX MATCH "replay: \\./synclab check ([^ ]+) --search ([a-z]+) --threads ([0-9]+) --replay ([^\n]+)" replay "${tail}")
  if(NOT replay)
    message(FATAL_ERROR "synclab_model ${ARGN}: no replay command after '${line}'\n${found}")
  endif()
  set(replay_args "${CMAKE_MATCH_1}" --search "${CMAKE_MATCH_2}" --threads "${CMAKE_MATCH_3}" --replay "${CMAKE_MATCH_4}")
  if(NOT CMAKE_MATCH_3 EQUAL threads)
    message(FATAL_ERROR "the replay command (${replay}) is not for the ${threads} threads of '${line}'")
  endif()
  run(1 ${replay_args})
  require("${output}" "FAIL [^\n]*: ${verdict} at iteration [0-9]+" "replay of '${line}' (synclab_model ${replay_args})")
  if(found MATCHES "did not reproduce" OR output MATCHES "did not reproduce")
    message(FATAL_ERROR "synclab_model ${ARGN}: a replay did not reproduce its failure\n${found}\n${output}")
  endif()
  message(STATUS "${line}; its replay reproduces ${verdict}")
  set(output "${found}" PARENT_SCOPE)
endfunction()

# The lost wake-up, named: the sleeper's line in lock_contended(), the word's
# declaration, the value slept on (2, contended) and the unlocked value (0).
check_minimal("LOST WAKE-UP" 2 2 mutex.futex~missing-wake --search bound --suite exclusion)
require("${output}" "LOST WAKE-UP: thread [0-9] sleeps in lock_contended\\(\\) at primitives/mutex/futex_mutex\\.hpp\\([0-9]+\\) on the futex word declared at primitives/mutex/futex_mutex\\.hpp\\([0-9]+\\), expecting 2, but the word is now 0: thread [0-9] stored it in unlock\\(\\) at primitives/mutex/futex_mutex\\.hpp\\([0-9]+\\) after the sleep began, and no futex_wake on the word followed"
        "mutex.futex~missing-wake's lost wake-up")
# A failure the random search finds with 4 threads, minimized to 2.
check_minimal("DATA RACE" 2 1 mutex.ticket~relaxed-unlock --search random --suite exclusion)
# The wake issued before the store it announces (here: checked for before it,
# and skipped): the store is named, and no wake after it.
run(1 mutex.futex~wake-before-unlock --search bound --suite exclusion --minimize 0)
require("${output}" "LOST WAKE-UP: thread [0-9] sleeps [^\n]*expecting 2, but the word is now 0: [^\n]*stored it in [^\n]*unlock[^\n]*, and no futex_wake on the word followed" "mutex.futex~wake-before-unlock's lost wake-up")
# A wait on the modelled condition variable is not in the futex ledger: DEADLOCK.
run(0 semaphore.mutex_cv~missing-wake --expect DEADLOCK --minimize 0)
if(output MATCHES "LOST WAKE-UP")
  message(FATAL_ERROR "semaphore.mutex_cv~missing-wake: a condition-variable wait reported as a lost wake-up\n${output}")
endif()
# A correct implementation: no failure, so no counterexample.
run(0 mutex.futex --search bound --threads 2 --suite exclusion)
require("${output}" "PASS mutex\\.futex exclusion, 2 threads, bound search: [0-9]+ iterations \\(search complete\\)" "mutex.futex, 2 threads")
if(output MATCHES "MINIMAL|MINIMIZE")
  message(FATAL_ERROR "mutex.futex: a counterexample search on a pass\n${output}")
endif()
