# package.consumer: synclab used from outside, as a user's project uses it.
# Installs this build to a fresh prefix, runs examples/consumer/ci.sh on the
# consumer project against it (configure, build, ctest -L
# "model|stress|property|bench"), and asserts:
#   - the consumer's six model, five stress, seven property and three
#     benchmark tests ran and passed: the CLH lock, Peterson's lock and
#     Drepper's mutex (a plain class over synclab::seam) found nothing, each
#     mutant got exactly its expected verdict, and Peterson's lock (THREADS 2)
#     ran with 2 threads only;
#   - the benchmark report target puts Peterson's lock beside the peers, and
#     leaves it out of the scenarios above 2 threads;
#   - the installed bin/synclab checks a header from another directory
#     against its own package, and refuses the repository's commands;
#   - a mutant run without --expect fails, with its verdict and a replay line;
#   - the JUnit XML and the JSON result lines are written;
#   - a project that registers no primitive fails ci.sh (never passes empty).
#
#   cmake -DSYNCLAB_BUILD=<build dir> -DCONSUMER=<examples/consumer> -DWORK=<scratch dir> -P consumer_test.cmake
cmake_minimum_required(VERSION 3.25)

function(require text pattern what)
  if(NOT text MATCHES "${pattern}")
    message(FATAL_ERROR "package.consumer: ${what}: no match for '${pattern}' in:\n${text}")
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK}")
set(prefix "${WORK}/prefix")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${SYNCLAB_BUILD}" --prefix "${prefix}"
                OUTPUT_VARIABLE out ERROR_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "package.consumer: cmake --install failed (${rc}):\n${out}")
endif()

string(TIMESTAMP begin "%s")
execute_process(COMMAND "${CMAKE_COMMAND}" -E env SYNCLAB_PREFIX=${prefix} sh "${CONSUMER}/ci.sh" "${CONSUMER}" "${WORK}/build"
                WORKING_DIRECTORY "${WORK}"
                OUTPUT_VARIABLE out ERROR_VARIABLE out RESULT_VARIABLE rc)
string(TIMESTAMP end "%s")
math(EXPR seconds "${end} - ${begin}")
message(STATUS "ci.sh on the consumer: exit ${rc}, ${seconds} s (configure, build, ctest -L \"model|stress|property|bench\")")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "package.consumer: ci.sh failed (${rc}):\n${out}")
endif()
require("${out}" "100% tests passed, 0 tests failed out of 21"
        "the consumer's six model, five stress, seven property (Fairness.acme.clh among them) and three benchmark tests")
foreach(file junit.xml results.jsonl)
  if(NOT EXISTS "${WORK}/build/${file}")
    message(FATAL_ERROR "package.consumer: ci.sh wrote no ${file}")
  endif()
endforeach()
file(READ "${WORK}/build/junit.xml" junit)
require("${junit}" "tests=\"21\"[ \t\n]*failures=\"0\"" "the JUnit XML of twenty-one passing tests")
# The result lines: every run of the correct lock passed, in both layers (and
# there were some); each mutant ended on DATA_RACE in the model layer and
# data-race in the stress layer.
file(STRINGS "${WORK}/build/results.jsonl" lines)
set(lock_runs 0)
foreach(line IN LISTS lines)
  if(line MATCHES "\"id\":\"acme\\.clh\"")
    require("${line}" "\"verdict\":\"pass\"" "a run of the correct lock")
    math(EXPR lock_runs "${lock_runs} + 1")
  endif()
endforeach()
if(lock_runs LESS 4)
  message(FATAL_ERROR "package.consumer: ${lock_runs} result lines for acme.clh, expected its default plan's runs")
endif()
require("${lines}" "\"layer\":\"stress\",\"id\":\"acme\\.clh\"" "the stress run of the correct lock")
# The plain class: model-checked under Relacy through synclab::seam (bound to
# the native platform, its atomics would be invisible and the suites' data
# would race), and stressed.
require("${lines}" "\"layer\":\"model\",\"id\":\"acme\\.drepper\"[^;]*\"verdict\":\"pass\"" "the model run of the plain class")
require("${lines}" "\"layer\":\"stress\",\"id\":\"acme\\.drepper\"[^;]*\"verdict\":\"pass\"" "the stress run of the plain class")
require("${lines}" "\"layer\":\"property\",\"id\":\"acme\\.clh\",\"suite\":\"Concurrent[^;]*\"verdict\":\"pass\"" "the property run of the correct lock")
# THREADS 2: every line of Peterson's lock, model and stress, ran 2 threads
# (and there are lines of both layers; the property lines do not record a
# thread count, and its concurrent scenarios there are capped at 2 too).
set(peterson_layers "")
foreach(line IN LISTS lines)
  if(line MATCHES "\"layer\":\"(model|stress)\",\"id\":\"acme\\.peterson\"")
    list(APPEND peterson_layers ${CMAKE_MATCH_1})
    require("${line}" "\"threads\":2," "a run of Peterson's lock (THREADS 2)")
  endif()
