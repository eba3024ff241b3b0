// Registration of the per-implementation property tests.
#pragma once

#include <string>
#include <vector>

namespace synclab::proofs {

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
};

// The registry ids these tests cover (mutexes, semaphores, condition
// variables, queues), in registry order.
std::vector<std::string> covered_ids();

// Every mutant of those families with the verdict its list expects of this
// layer ("violation", "hang" or "not-asserted").
struct mutant_row {
    std::string id;
    std::string expected;
};
std::vector<mutant_row> covered_mutants();

// Each register_* below registers its tests for every registry entry, and
// with settings::mutants also for every mutant of the family.

// registry_tests.cpp: Sequential.<id> and Concurrent.<id> for every
// mutex_registry entry.
void register_registry_tests(const settings& s);

// semaphore_tests.cpp: Sequential.<id> and InitialCount.<id> for every
// semaphore_registry entry.
void register_semaphore_tests(const settings& s);

// buffer_tests.cpp: BoundedBuffer.semaphore_queue.<semaphore id> for every
// semaphore, BoundedBuffer.blocking_queue.<mutex id>.<condvar id> for every
// condition variable with one mutex of each property profile.
void register_buffer_tests(const settings& s);

// queue_tests.cpp: Queue.<id> for every queue_registry entry, QueuePeer.<peer>
// for the peer queues that claim FIFO (each with its expected verdict).
void register_queue_tests(const settings& s);

// fairness_tests.cpp: Fairness.<id> for every semaphore and condition variable
// whose entry says fifo.
void register_fairness_tests(const settings& s);

}  // namespace synclab::proofs
