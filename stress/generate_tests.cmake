# Writes the per-id stress tests (run after each build of synclab_stress, as
# models/generate_tests.cmake does for the model tests), from the binary itself,
# so no registered implementation or mutant can go without its test:
#   stress.<id>          each registry id: 4 threads, 3 s (mutexes) or 2 s (the
#                        other concepts); passes iff nothing is reported
#   stress.mutant.<id>   each mutant with a stress expectation: must fail, and say why
#   cmake -DEXE=<synclab_stress> -DSETARCH=<path or empty> -DRUN_CHECK=<run_check.cmake> -DOUT=<file> -P generate_tests.cmake
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/tsan_exec.cmake)

tsan_exec(ids rc ${EXE} --list)
if(NOT rc STREQUAL "0")
  message(FATAL_ERROR "${EXE} --list exited '${rc}':\n${ids}")
endif()
tsan_exec(mutants rc ${EXE} --list-mutants)
if(NOT rc STREQUAL "0")
  message(FATAL_ERROR "${EXE} --list-mutants exited '${rc}':\n${mutants}")
endif()
string(STRIP "${ids}" ids)
string(REPLACE "\n" ";" ids "${ids}")
string(STRIP "${mutants}" mutants)
string(REPLACE "\n" ";" mutants "${mutants}")

# What each expectation must print (besides exiting nonzero).
set(must_match_data-race "ThreadSanitizer: data race")
set(must_match_hang "WATCHDOG: no progress")
set(must_match_data-race-or-hang "ThreadSanitizer: data race|WATCHDOG: no progress")
set(must_match_exclusion "MUTUAL EXCLUSION BROKEN")
set(must_match_holders "HOLDERS ABOVE PERMITS")
set(must_match_known-hang "KNOWN DEFECT: ")

set(check "-DEXE=${EXE}" "-DSETARCH=${SETARCH}" -P "${RUN_CHECK}")
list(JOIN check "\" \"" check)
set(text "# Generated after each build by stress/generate_tests.cmake from synclab_stress --list: do not edit.\n")
set(mutant_ids "")
foreach(line IN LISTS mutants)
  string(REPLACE " " ";" fields "${line}")
  list(LENGTH fields n)
  if(NOT n EQUAL 2)
    message(FATAL_ERROR "--list-mutants: expected 'ID EXPECTATION', got '${line}'")
  endif()
  list(GET fields 0 id)
  list(GET fields 1 expect)
  list(APPEND mutant_ids "${id}")
  if(expect STREQUAL "not-asserted")
    continue()
  endif()
  if(NOT DEFINED must_match_${expect})
    message(FATAL_ERROR "--list-mutants: unknown expectation '${expect}' for ${id}")
  endif()
  # 2 threads, not 4: with more spinning threads than cores a FIFO spin lock
  # convoys behind preempted waiters (about 100 acquisitions a second under
  # TSan on one core), so the queue is never empty and a fault on the
  # "no successor" path (mcs~relaxed-unlock) is never reached: CI missed it
  # once with 4 threads. With 2, every mutant was caught for 5 seeds of 5 on
  # 2 cores and 3 of 3 pinned to one core. The hang mutant's watchdog (2 s)
  # must end it; TIMEOUT is the backstop.
  string(APPEND text "add_test(\"stress.mutant.${id}\" \"${CMAKE_COMMAND}\" \"-DARGS=${id} --threads 2 --seconds 2 --watchdog 2 --seed 1\" -DEXPECT_RC=nonzero \"-DMUST_MATCH=${must_match_${expect}}\" \"${check}\")\n")
  string(APPEND text "set_tests_properties(\"stress.mutant.${id}\" PROPERTIES LABELS stress TIMEOUT 60)\n")
endforeach()
# 4 threads on 2 cores (oversubscribed), 3 s each; watchdog 5 s, well above the
# longest single lock() call seen here under TSan (0.43 s), so a loaded CI
# machine does not fail a correct lock. The semaphore and condition-variable ids
# run several scenarios in their time (stress/semaphore_torture.hpp,
# condvar_torture.hpp): 2 s each, which with their mutants keeps what they add
# to `ctest -L stress` near 40 s; the longest single blocking call seen in them
# here was 0.08 s (condvar.spin with the machine loaded by compilers).
foreach(id IN LISTS ids)
  if(NOT id IN_LIST mutant_ids)
    if(id MATCHES "^mutex[.]")
      set(seconds 3)
    else()
      set(seconds 2)
    endif()
    string(APPEND text "add_test(\"stress.${id}\" \"${CMAKE_COMMAND}\" \"-DARGS=${id} --threads 4 --seconds ${seconds} --watchdog 5 --seed 1\" -DEXPECT_RC=0 \"-DMUST_NOT_MATCH=ThreadSanitizer|WATCHDOG|MUTUAL EXCLUSION BROKEN|HOLDERS ABOVE PERMITS|INVARIANT BROKEN|CHECKSUM MISMATCH\" \"${check}\")\n")
    # A hang of an entry registered with a known defect (semaphore.std loses
    # wake-ups: libstdc++'s std::counting_semaphore) is that defect
    # reproduced: the watchdog says KNOWN DEFECT, and the test is skipped, not
    # failed. Anything else it reports (a race, a broken invariant) fails it.
    string(APPEND text "set_tests_properties(\"stress.${id}\" PROPERTIES LABELS stress TIMEOUT 60 SKIP_REGULAR_EXPRESSION \"KNOWN DEFECT: \")\n")
  endif()
endforeach()
file(WRITE "${OUT}" "${text}")
