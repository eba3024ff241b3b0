# model.cli (cmake -DMODEL=<synclab_model> -P cli_test.cmake): the command
# line's contract. --list lists every id of every concept (broken variants
# included); bad input exits 2 and says what is accepted; a broken variant runs
# only in the suite that must catch it.

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
# Every concept is listed; the first implementation of the semaphore and
# condition-variable registries are taken from the list (no id is assumed).
foreach(concept semaphore condvar)
  string(REGEX MATCH "(^|\n)(${concept}\\.[^~\n]+)\n" first "${ids}")
  if(NOT first)
    message(FATAL_ERROR "--list has no ${concept} implementation:\n${ids}")
  endif()
  set(first_${concept} "${CMAKE_MATCH_2}")
endforeach()
run(0 "" --list-mutants)
set(broken "${output}")
string(REGEX MATCHALL "[^ \n]+ [A-Z_]+( [^ \n]+)?" mutants "${output}")
foreach(m IN LISTS mutants)
  string(REGEX REPLACE " .*" "" id "${m}")
  string(FIND "${ids}" "${id}\n" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "mutant ${id} is missing from --list")
  endif()
endforeach()

run(2 "known ids are:.*mutex\\.futex.*${first_semaphore}.*${first_condvar}" mutex.no-such-lock)
run(2 "--threads takes 2, 3 or 4" mutex.futex --threads 9)
run(2 "--search takes full, bound or random" mutex.futex --search dfs)
run(2 "--iterations takes" mutex.futex --iterations zero)
run(2 "--seed applies to --search random only" mutex.futex --search full --seed 1)
run(2 "--expect takes one of Relacy's failure verdicts, LOST_WAKE_UP or EXCEPTION:.*DEADLOCK.*LOST_WAKE_UP.*EXCEPTION" mutex.futex --expect HANG)
run(2 "--minimize takes seconds from 0 \\(off\\) to 3600" mutex.futex --minimize soon)
run(2 "--bound takes a context bound from 0 to 8" mutex.futex --search bound --bound 9)
run(2 "no such configuration in this build; it has:.*--search bound --threads 2" mutex.futex --search random --threads 2)
run(2 "--replay takes a token" mutex.futex --search full --threads 2 --replay nonsense)
run(2 "unknown option '--frobnicate'" mutex.futex --frobnicate)
# A narrowed run passes, and --expect turns an unexpected pass into exit 1.
run(0 "PASS mutex\\.tas: 1 runs" mutex.tas --search full --suite exclusion)
run(1 "expected DEADLOCK: got PASS" mutex.tas --search full --suite exclusion --expect DEADLOCK)
# The suites are the id's concept's; a broken variant runs only in its catching suite.
run(2 "--suite takes one of the semaphore suites.*locker_room" ${first_semaphore} --suite exclusion)
run(2 "--suite takes one of the condvar suites.*notify_all" ${first_condvar} --suite locker_room)
string(REGEX MATCH "(^|\n)(semaphore\\.[^ \n]+~[^ \n]+) [A-Z_]+ release_n" found "${broken}")
if(NOT found)
  message(FATAL_ERROR "--list-mutants has no semaphore variant caught by release_n:\n${broken}")
endif()
run(2 "built for its catching suite release_n only" ${CMAKE_MATCH_2} --suite locker_room)
run(0 "PASS ${first_semaphore}: 1 runs" ${first_semaphore} --search full --suite release_n --ops 1 --iterations 2000)
run(0 "PASS ${first_condvar}: 1 runs" ${first_condvar} --search full --suite notify_all --iterations 2000)
# --seed: every seed picks a usable generator (Relacy's with a shift of 17 or
# more runs one thread alone for thousands of steps: a false LIVELOCK on a
# spinning lock); out of range is bad input.
foreach(seed 0 8 9 17 143 36863)
  run(0 "PASS mutex\\.ticket: 1 runs" mutex.ticket --search random --suite exclusion --iterations 2000 --seed ${seed})
