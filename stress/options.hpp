// The command line of synclab_stress.
//
//   synclab_stress --list | --list-mutants
//   synclab_stress ID|all [--threads N] [--seconds S] [--watchdog S] [--seed S]
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace synclab::stress {

struct options {
    bool list = false;
    bool list_mutants = false;  // --list-mutants: ids that must fail, each with what it must produce
    std::string target;          // an id, or "all"
    unsigned threads = 4;        // the machine has 2 cores: oversubscribed by default
    double seconds = 5.0;        // per id
    double watchdog = 2.0;       // seconds without progress before the run fails
    std::uint64_t seed = 1;
};

constexpr unsigned max_threads = 256;

// Parses argv. On bad input prints what is wrong (naming the flag and what it
// accepts) and the usage to stderr, and returns nothing: the caller exits 2.
std::optional<options> parse(int argc, char** argv);

void print_usage(const char* prog);

}  // namespace synclab::stress
