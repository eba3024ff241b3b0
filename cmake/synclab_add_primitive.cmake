# Your own primitive, checked in your own build by synclab's layers (part of
# the installed CMake package: find_package(synclab CONFIG REQUIRED)).
#
#   synclab_add_primitive(NAME
#       CONCEPT    mutex | semaphore | condvar | queue | rwlock   (SYNCLAB_CONCEPTS)
#       HEADER     include/my_lock.hpp       relative to the current source directory
#       TEMPLATE   acme::my_lock             template <class P, class F = synclab::faithful>
#     | CLASS      acme::my_lock             or a plain class, reaching the machine through
#                                            synclab::seam (primitives/platform/bound.hpp);
#                                            it has no fault policy, so no mutants
#       [PROPERTIES flag ... field=value ...]  what it claims, as the concept's <concept>_properties
#                                            names them (primitives/<concept>/registry.hpp); a bare
#                                            flag is true, every field not given is false (or zero);
#                                            an enumerated field takes a bare name (preference=writers)
#       [DESCRIPTION "one line"]
#       [THREADS N]                          the most threads it serves (Peterson's lock: 2): no
#                                            check runs more (default: no cap)
#       [FULL_SEARCH_CAP N]                  iterations of each 2-thread full search (default: the
#                                            concept's); a lock whose waiters spin on loads has an
#                                            endless full-search tree, so this is its time budget
#       [INCLUDE_DIRECTORIES dir ...] [LINK_LIBRARIES target ...])  what the header needs
#
#   synclab_add_mutant(NAME MUTANT
#       FAULT  policy                        a fault policy of primitives/fault.hpp, for example
#                                            "synclab::relax_at<synclab::site::unlock>"
#       MODEL  VERDICT                       what Relacy must report (DATA_RACE, LOST_WAKE_UP, ...)
#       [STRESS data-race|hang|data-race-or-hang]
#                                            what the ThreadSanitizer run must report (default: not asserted;
#                                            data-race-or-hang: either, as timing decides)
#       [PROPERTY violation|hang]            what the rapidcheck properties must report (default: not asserted)
#       [SUITE suite] [DESCRIPTION "..."])   the suite (or family) that must catch it
#
# In the current build directory:
#   synclab_model_NAME          the Relacy model checker of NAME and its mutants: the
#                               concept's suites and default plan, the replay line, the
#                               minimal counterexample, the lost wake-up verdict (--help)
#   test model.NAME             passes iff the default plan finds nothing
#   test model.mutant.NAME~MUTANT  passes iff Relacy reports exactly VERDICT
#   synclab_stress_NAME         the ThreadSanitizer harness with its watchdog: tests
#                               stress.NAME, stress.mutant.NAME~MUTANT (with a STRESS verdict)
#   synclab_properties_NAME     the rapidcheck properties of the concept: tests property.*.NAME,
#                               property.mutant.NAME~MUTANT (with a PROPERTY verdict)
# labelled model, stress and property, so `ctest -L model` runs one layer. Each
# binary holds NAME alone: it is never enrolled in another family's checks.
#   synclab_bench_NAME          the benchmark: the concept's scenarios with NAME beside
#                               synclab's implementations and the peers (test bench.NAME,
#                               label bench: NAME's scenarios, short, none may fail)
#   synclab_bench_report_NAME   a target that runs it and writes the report (bench.md,
#                               plots) to synclab-report/NAME; SYNCLAB_BENCH_REPORT_ARGS
#                               (default --quick) are the report's flags
#
# The files are written at the end of the directory (cmake_language DEFER), so
# synclab_add_mutant may come after synclab_add_primitive.
include_guard(GLOBAL)

# Set by synclabConfig.cmake: SYNCLAB_INCLUDE_DIR (the headers' root),
# SYNCLAB_DATA_DIR (the model sources), SYNCLAB_CONCEPTS.

# The message may come in several quoted pieces (no semicolons in them).
function(_synclab_fail name)
  list(JOIN ARGN "" text)
  message(FATAL_ERROR "synclab_add_primitive(${name}): ${text}")
endfunction()

# The fields of <concept>_properties, read from its registry header.
function(_synclab_property_fields concept out)
  file(READ "${SYNCLAB_INCLUDE_DIR}/primitives/${concept}/registry.hpp" text)
  if(NOT text MATCHES "struct ${concept}_properties {([^}]*)}")
    message(FATAL_ERROR "synclab: primitives/${concept}/registry.hpp has no struct ${concept}_properties")
  endif()
  set(body "${CMAKE_MATCH_1}")
  string(REGEX MATCHALL "\n    [A-Za-z_:<>]+ [a-z_]+" decls "${body}")
  set(fields "")
  foreach(d IN LISTS decls)
    string(REGEX REPLACE ".* ([a-z_]+)$" "\\1" f "${d}")
    list(APPEND fields "${f}")
  endforeach()
  set(${out} "${fields}" PARENT_SCOPE)
endfunction()