endforeach()
if(NOT "model" IN_LIST peterson_layers OR NOT "stress" IN_LIST peterson_layers)
  message(FATAL_ERROR "package.consumer: Peterson's lock has result lines of layers '${peterson_layers}', "
                      "expected model and stress")
endif()
foreach(mutant relaxed-lock relaxed-hand-off)
  require("${lines}" "\"layer\":\"model\",\"id\":\"acme\\.clh~${mutant}\"[^;]*\"verdict\":\"DATA_RACE\"" "the mutant ${mutant}'s model result line")
  require("${lines}" "\"layer\":\"stress\",\"id\":\"acme\\.clh~${mutant}\"[^;]*\"verdict\":\"data-race\"" "the mutant ${mutant}'s stress result line")
endforeach()

# Without --expect, a mutant is a failing check: exit 1, its verdict, and a
# replay command that names the consumer's own binary.
execute_process(COMMAND "${WORK}/build/synclab_model_acme.clh" acme.clh~relaxed-lock --minimize 0
                OUTPUT_VARIABLE out ERROR_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "package.consumer: the relaxed-lock mutant exited ${rc}, not 1:\n${out}")
endif()
require("${out}" "FAIL acme\\.clh~relaxed-lock: DATA_RACE" "the mutant's verdict")
require("${out}" "replay: [^\n]*synclab_model_acme\\.clh acme\\.clh~relaxed-lock --search" "the mutant's replay line")

# The benchmark report of Peterson's lock, short: its rows beside synclab's
# mutex.futex and the peers, and "n/a" where a scenario needs more than its 2 threads.
execute_process(COMMAND "${CMAKE_COMMAND}" "-DSYNCLAB_BENCH_REPORT_ARGS=--quick --duration 0.05 acme.peterson mutex.futex"
                        "${WORK}/build"
                OUTPUT_VARIABLE out ERROR_VARIABLE out RESULT_VARIABLE rc)
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${WORK}/build" --target synclab_bench_report_acme.peterson
                OUTPUT_VARIABLE out ERROR_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "package.consumer: the benchmark report of acme.peterson failed (${rc}):\n${out}")
endif()
file(READ "${WORK}/build/synclab-report/acme.peterson/bench.md" report)
require("${report}" "\n\\| acme\\.peterson \\| [0-9.]+[kM]? \\| [^\n]*\\| n/a \\|" "Peterson's lock's contended row, n/a above 2 threads")
require("${report}" "\n\\| mutex\\.futex \\|" "synclab's mutex.futex beside it")
require("${report}" "\n\\| peer\\.std_mutex \\|" "the peers beside it")

# The installed command, from another directory, against the package it came
# with: a header check runs; a command that needs the repository says so.
execute_process(COMMAND "${CMAKE_COMMAND}" -E env XDG_CACHE_HOME=${WORK}/cache
                        "${prefix}/bin/synclab" check --header "${CONSUMER}/include/acme/clh_lock.hpp"
                        --template acme::clh_lock --concept mutex --search full --suite exclusion --iterations 20000
                WORKING_DIRECTORY "${WORK}"
                OUTPUT_VARIABLE out ERROR_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "package.consumer: the installed synclab check --header exited ${rc}:\n${out}")
endif()
require("${out}" "PASS header\\.clh-lock: 1 runs" "the installed command's header check")
if(NOT EXISTS "${WORK}/cache/synclab/header-checks/header.clh-lock/build")
  message(FATAL_ERROR "package.consumer: the installed command kept its project elsewhere than the cache")
endif()
execute_process(COMMAND "${prefix}/bin/synclab" list WORKING_DIRECTORY "${WORK}"
                OUTPUT_VARIABLE out ERROR_VARIABLE out RESULT_VARIABLE rc)
if(rc EQUAL 0)
  message(FATAL_ERROR "package.consumer: the installed command ran 'list' without a repository:\n${out}")
