// What the per-concept test files share: the settings, the ids and mutants
// covered, and the walk over a concept's entries. Each concept has its
// properties/<c>_tests.cpp defining register_<c>_properties(const settings&),
// which registers its tests for every registry entry (and, with
// settings::mutants, every mutant); the list of those functions is generated
// from primitives/concepts.tsv (synclab/property_concepts.hpp).
#pragma once

#include <string>
#include <vector>

namespace synclab::properties {

struct settings {
    int runs = 6;                // runs of each generated concurrent mutex scenario
    int sequential_cases = 100;  // rapidcheck max_success defaults (RC_PARAMS wins)
    int concurrent_cases = 150;
    int buffer_runs = 3;             // runs of each generated bounded-buffer scenario
    int buffer_cases = 40;
    int semaphore_cases = 100;       // the sequential semaphore model
    int initial_count_cases = 50;    // construction with a bad count
    int fairness_cases = 25;
    // Also register the tests of every mutant (the family lists in
    // primitives/*/mutants.hpp), under the same suite names with the mutant's
    // id (Concurrent.mutex.tas~load-store). Off by default, so CTest (which
    // lists the tests without flags) sees only the correct implementations;
    // on for --id=MUTANT, which the bug zoo runs.
    bool mutants = false;
    // The most threads a scenario runs (0: each generator's own limit): a
    // primitive made for two threads (THREADS 2 of synclab_add_primitive).
    unsigned max_threads = 0;
};

// The registry ids these tests cover: every concept's, in the list's order.
std::vector<std::string> covered_ids();

// Every mutant of those families with the verdict its list expects of this
// layer ("violation", "hang" or "not-asserted").
struct mutant_row {
    std::string id;
    std::string expected;
};
std::vector<mutant_row> covered_mutants();

// Every entry of a concept's registry, and with settings::mutants also every
// mutant of its list: fn.template operator()<E>() for each (the walk every
// register_<c>_properties makes).
template <class Registry, class Mutants, class Fn>
void for_each_checked(const settings& s, Fn fn) {
    Registry::for_each(fn);
    if (s.mutants) Mutants::for_each(fn);
}

}  // namespace synclab::properties
