# model.replay.K (cmake -DMODEL=<synclab_model> -DSHARD=K -DSHARDS=N -P
# replay_test.cmake; the mutants whose place in the list is K modulo N): a failure a
# search finds must replay from the token it prints. For each broken variant,
# under its default budget, the 3-thread bounded search and a seeded random
# search: run, take the printed `replay:` command, run it, and require the same
# verdict at the same iteration, with no "did not reproduce" warning. The mutex
# mutants must fail under all three; the other concepts' variants (their
# mutant lists and the toys caught by one suite) must fail under their default
# budget, and are replayed under the other two searches when they catch them
# too (some bugs need more threads, operations or the random scheduler's
# spurious wake-ups: condvar.ticket~no-pass-through passes the bounded search,
# condvar.futex~if-not-while is caught only by the random one).

cmake_minimum_required(VERSION 3.25)
function(check_replay required)
  # --minimize 0: the token of the failure as found (model.minimize replays the smallest).
  execute_process(COMMAND "${MODEL}" ${ARGN} --minimize 0 OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(rc EQUAL 0 AND NOT required)
    message(STATUS "not caught, nothing to replay: synclab_model ${ARGN}")
    return()
  endif()
  if(NOT rc EQUAL 1)
    message(FATAL_ERROR "synclab_model ${ARGN}: expected a failure (exit 1), got exit ${rc}\n${out}${err}")
  endif()
  # A failure Relacy reports, or a crash (synclab_model's handler names the iteration).
  string(REGEX MATCH "(FAIL [^\n]* at iteration [0-9]+|CRASH [^\n]*)" verdict "${out}")
  string(REGEX MATCH "replay: \\./synclab check ([^ ]+) --search ([a-z]+) --threads ([0-9]+) --replay ([^\n]+)" line "${out}")
  if(NOT verdict OR NOT line)
    message(FATAL_ERROR "synclab_model ${ARGN}: no verdict or replay line in\n${out}")
  endif()
  set(replay_args "${CMAKE_MATCH_1}" --search "${CMAKE_MATCH_2}" --threads "${CMAKE_MATCH_3}" --replay "${CMAKE_MATCH_4}")
  execute_process(COMMAND "${MODEL}" ${replay_args} OUTPUT_VARIABLE out2 ERROR_VARIABLE err2 RESULT_VARIABLE rc2)
  string(REGEX MATCH "(FAIL [^\n]* at iteration [0-9]+|CRASH [^\n]*)" verdict2 "${out2}")
  if(NOT rc2 EQUAL 1 OR NOT verdict2 STREQUAL verdict)
    message(FATAL_ERROR "replay of '${verdict}' (synclab_model ${replay_args}) gave exit ${rc2}, '${verdict2}'\n${out2}${err2}")
  endif()
  if(out MATCHES "did not reproduce" OR out2 MATCHES "did not reproduce")
    message(FATAL_ERROR "synclab_model ${ARGN}: the history replay did not reproduce the failure\n${out}")
  endif()
  message(STATUS "replayed: ${verdict}")
endfunction()

execute_process(COMMAND "${MODEL}" --list-mutants OUTPUT_VARIABLE mutants RESULT_VARIABLE rc)
string(STRIP "${mutants}" mutants)
string(REPLACE "\n" ";" mutants "${mutants}")
if(NOT rc EQUAL 0 OR NOT mutants)
  message(FATAL_ERROR "synclab_model --list-mutants gave no mutants (exit ${rc})")
endif()
if(NOT DEFINED SHARD)
  set(SHARD 0)
  set(SHARDS 1)
endif()
set(place -1)
foreach(line IN LISTS mutants)
  math(EXPR place "${place} + 1")
  math(EXPR mine "${place} % ${SHARDS}")
  if(NOT mine EQUAL SHARD)
    continue()
  endif()
  string(REPLACE " " ";" fields "${line}")
  list(GET fields 0 id)
  list(LENGTH fields n)
  set(everywhere FALSE)
  if(n EQUAL 2 AND id MATCHES "^mutex[.]")
    set(everywhere TRUE)
  endif()
  check_replay(TRUE "${id}")
  check_replay(${everywhere} "${id}" --search bound)
  check_replay(${everywhere} "${id}" --search random --seed 300)
endforeach()