endforeach()
run(2 "--seed takes a number from 0 to 36863" mutex.ticket --search random --seed 36864)
# A LIVELOCK names the loop: the thread, the operation it repeats and its line,
# and that it does not yield (mutex.toy~no-pause spins without P::spin_pause()).
run(1 "LIVELOCK: thread [0-9]+ repeats \"exchange\" at [^ ]*toys\\.hpp:[0-9]+ [(][0-9]+ of the last [0-9]+ steps[)] without yielding to the model checker: a wait loop calls P::spin_pause[(][)]"
    mutex.toy~no-pause --search full --threads 2 --minimize 0)
# The order knob (models/order_knob.hpp). --list-places names the places a run
# executes; --weaken runs one of them with a weaker order (here the TAS lock's
# release store, relaxed: the next owner races with the last), and the replay
# command it prints carries the change and reproduces the failure.
run(0 "RUNS mutex\\.tas: pass" mutex.tas --search full --suite exclusion --list-places)
string(REGEX MATCH "PLACE ([^ \n]*tas_mutex\\.hpp:[0-9]+):[0-9]+ store release" found "${output}")
if(NOT found)
  message(FATAL_ERROR "--list-places shows no release store in tas_mutex.hpp:\n${output}")
endif()
set(unlock_store "${CMAKE_MATCH_1}")
run(1 "DATA RACE.*replay: \\./synclab check mutex\\.tas --search full --threads 2 --weaken ${unlock_store}=relaxed --replay "
    mutex.tas --search full --suite exclusion --weaken ${unlock_store}=relaxed --minimize 0)
string(REGEX MATCH "replay: \\./synclab check ([^\n]+)" found "${output}")
separate_arguments(replay_args UNIX_COMMAND "${CMAKE_MATCH_1}")
run(1 "REPLAY mutex\\.tas exclusion.*FAIL mutex\\.tas: DATA_RACE" ${replay_args})
# What the knob refuses: an order the operation cannot take or not weaker than
# its own (at once, with what is there), a place where nothing runs, a wake
# dropped where there is none, malformed places and orders.
run(2 "--weaken ${unlock_store}=acquire: the operation there is a store with order release; --weaken takes an order weaker"
    mutex.tas --search full --suite exclusion --weaken ${unlock_store}=acquire)
run(2 "--drop-wake ${unlock_store}: the operation there is a store.*not a futex_wake or notify"
    mutex.tas --search full --suite exclusion --drop-wake ${unlock_store})
run(2 "--weaken tas_mutex\\.hpp:1=relaxed changed no operation: nothing at that place ran.*--list-places"
    mutex.tas --search full --suite exclusion --weaken tas_mutex.hpp:1=relaxed)
run(2 "--weaken takes FILE:LINE\\[:COL\\]=ORDER" mutex.tas --weaken tas_mutex.hpp=relaxed)
run(2 "--weaken: 'strong' is not an order; it takes relaxed, acquire, release, acq_rel or seq_cst"
    mutex.tas --weaken tas_mutex.hpp:3=strong)
run(2 "--budget, --place and --json go with --orders" mutex.tas --budget 5)
run(2 "--orders and --list-places make their own runs" mutex.tas --orders --weaken tas_mutex.hpp:3=relaxed)
run(2 "--place matched none of the places" mutex.tas --search full --suite exclusion --orders --place nowhere.hpp:1)

# An id's own plan (plan.hpp's fitted_plan): rwlock.task_fair's tree searches
# are capped below its siblings', and only its own.
run(0 "readers_share, 3 threads, bound search \\([^)]*cap 1000000 iterations\\)" rwlock.task_fair --search bound
    --threads 3 --suite readers_share)
run(0 "readers_share, 3 threads, bound search \\([^)]*cap 2000000 iterations\\)" rwlock.phase_fair --search bound
    --threads 3 --suite readers_share)