# What the checkers cannot see: the header reaching the machine around the
# platform seam (std::atomic, the futex system call, pthread, a pause or a
# yield of its own, a wait loop with an empty body). Under Relacy such an
# operation is invisible (a std::atomic lock reads as no synchronization at
# all, a futex syscall blocks the whole checker), and a fault policy cannot
# weaken it. Each finding names its line and what to call instead (`via` is
# "P::" for a template, "synclab::seam::" for a plain class); any finding
# stops the configure. Comments and string literals are skipped; only HEADER
# itself is read.
function(_synclab_lint_seam name header via)
  if(via STREQUAL "P::")
    set(atomic_type "typename P::template atomic<T>")
    set(word_type "P::futex_word")
    set(blocking "typename P::mutex, P::condition_variable or P::counting_semaphore")
  else()
    set(atomic_type "synclab::seam::atomic<T>")
    set(word_type "synclab::seam::futex_word")
    set(blocking "synclab::seam::mutex or synclab::seam::condition_variable")
  endif()
  file(READ "${header}" text)
  # One list element per line: semicolons and brackets would split or join them.
  string(REPLACE ";" "__SEMI__" text "${text}")
  string(REPLACE "[" "__LSB__" text "${text}")
  string(REPLACE "]" "__RSB__" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  set(findings "")
  set(code_text "")
  set(n 0)
  set(in_comment FALSE)
  foreach(line IN LISTS lines)
    math(EXPR n "${n} + 1")
    set(code "${line}")
    if(in_comment)
      if(code MATCHES "\\*/(.*)$")
        set(code "${CMAKE_MATCH_1}")
        set(in_comment FALSE)
      else()
        set(code "")
      endif()
    endif()
    string(REGEX REPLACE "/\\*([^*]|\\*[^/])*\\*/" " " code "${code}")
    if(code MATCHES "^(.*)/\\*")
      set(code "${CMAKE_MATCH_1}")
      set(in_comment TRUE)
    endif()
    string(REGEX REPLACE "//.*$" "" code "${code}")
    string(REGEX REPLACE "\"([^\"\\\\]|\\\\.)*\"" "\"\"" code "${code}")
    string(REGEX REPLACE "'([^'\\\\]|\\\\.)*'" "' '" code "${code}")
    string(APPEND code_text "${code}\n")
    set(what "")
    if(code MATCHES "std::atomic_thread_fence|std::atomic_signal_fence")
      set(what "a fence of its own: ${via}fence(order)")
    elseif(code MATCHES "std::atomic(_ref|_flag)?[ \t]*<|std::atomic_flag|std::atomic_(int|bool|uint|size_t|ptrdiff_t|intptr_t|uintptr_t)")
      set(what "std::atomic: ${atomic_type} (${word_type} for a word it sleeps on)")
    elseif(code MATCHES "SYS_futex|[^a-z_]futex[ \t]*\\(|FUTEX_WAIT|FUTEX_WAKE")
      set(what "the futex system call: ${via}futex_wait(word, expected), ${via}futex_wait_until(word, expected, deadline), ${via}futex_wake(word, count)")
    elseif(code MATCHES "pthread_(mutex|cond|spin|rwlock|barrier)_|[^a-z_]sem_(wait|post|timedwait|trywait)[ \t]*\\(")
      set(what "a blocking call of pthread or POSIX: ${blocking}, or ${via}futex_wait and ${via}futex_wake")
    elseif(code MATCHES "std::(mutex|timed_mutex|recursive_mutex|shared_mutex|condition_variable|counting_semaphore|binary_semaphore|latch|barrier)[^a-z_]")
      set(what "a blocking type of std: ${blocking}")
    elseif(code MATCHES "_mm_pause|__builtin_ia32_pause|sched_yield|std::this_thread::yield|asm[ \t]*(volatile)?[ \t]*\\([ \t]*\"\"?(pause|yield)")
      set(what "a pause or yield of its own: ${via}spin_pause() or ${via}yield_thread(), where the model checker runs the other threads and sees a spin that never ends")
    elseif(code MATCHES "[^a-z_]syscall[ \t]*\\(")
      set(what "a system call: the model checker cannot run it; a futex wait or wake is ${via}futex_wait or ${via}futex_wake")
    endif()
    if(what)
      string(STRIP "${line}" shown)
      list(APPEND findings "  ${header}:${n}: ${shown}\n      -> ${what}")
    endif()
  endforeach()
  # A wait loop with an empty body, `while (cond) {}` or `while (cond);` (not
  # the tail of a do-while, nor a compare-exchange retry loop): nothing the
  # model checker can schedule at. The condition's parentheses are balanced by hand.
  set(searched 0)
  while(TRUE)
    string(SUBSTRING "${code_text}" ${searched} -1 rest)
    string(FIND "${rest}" "while" at)
    if(at LESS 0)
      break()
    endif()
    math(EXPR at "${searched} + ${at}")
    math(EXPR searched "${at} + 5")
    string(SUBSTRING "${code_text}" 0 ${at} before)
    string(REGEX REPLACE "[ \t\n]+$" "" before_trimmed "${before}")
    if(before MATCHES "[A-Za-z0-9_]$" OR before_trimmed MATCHES "}$")
      continue()  # part of a name, or a do-while's tail
    endif()
    string(SUBSTRING "${code_text}" ${searched} 400 after)
    if(NOT after MATCHES "^[ \t\n]*\\(")
      continue()
    endif()
    string(FIND "${after}" "(" i)
    set(depth 0)
    string(LENGTH "${after}" length)
    set(close -1)
    while(i LESS length)
      string(SUBSTRING "${after}" ${i} 1 c)
      string(COMPARE EQUAL "${c}" "(" opens)  # not if(c STREQUAL "("): a quoted paren is a keyword under CMP0054's OLD
      string(COMPARE EQUAL "${c}" ")" closes)
      if(opens)
        math(EXPR depth "${depth} + 1")
      elseif(closes)
        math(EXPR depth "${depth} - 1")
        if(depth EQUAL 0)
          set(close ${i})
          break()
        endif()
      endif()
      math(EXPR i "${i} + 1")
    endwhile()
    if(close LESS 0)
      continue()
    endif()
    math(EXPR body_at "${close} + 1")
    string(SUBSTRING "${after}" ${body_at} -1 body)
    string(SUBSTRING "${after}" 0 ${body_at} condition)
    # A compare-exchange retry loop is not a wait: each failure means another
    # thread made progress.
    if(body MATCHES "^[ \t\n]*(__SEMI__|{[ \t\n]*})" AND NOT condition MATCHES "compare_exchange")
      string(REGEX MATCHALL "\n" newlines "${before}")
      list(LENGTH newlines line_of)
      math(EXPR line_of "${line_of} + 1")
      math(EXPR shown_length "${body_at} + 5")
      string(REGEX REPLACE "[ \t\n]+" " " shown "while${after}")
      string(SUBSTRING "${shown}" 0 ${shown_length} shown)
      string(APPEND shown " ...")
      list(APPEND findings "  ${header}:${line_of}: ${shown}\n      -> a wait loop with an empty body: call ${via}spin_pause() in it, where the model checker runs the other threads (and sees a spin that never ends)")
    endif()
  endwhile()
  if(findings)
    list(JOIN findings "\n" findings)
    string(REPLACE "__SEMI__" ";" findings "${findings}")
    string(REPLACE "__LSB__" "[" findings "${findings}")
    string(REPLACE "__RSB__" "]" findings "${findings}")
    message(FATAL_ERROR "synclab_add_primitive(${name}): HEADER reaches the machine around the platform seam, "
      "where the model checker and the fault policies cannot see it:\n${findings}\n"
      "Route each through the seam (docs/architecture.md, \"The platform seam\"): a class template over P uses "
      "P's names; a plain class uses the same names under synclab::seam (primitives/platform/bound.hpp) and "
      "is registered with CLASS instead of TEMPLATE.")
  endif()
endfunction()

function(synclab_add_primitive name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "CONCEPT;HEADER;TEMPLATE;CLASS;DESCRIPTION;THREADS;FULL_SEARCH_CAP"
                        "PROPERTIES;INCLUDE_DIRECTORIES;LINK_LIBRARIES")
  if(arg_UNPARSED_ARGUMENTS)
    _synclab_fail("${name}" "unknown arguments '${arg_UNPARSED_ARGUMENTS}'. It takes CONCEPT HEADER TEMPLATE|CLASS "
                  "[PROPERTIES ...] [DESCRIPTION ...] [THREADS N] [FULL_SEARCH_CAP N] [INCLUDE_DIRECTORIES ...] "
                  "[LINK_LIBRARIES ...]")
  endif()
  if(NOT name MATCHES "^[a-z][a-z0-9_.-]*$")
    _synclab_fail("${name}" "the name is an id: lower-case letters, digits, '_', '.', '-', starting with a letter")
  endif()
  get_property(known GLOBAL PROPERTY SYNCLAB_PRIMITIVES)
  if(name IN_LIST known)
    _synclab_fail("${name}" "already added")
  endif()
  if(NOT arg_CONCEPT OR NOT arg_CONCEPT IN_LIST SYNCLAB_CONCEPTS)
    string(REPLACE ";" ", " concepts "${SYNCLAB_CONCEPTS}")
    _synclab_fail("${name}" "CONCEPT '${arg_CONCEPT}' is not a concept (the concepts: ${concepts})")
  endif()
  string(MAKE_C_IDENTIFIER "${name}" ident)
  set(via "P::")
  if(arg_CLASS AND arg_TEMPLATE)
    _synclab_fail("${name}" "give TEMPLATE (a template over the platform P) or CLASS (a plain class over "
                  "synclab::seam), not both")
  elseif(arg_CLASS)
    if(NOT arg_CLASS MATCHES "^(::)?[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*$")
      _synclab_fail("${name}" "CLASS '${arg_CLASS}' is not a qualified class name (namespace::name)")
    endif()
    # The layers take a template <class P, class F>: the class, whatever P and F.
    set(arg_TEMPLATE "synclab::user_${ident}::plain_class")
    set(via "synclab::seam::")
  endif()
  if(NOT arg_TEMPLATE MATCHES "^(::)?[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*$")
    _synclab_fail("${name}" "TEMPLATE '${arg_TEMPLATE}' is not a qualified class template name "
                  "(namespace::name, a template <class P, class F = synclab::faithful>)")
  endif()
  if(NOT arg_HEADER)
    _synclab_fail("${name}" "HEADER is missing: the header that defines ${arg_TEMPLATE}")
  endif()
  get_filename_component(header "${arg_HEADER}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${header}")
    _synclab_fail("${name}" "HEADER ${header} does not exist")
  endif()
  if(DEFINED arg_THREADS AND NOT arg_THREADS MATCHES "^[2-9]$|^[1-9][0-9]+$")
    _synclab_fail("${name}" "THREADS '${arg_THREADS}' is not a thread count of at least 2")
  endif()
  if(NOT arg_FULL_SEARCH_CAP)
    set(arg_FULL_SEARCH_CAP 0)
  elseif(NOT arg_FULL_SEARCH_CAP MATCHES "^[1-9][0-9]*$")
    _synclab_fail("${name}" "FULL_SEARCH_CAP '${arg_FULL_SEARCH_CAP}' is not a positive iteration count")
  endif()
  _synclab_lint_seam("${name}" "${header}" "${via}")
  if(NOT arg_DESCRIPTION)
    if(arg_CLASS)
      set(arg_DESCRIPTION "${arg_CLASS} (${arg_HEADER})")
    else()
      set(arg_DESCRIPTION "${arg_TEMPLATE} (${arg_HEADER})")
    endif()
  endif()
  if(arg_DESCRIPTION MATCHES "[\"\\\\]")
    _synclab_fail("${name}" "DESCRIPTION cannot hold quotes or backslashes")
  endif()

  # PROPERTIES: each a field of <concept>_properties.
  _synclab_property_fields(${arg_CONCEPT} fields)
  set(assignments "")
  foreach(p IN LISTS arg_PROPERTIES)
    if(p MATCHES "^([a-z_]+)=(.+)$")
      set(field "${CMAKE_MATCH_1}")
      set(value "${CMAKE_MATCH_2}")
    else()
      set(field "${p}")
      set(value "true")
    endif()
    if(NOT field IN_LIST fields)
      string(REPLACE ";" " " spelled "${fields}")
      _synclab_fail("${name}" "PROPERTIES: '${field}' is not a property of a ${arg_CONCEPT} "
                    "(${arg_CONCEPT}_properties has: ${spelled}. Each is a flag, or field=value)")
    endif()
    string(APPEND assignments " p.${field} = ${value};")
  endforeach()

  set_property(GLOBAL APPEND PROPERTY SYNCLAB_PRIMITIVES "${name}")
  foreach(key CONCEPT TEMPLATE CLASS DESCRIPTION THREADS FULL_SEARCH_CAP INCLUDE_DIRECTORIES LINK_LIBRARIES)
    set_property(GLOBAL PROPERTY SYNCLAB_${key}_${name} "${arg_${key}}")
  endforeach()
  set_property(GLOBAL PROPERTY SYNCLAB_HEADER_${name} "${header}")
  set_property(GLOBAL PROPERTY SYNCLAB_ASSIGNMENTS_${name} "${assignments}")
  set_property(GLOBAL PROPERTY SYNCLAB_MUTANTS_${name} "")

  add_executable(synclab_model_${name})
  add_executable(synclab_stress_${name})
  add_executable(synclab_properties_${name})
  # A deferred call's arguments are evaluated when it runs: the name goes in
  # as a literal.
  cmake_language(EVAL CODE "cmake_language(DEFER CALL _synclab_generate_primitive [[${name}]])")
endfunction()

function(synclab_add_mutant name mutant)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "FAULT;MODEL;STRESS;PROPERTY;SUITE;DESCRIPTION" "")
  get_property(known GLOBAL PROPERTY SYNCLAB_PRIMITIVES)
  if(NOT name IN_LIST known)
    message(FATAL_ERROR "synclab_add_mutant(${name} ${mutant}): no primitive ${name}; call synclab_add_primitive first")
  endif()
  get_property(plain_class GLOBAL PROPERTY SYNCLAB_CLASS_${name})
  if(plain_class)
    message(FATAL_ERROR "synclab_add_mutant(${name} ${mutant}): ${name} is a plain class (CLASS ${plain_class}): "
                        "mutants come from its fault policy F, which only a template <class P, class F = "
                        "synclab::faithful> has (TEMPLATE)")
  endif()
  if(arg_UNPARSED_ARGUMENTS OR NOT arg_FAULT OR NOT arg_MODEL)
    message(FATAL_ERROR "synclab_add_mutant(${name} ${mutant}): it takes FAULT policy MODEL VERDICT "
                        "[STRESS data-race|hang|data-race-or-hang] [PROPERTY violation|hang] [SUITE suite] [DESCRIPTION text]")
  endif()
  if(NOT arg_STRESS)
    set(arg_STRESS not-asserted)
  endif()
  if(NOT arg_PROPERTY)
    set(arg_PROPERTY not-asserted)
  endif()
  if(NOT arg_PROPERTY MATCHES "^(violation|hang|not-asserted)$")
    message(FATAL_ERROR "synclab_add_mutant(${name} ${mutant}): PROPERTY '${arg_PROPERTY}' is none of violation, "
                        "hang (what the rapidcheck properties must report) or not-asserted (the default)")
  endif()
  if(NOT arg_STRESS MATCHES "^(data-race|hang|data-race-or-hang|not-asserted)$")
    message(FATAL_ERROR "synclab_add_mutant(${name} ${mutant}): STRESS '${arg_STRESS}' is none of data-race, hang, "
                        "data-race-or-hang (what the ThreadSanitizer run must report) or not-asserted (the default)")
  endif()
  if(NOT mutant MATCHES "^[a-z0-9][a-z0-9_-]*$")
    message(FATAL_ERROR "synclab_add_mutant(${name} ${mutant}): a mutant's name is lower-case letters, digits, "
                        "'_' and '-' (its id is ${name}~NAME)")
  endif()
  if(NOT arg_DESCRIPTION)
    set(arg_DESCRIPTION "${name} under ${arg_FAULT}")
  endif()
  foreach(v FAULT DESCRIPTION MODEL SUITE)
    if(arg_${v} MATCHES "[\"\\\\|]")
      message(FATAL_ERROR "synclab_add_mutant(${name} ${mutant}): ${v} cannot hold quotes, backslashes or '|'")
    endif()
  endforeach()
  set_property(GLOBAL APPEND PROPERTY SYNCLAB_MUTANTS_${name}
               "${mutant}|${arg_FAULT}|${arg_MODEL}|${arg_SUITE}|${arg_DESCRIPTION}|${arg_STRESS}|${arg_PROPERTY}")
