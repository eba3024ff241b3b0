// The command line of synclab_stress.
//
//   synclab_stress --list | --list-mutants
//   synclab_stress ID|all [--threads N] [--seconds S] [--watchdog S] [--seed S] [--mutex ID|all]
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace synclab::stress {

// A spin lock, beside the futex mutex that sleeps: the condition variable then
// also runs with a lock whose waiters never enter the kernel. Not a FIFO spin
// lock: those convoy when threads outnumber cores (see generate_tests.cmake).
inline constexpr std::string_view default_condvar_mutex = "mutex.ttas";

struct options {
    bool list = false;
    bool list_mutants = false;  // --list-mutants: ids that must fail, each with what it must produce
    std::string target;          // an id, or "all"
    unsigned threads = 4;        // the machine has 2 cores: oversubscribed by default
    double seconds = 5.0;        // per id
    double watchdog = 2.0;       // seconds without progress before the run fails
    std::uint64_t seed = 1;
    // The second mutex the condition variables' bounded buffer runs with
    // (beside mutex.futex): a mutex registry id, or "all". Only condvar ids use it.
    std::string mutex = std::string(default_condvar_mutex);
};

constexpr unsigned max_threads = 256;

// Parses argv. On bad input prints what is wrong (naming the flag and what it
// accepts) and the usage to stderr, and returns nothing: the caller exits 2.
std::optional<options> parse(int argc, char** argv);

void print_usage(const char* prog);

}  // namespace synclab::stress