endif()
require("${out}" "'list' needs synclab's repository" "the installed command's message for a repository command")

# A project that registers nothing: ci.sh must fail, not pass empty.
file(WRITE "${WORK}/empty/CMakeLists.txt"
  "cmake_minimum_required(VERSION 3.25)\nproject(empty LANGUAGES CXX)\nfind_package(synclab CONFIG REQUIRED)\nenable_testing()\n")
execute_process(COMMAND "${CMAKE_COMMAND}" -E env SYNCLAB_PREFIX=${prefix} sh "${CONSUMER}/ci.sh" "${WORK}/empty" "${WORK}/empty-build"
                WORKING_DIRECTORY "${WORK}"
                OUTPUT_VARIABLE out ERROR_VARIABLE out RESULT_VARIABLE rc)
if(rc EQUAL 0)
  message(FATAL_ERROR "package.consumer: ci.sh passed a project with no primitive:\n${out}")
endif()
require("${out}" "no model test registered" "ci.sh's message for a project with no primitive")
# Bad input to synclab_add_primitive: configure fails, saying what it accepts.
function(configure_fails name call pattern)
  file(WRITE "${WORK}/${name}/CMakeLists.txt"
    "cmake_minimum_required(VERSION 3.25)\nproject(${name} LANGUAGES CXX)\nfind_package(synclab CONFIG REQUIRED)\n${call}\n")
  file(COPY "${CONSUMER}/include" DESTINATION "${WORK}/${name}")
  execute_process(COMMAND "${CMAKE_COMMAND}" -S "${WORK}/${name}" -B "${WORK}/${name}/build" -DCMAKE_PREFIX_PATH=${prefix}
                  OUTPUT_VARIABLE out ERROR_VARIABLE out RESULT_VARIABLE rc)
  if(rc EQUAL 0)
    message(FATAL_ERROR "package.consumer: ${name}: configure accepted '${call}'")
  endif()
  string(REGEX REPLACE "[ \n]+" " " flat "${out}")  # CMake wraps its messages
  require("${flat}" "${pattern}" "${name}'s message")
endfunction()
set(lock "HEADER include/acme/clh_lock.hpp TEMPLATE acme::clh_lock")
configure_fails(unknown_concept "synclab_add_primitive(x CONCEPT rwlok ${lock})"
                "CONCEPT 'rwlok' is not a concept [(]the concepts: mutex, semaphore, condvar, queue, rwlock[)]")
configure_fails(unknown_property "synclab_add_primitive(x CONCEPT mutex ${lock} PROPERTIES fifo fair)"
                "'fair' is not a property of a mutex [(]mutex_properties has: fifo starvation_free")
configure_fails(missing_header "synclab_add_primitive(x CONCEPT mutex HEADER nowhere.hpp TEMPLATE acme::clh_lock)"
                "HEADER .*nowhere.hpp does not exist")
configure_fails(one_thread "synclab_add_primitive(x CONCEPT mutex ${lock} THREADS 1)"
                "THREADS '1' is not a thread count of at least 2")
configure_fails(mutant_first "synclab_add_mutant(x m FAULT synclab::faithful MODEL DATA_RACE)"
                "no primitive x; call synclab_add_primitive first")
# Around the seam: std::atomic and a wait loop with an empty body, each named
# with its line and what to call instead.
configure_fails(around_the_seam
  "synclab_add_primitive(x CONCEPT mutex HEADER ${CONSUMER}/tests/not_over_the_seam.hpp TEMPLATE acme::plain_spin_lock)"
  "HEADER reaches the machine around the platform seam.*not_over_the_seam.hpp:19: std::atomic<bool> held_.false.; -> std::atomic: typename P::template atomic<T>.*not_over_the_seam.hpp:12: while .held_.exchange.*-> a wait loop with an empty body: call P::spin_pause.. in it")
set(plain "HEADER include/acme/drepper_mutex.hpp CLASS acme::drepper_mutex")
configure_fails(template_and_class "synclab_add_primitive(x CONCEPT mutex ${plain} TEMPLATE acme::clh_lock)"
                "give TEMPLATE .a template over the platform P. or CLASS .a plain class over synclab::seam., not both")
configure_fails(class_mutant "synclab_add_primitive(x CONCEPT mutex ${plain})
synclab_add_mutant(x m FAULT synclab::faithful MODEL DATA_RACE)"
                "x is a plain class .CLASS acme::drepper_mutex.: mutants come from its fault policy F")
message(STATUS "package.consumer: ok")