endfunction()

function(_synclab_generate_primitive name)
  foreach(key CONCEPT TEMPLATE CLASS DESCRIPTION THREADS FULL_SEARCH_CAP INCLUDE_DIRECTORIES LINK_LIBRARIES HEADER
              ASSIGNMENTS MUTANTS)
    get_property(${key} GLOBAL PROPERTY SYNCLAB_${key}_${name})
  endforeach()
  string(MAKE_C_IDENTIFIER "${name}" ident)
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/synclab_${name}")
  set(plain_class_alias "")
  if(CLASS)
    set(plain_class_alias "// CLASS: the layers take a template <class P, class F>; the class is bound to the\n// binary's platform by synclab::seam (primitives/platform/bound.hpp), and has no F.\ntemplate <class P, class F = faithful>\nusing plain_class = ${CLASS};\n\n")
  endif()
  # The platform synclab::seam names in each binary (primitives/platform/bound.hpp):
  # Relacy's for the model checker, the native one for the stress run and the
  # benchmark, the native one with its waits observed for the property tests.
  foreach(binding "model|primitives/platform/relacy.hpp|platform::relacy"
                  "native|primitives/platform/native.hpp|platform::native"
                  "observed|properties/waiting_observed.hpp|properties::waiting_observed")
    string(REPLACE "|" ";" binding "${binding}")
    list(GET binding 0 kind)
    list(GET binding 1 include)
    list(GET binding 2 platform)
    file(CONFIGURE OUTPUT "${dir}/${kind}_platform/synclab/bound_platform.hpp" CONTENT
      "// Generated by synclab_add_primitive(${name}): do not edit.\n// The platform of synclab::seam in this binary (primitives/platform/bound.hpp).\n#pragma once\n\n#include \"${include}\"\n\nnamespace synclab {\nusing bound_platform = ${platform};\n}  // namespace synclab\n" @ONLY)
  endforeach()

  # The user's mutants, each a mutant of the one implementation.
  set(mutant_lines "")
  set(sep "")
  foreach(m IN LISTS MUTANTS)
    string(REPLACE "|" ";" m "${m}")
    list(GET m 0 mutant)
    list(GET m 1 fault)
    list(GET m 2 verdict)
    list(GET m 3 suite)
    list(GET m 4 description)
    list(GET m 5 stress)
    list(GET m 6 property)
    set(type "mutant<\"${name}~${mutant}\", ${fault}, \"${description}\", expectations{model_verdict_named(\"${verdict}\"), stress_verdict_named(\"${stress}\"), property_verdict_named(\"${property}\")}, implementations>")
    if(suite)
      set(type "caught_in<${type}, \"${suite}\">")
    endif()
    string(APPEND mutant_lines "${sep}\n    ${type}")
    set(sep ",")
  endforeach()

  # The model layer's instances: those the plan runs within THREADS, and the
  # bounded search with 2 threads (the minimal counterexample's first step).
  set(max_threads 0)  # no cap
  if(THREADS)
    set(max_threads ${THREADS})
  else()
    set(THREADS 4)
  endif()
  set(instances "full:2" "bound:2")
  if(THREADS GREATER_EQUAL 3)
    list(APPEND instances "bound:3")
  else()
    list(APPEND instances "random:2")
  endif()
  if(THREADS GREATER_EQUAL 4)
    list(APPEND instances "random:4")
  elseif(THREADS EQUAL 3)
    list(APPEND instances "random:3")
  endif()
  set(instance_items "")
  foreach(instance IN LISTS instances)
    string(REPLACE ":" ";" pair "${instance}")
    list(GET pair 0 KIND)
    list(GET pair 1 T)
    list(APPEND instance_items "{search::${KIND}, ${T}}")
  endforeach()
  list(JOIN instance_items ", " instance_items)

  file(CONFIGURE OUTPUT "${dir}/synclab/model_instances.hpp" CONTENT
    "// Generated by synclab_add_primitive(${name}): do not edit.\n#pragma once\n\nnamespace synclab::models {\n\ninline constexpr built_instance built_instances[] = {${instance_items}};\n\n// How replay lines start (cli.cpp): empty, the binary's own path.\ninline constexpr const char* check_command = \"\";\n\n}  // namespace synclab::models\n" @ONLY)
  # Its concept's interface, checked with one message (the concepts are in
  # primitives/interfaces.hpp), in each layer's own translation unit over that
  # layer's platform (@P@ below).
  set(needs_mutex "lock(), try_lock() returning bool, unlock() (std::mutex's)")
  set(needs_semaphore "a constructor from the initial count, static max(), acquire(), try_acquire(), try_acquire_for(d), try_acquire_until(t), release(), release(n) (std::counting_semaphore's)")
  set(needs_condvar "notify_one(), notify_all(), wait(lock), wait_for(lock, d), wait_until(lock, t) (std::condition_variable_any's)")
  set(needs_rwlock "lock(), try_lock() returning bool, unlock(), lock_shared(), try_lock_shared() returning bool, unlock_shared() (std::shared_mutex's)")
  set(interface_check "")
  if(DEFINED needs_${CONCEPT})
    set(interface_check "static_assert(synclab::${CONCEPT}_interface<${TEMPLATE}<@P@>>,\n              \"${TEMPLATE} lacks part of a ${CONCEPT}'s interface; a ${CONCEPT} has ${needs_${CONCEPT}}\");\n")
  endif()
  string(REPLACE "@P@" "synclab::models::P" model_interface_check "${interface_check}")
  string(REPLACE "@P@" "synclab::platform::native" native_interface_check "${interface_check}")

  # The primitive as a registry of one entry, and its mutants: what the
  # layers' binaries check.
  file(CONFIGURE OUTPUT "${dir}/synclab/user_primitive.hpp" CONTENT
"// Generated by synclab_add_primitive(${name}): do not edit.
// ${name}, a ${CONCEPT}: its registry entry and its mutants.
#pragma once

#include \"primitives/${CONCEPT}/registry.hpp\"
#include \"primitives/interfaces.hpp\"
#include \"primitives/mutants.hpp\"
#include \"${HEADER}\"

namespace synclab::user_${ident} {

${plain_class_alias}template <template <class, class> class> inline constexpr bool takes_platform_and_fault_policy = true;
static_assert(takes_platform_and_fault_policy<${TEMPLATE}>);  // ${TEMPLATE} must be template <class P, class F = synclab::faithful>: P the platform seam (atomics, futex, spin pause: docs/architecture.md), F the fault policy

inline constexpr ${CONCEPT}_properties properties = [] {
    using namespace synclab::property_values;  // preference=writers: rwlock_preference::writers
    ${CONCEPT}_properties p{};${ASSIGNMENTS}
    return p;
}();
using implementations = registry<implementation<\"${name}\", ${TEMPLATE}, \"${DESCRIPTION}\", properties>>;
using expectations = mutant_expectations;
// A mutant that names the suite (or family) that must catch it.
template <class M, fixed_string Suite>
struct caught_in : M {
    static constexpr std::string_view suite = Suite;
};
using mutants = registry<${mutant_lines}>;
inline constexpr unsigned max_threads = ${max_threads};  // 0: no cap
inline constexpr std::uint64_t full_search_cap = ${FULL_SEARCH_CAP};  // 0: the concept's

}  // namespace synclab::user_${ident}

namespace synclab {
namespace user_primitive = user_${ident};
}  // namespace synclab
" @ONLY)
  file(CONFIGURE OUTPUT "${dir}/synclab/model_concepts.hpp" CONTENT
"// Generated by synclab_add_primitive(${name}): do not edit.
// The model layer of this binary: ${name}, a ${CONCEPT}, alone.
#pragma once

#include \"models/${CONCEPT}_suites.hpp\"
#include \"models/single_primitive.hpp\"
#include \"synclab/user_primitive.hpp\"

${model_interface_check}
namespace synclab::models {

using user_concept = single_primitive_concept<${CONCEPT}_concept, user_primitive::implementations,
                                              user_primitive::mutants, user_primitive::max_threads,
                                              user_primitive::full_search_cap>;
using concepts = concept_list<user_concept>;

}  // namespace synclab::models
" @ONLY)

  set(sources "${SYNCLAB_DATA_DIR}/models/cli.cpp" "${SYNCLAB_DATA_DIR}/models/plan.cpp"
              "${SYNCLAB_DATA_DIR}/models/sized_delete.cpp")
  foreach(instance IN LISTS instances)
    string(REPLACE ":" ";" pair "${instance}")
    list(GET pair 0 KIND)
    list(GET pair 1 T)
    set(source "${dir}/search_${KIND}${T}.cpp")
    file(CONFIGURE OUTPUT "${source}" CONTENT
      "// Generated by synclab_add_primitive(${name}): do not edit.\n#include \"models/dispatch.hpp\"\n\nnamespace synclab::models {\n\ntemplate bool run_search<user_concept, search::${KIND}, ${T}>(const job& j, outcome& o);\n\n}  // namespace synclab::models\n" @ONLY)
    list(APPEND sources "${source}")
  endforeach()
  target_sources(synclab_model_${name} PRIVATE ${sources})
  # The generated headers first, so they stand in for synclab's own lists.
  target_include_directories(synclab_model_${name} BEFORE PRIVATE "${dir}" "${dir}/model_platform")
  target_include_directories(synclab_model_${name} PRIVATE ${INCLUDE_DIRECTORIES})
  target_link_libraries(synclab_model_${name} PRIVATE synclab::primitives ${LINK_LIBRARIES})
  target_compile_features(synclab_model_${name} PRIVATE cxx_std_20)
  synclab_model_options(synclab_model_${name})  # as synclab's own (model_options.cmake)
  synclab_tests_from_binary(TARGET synclab_model_${name} LAYER model NAME model_${name}
    GENERATOR "${SYNCLAB_DATA_DIR}/models/generate_tests.cmake"
    DEFINES -DMODEL=$<TARGET_FILE:synclab_model_${name}>)

  # The stress layer: synclab's ThreadSanitizer harness with one family, this
  # primitive's, through its concept's runner (stress/<concept>_family.hpp).
  file(CONFIGURE OUTPUT "${dir}/synclab/stress_families.hpp" CONTENT
    "// Generated by synclab_add_primitive(${name}): do not edit.\n#pragma once\n\nnamespace synclab::stress {\n\nconst family& user_family();\n\ninline const family* const* all_families() {\n    static const family* const list[] = {&user_family(), nullptr};\n    return list;\n}\n\n}  // namespace synclab::stress\n" @ONLY)
  file(CONFIGURE OUTPUT "${dir}/stress_family.cpp" CONTENT
    "// Generated by synclab_add_primitive(${name}): do not edit.\n#include \"stress/${CONCEPT}_family.hpp\"\n#include \"synclab/user_primitive.hpp\"\n\n${native_interface_check}\nnamespace synclab::stress {\n\nconst family& user_family() {\n    return make_family<${CONCEPT}_runner, user_primitive::implementations, user_primitive::mutants, registry<>,\n                       user_primitive::max_threads>();\n}\n\n}  // namespace synclab::stress\n" @ONLY)
  set(stress_sources "")
  foreach(source main.cpp options.cpp stats.cpp torture.cpp watchdog.cpp tsan_hook.cpp result_line.cpp)
    list(APPEND stress_sources "${SYNCLAB_DATA_DIR}/stress/${source}")
  endforeach()
  target_sources(synclab_stress_${name} PRIVATE ${stress_sources} "${dir}/stress_family.cpp")
  target_include_directories(synclab_stress_${name} BEFORE PRIVATE "${dir}" "${dir}/native_platform"
                             "${SYNCLAB_INCLUDE_DIR}/stress")
  target_include_directories(synclab_stress_${name} PRIVATE ${INCLUDE_DIRECTORIES})
  target_link_libraries(synclab_stress_${name} PRIVATE synclab::primitives ${LINK_LIBRARIES})
  target_compile_features(synclab_stress_${name} PRIVATE cxx_std_20)
  target_compile_options(synclab_stress_${name} PRIVATE -fsanitize=thread -g -O1)
  target_link_options(synclab_stress_${name} PRIVATE -fsanitize=thread)
  # The report hook runs inside TSan's report path: it must not be instrumented.
  set_source_files_properties("${SYNCLAB_DATA_DIR}/stress/tsan_hook.cpp" TARGET_DIRECTORY synclab_stress_${name}
                              PROPERTIES COMPILE_OPTIONS -fno-sanitize=thread)
  find_program(SYNCLAB_SETARCH setarch)
  if(NOT SYNCLAB_SETARCH)
    set(SYNCLAB_SETARCH "")
  endif()
  synclab_tests_from_binary(TARGET synclab_stress_${name} LAYER stress NAME stress_${name}
    GENERATOR "${SYNCLAB_DATA_DIR}/stress/generate_tests.cmake"
    DEFINES -DEXE=$<TARGET_FILE:synclab_stress_${name}> -DSETARCH=${SYNCLAB_SETARCH}
            -DRUN_CHECK=${SYNCLAB_DATA_DIR}/stress/run_check.cmake)

  # The property layer: synclab's rapidcheck tests of the concept (the
  # sequential model, concurrent histories, linearizability for queues),
  # registered for this one entry (properties/<concept>_properties.hpp).
  file(CONFIGURE OUTPUT "${dir}/synclab/property_concepts.hpp" CONTENT
    "// Generated by synclab_add_primitive(${name}): do not edit.\n#pragma once\n#include \"properties/registration.hpp\"\n\nnamespace synclab::properties {\n\n// Empty: replay commands name the binary by its own path (result_line.hpp).\ninline constexpr const char* replay_binary_default = \"\";\n\nvoid register_user_properties(const settings& s);\n\ninline constexpr void (*concept_registrations[])(const settings&) = {register_user_properties};\n\n}  // namespace synclab::properties\n" @ONLY)
  file(CONFIGURE OUTPUT "${dir}/properties_user.cpp" CONTENT
"// Generated by synclab_add_primitive(${name}): do not edit.
// The property tests of ${name} and its mutants, and the ids this binary covers.
#include \"properties/${CONCEPT}_properties.hpp\"
#include \"synclab/user_primitive.hpp\"

${native_interface_check}
namespace synclab::properties {

void register_user_properties(const settings& s) {
    settings within = s;
    within.max_threads = user_primitive::max_threads;  // THREADS
    register_${CONCEPT}_entries<user_primitive::implementations, user_primitive::mutants>(within);
}

std::vector<std::string> covered_ids() { return {\"${name}\"}; }

std::vector<mutant_row> covered_mutants() {
    std::vector<mutant_row> rows;
    user_primitive::mutants::for_each([&]<class E>() {
        rows.push_back({std::string(E::id), std::string(spelled(E::expected.property))});
    });
    return rows;
}

}  // namespace synclab::properties
" @ONLY)
  set(property_sources "${dir}/properties_user.cpp")
  foreach(source main.cpp history.cpp scenario.cpp linearizability.cpp container_spec.cpp queue_scenario.cpp
                 fairness.cpp)
    list(APPEND property_sources "${SYNCLAB_DATA_DIR}/properties/${source}")
  endforeach()
  target_sources(synclab_properties_${name} PRIVATE ${property_sources})
  target_include_directories(synclab_properties_${name} BEFORE PRIVATE "${dir}" "${dir}/observed_platform"
                             "${SYNCLAB_INCLUDE_DIR}/properties")
  target_include_directories(synclab_properties_${name} PRIVATE ${INCLUDE_DIRECTORIES})
  target_link_libraries(synclab_properties_${name} PRIVATE synclab::primitives rapidcheck_gtest rapidcheck GTest::gtest
                        ${LINK_LIBRARIES})
  target_compile_features(synclab_properties_${name} PRIVATE cxx_std_20)
  gtest_discover_tests(synclab_properties_${name} TEST_PREFIX "property." DISCOVERY_MODE PRE_TEST
                       PROPERTIES LABELS property TIMEOUT 120)
  # A mutant given a PROPERTY verdict: the binary run on it (--id=) must catch
  # it, i.e. exit 1.
  foreach(m IN LISTS MUTANTS)
    string(REPLACE "|" ";" m "${m}")
    list(GET m 0 mutant)
    list(GET m 6 property)
    if(NOT property STREQUAL "not-asserted")
      add_test(NAME "property.mutant.${name}~${mutant}"
               COMMAND synclab_properties_${name} "--id=${name}~${mutant}" --hang-limit=2)
      set_tests_properties("property.mutant.${name}~${mutant}" PROPERTIES LABELS property TIMEOUT 120 WILL_FAIL TRUE)
    endif()
  endforeach()

  _synclab_add_bench(${name} ${CONCEPT} "${dir}")
endfunction()

# The benchmark layer: synclab's scenarios of the concept (bench/<concept>.cpp),
# with NAME beside synclab's implementations of that concept and the peers, in
# synclab's own harness, and the same report. NAME joins as a candidate
# (bench_candidates.hpp): the scenarios above its THREADS are not registered
# for it. Needs Google Benchmark and the concept's peer libraries
# (bench/<concept>.cmake names them); without them there is no benchmark
# target, and a warning says what to install.
function(_synclab_add_bench name concept dir)
  set(bench_dir "${SYNCLAB_DATA_DIR}/bench")
  include("${bench_dir}/${concept}.cmake")
  set(missing "")
  find_package(benchmark QUIET)
  if(NOT benchmark_FOUND)
    list(APPEND missing "Google Benchmark")
  endif()
  foreach(package IN LISTS synclab_bench_${concept}_packages)
    find_package(${package} QUIET)
    if(NOT ${package}_FOUND)
      list(APPEND missing "${package}")
    endif()
  endforeach()
  foreach(header IN LISTS synclab_bench_${concept}_headers)
    string(MAKE_C_IDENTIFIER "${header}" variable)
    find_path(SYNCLAB_PEER_HEADER_${variable} "${header}")
    if(NOT SYNCLAB_PEER_HEADER_${variable})
      list(APPEND missing "${header}")
    endif()
  endforeach()
  if(missing)
    list(JOIN missing ", " missing)
    message(WARNING "synclab_add_primitive(${name}): no benchmark (synclab_bench_${name}): it needs ${missing}. "
                    "apt-get install libbenchmark-dev ${synclab_bench_${concept}_debian}, then configure again.")
    return()
  endif()

  file(CONFIGURE OUTPUT "${dir}/synclab/bench_concepts.hpp" CONTENT
"// Generated by synclab_add_primitive(${name}): do not edit.
// The benchmark of this binary: the ${concept} scenarios only.
#pragma once

namespace synclab::bench {

void register_${concept}_benchmarks();
std::vector<std::string> ${concept}_ids();
std::vector<std::string> ${concept}_peer_ids();

inline constexpr concept_benchmarks all_concepts[] = {
    {\"${concept}\", &register_${concept}_benchmarks, &${concept}_ids, &${concept}_peer_ids}};

}  // namespace synclab::bench
" @ONLY)
  file(CONFIGURE OUTPUT "${dir}/synclab/bench_candidates.hpp" CONTENT
"// Generated by synclab_add_primitive(${name}): do not edit.
// ${name}, benchmarked beside synclab's ${concept} implementations and the peers.
#pragma once

#include \"synclab/user_primitive.hpp\"

namespace synclab::bench {

using ${concept}_candidates = user_primitive::implementations;
inline constexpr unsigned candidate_max_threads = user_primitive::max_threads;  // THREADS (0: any)

}  // namespace synclab::bench
" @ONLY)

  # The concept's sources, as bench/CMakeLists.txt picks them, and the peers.
  include("${CMAKE_CURRENT_FUNCTION_LIST_DIR}/synclab_bench.cmake")
  synclab_bench_sources("${bench_dir}" ${concept} sources)
  synclab_peer_libraries("${SYNCLAB_DATA_DIR}")
  add_executable(synclab_bench_${name} "${bench_dir}/main.cpp" "${bench_dir}/harness.cpp"
                 "${bench_dir}/sync_harness.cpp" "${bench_dir}/placement.cpp" ${sources})
  get_property(include_directories GLOBAL PROPERTY SYNCLAB_INCLUDE_DIRECTORIES_${name})
  get_property(link_libraries GLOBAL PROPERTY SYNCLAB_LINK_LIBRARIES_${name})
  target_include_directories(synclab_bench_${name} BEFORE PRIVATE "${dir}" "${dir}/native_platform")
  target_include_directories(synclab_bench_${name} PRIVATE ${include_directories})
  target_link_libraries(synclab_bench_${name} PRIVATE synclab::primitives benchmark::benchmark
                        ${synclab_bench_${concept}_libraries} ${link_libraries})
  target_compile_features(synclab_bench_${name} PRIVATE cxx_std_20)
  target_compile_options(synclab_bench_${name} PRIVATE -O2)

  # Its scenarios, short, as a test (label bench): each must finish with no
  # failed scenario (threads stuck, a broken invariant), and there must be some.
  add_test(NAME bench.${name}
           COMMAND synclab_bench_${name} --quick "--benchmark_filter=/${name}(/|$)" --benchmark_color=false)
  set_tests_properties(bench.${name} PROPERTIES LABELS bench TIMEOUT 300
                       FAIL_REGULAR_EXPRESSION "ERROR OCCURRED;Failed to match any benchmarks")

  # The report: bench.md and plots under synclab-report/NAME of the build tree,
  # NAME among synclab's implementations and the peers. SYNCLAB_BENCH_REPORT_ARGS
  # are report.py's flags (--quick, --repetitions N, ids or concept names).
  find_package(Python3 REQUIRED COMPONENTS Interpreter)
  set(SYNCLAB_BENCH_REPORT_ARGS "--quick" CACHE STRING "flags of the benchmark report (bench/report.py)")
  separate_arguments(report_args UNIX_COMMAND "${SYNCLAB_BENCH_REPORT_ARGS}")
  add_custom_target(synclab_bench_report_${name}
    COMMAND ${Python3_EXECUTABLE} "${bench_dir}/report.py" --bench $<TARGET_FILE:synclab_bench_${name}>
            --out "${CMAKE_BINARY_DIR}/synclab-report/${name}" ${report_args}
    DEPENDS synclab_bench_${name} USES_TERMINAL
    COMMENT "Benchmarking ${name} beside synclab's ${concept} implementations and the peers")
endfunction()
