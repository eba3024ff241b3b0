// One concept's part of synclab_stress: its registry, its mutants and
// self-tests, and how to run an id of them. Each concept's runner, which runs
// one entry through that concept's scenarios, is <name>_family.hpp; each
// family is its own translation unit (<name>_family.cpp for each concept of
// primitives/concepts.tsv: make_family over the runner and synclab's lists),
// so the instantiations of one concept compile apart from the others';
// main.cpp only walks the list. A user's primitive (the installed package's
// synclab_add_primitive) is a family of its own: the same runner over a
// registry of one entry. Every function iterates the lists: no id is wired by
// hand.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string_view>
#include <vector>

#include "options.hpp"
#include "primitives/mutants.hpp"
#include "result_line.hpp"
#include "stats.hpp"
#include "watchdog.hpp"

namespace synclab::stress {

struct family {
    std::size_t registry_size;                   // how many ids `all` runs
    void (*print_registry_ids)(std::FILE* to);   // those ids, one a line
    void (*print_other_ids)(std::FILE* to);      // its mutants and self-tests, one a line
    void (*print_mutants)(std::FILE* to);        // "ID EXPECTATION" for each of them
    // Runs the id if it is one of this family's (printing as it goes); false if not.
    bool (*run)(std::string_view id, const options& opt, std::vector<run_result>& out);
    void (*run_all)(const options& opt, std::vector<run_result>& out);  // every registry id
};

}  // namespace synclab::stress

// <name>_family() for each concept of primitives/concepts.tsv (each defined in
// stress/<name>_family.cpp), and all_families(): them in the list's order, the
// order --list and `all` walk them.
#include "synclab/stress_families.hpp"

namespace synclab::stress {

// Prints the ids of a registry, one a line.
template <class Registry>
void print_ids_of(std::FILE* to) {
    Registry::for_each([&]<class E>() { std::fprintf(to, "%.*s\n", static_cast<int>(E::id.size()), E::id.data()); });
}

// Prints "ID EXPECTATION" for a list of mutants (mutant<>) ...
template <class Mutants>
void print_mutant_expectations(std::FILE* to) {
    Mutants::for_each([&]<class M>() {
        std::fprintf(to, "%.*s %s\n", static_cast<int>(M::id.size()), M::id.data(), spelled(M::expected.stress).data());
    });
}
// ... and for a list of self-tests (selftest_properties).
template <class Selftests>
void print_selftest_expectations(std::FILE* to) {
    Selftests::for_each([&]<class E>() {
        std::fprintf(to, "%.*s %s\n", static_cast<int>(E::id.size()), E::id.data(), spelled(E::properties.expect));
    });
}

// The options an entry runs with: --threads capped at max_threads (0: no
// cap), for a primitive made for a bounded number of threads (Peterson's lock
// serves two), which more threads would fail by design.
inline options within_threads(const options& opt, unsigned max_threads) {
    options o = opt;
    if (max_threads != 0 && o.threads > max_threads) {
        std::printf("--threads %u capped at %u: the primitive serves at most %u threads\n", o.threads, max_threads,
                    max_threads);
        o.threads = max_threads;
    }
    return o;
}

// The known defect an entry's registry line declares, if it can hang the run
// (the watchdog then says so): a semaphore registered with loses_wake_ups.
template <class Entry>
constexpr const char* known_hang_defect_of() {
    if constexpr (requires { Entry::properties.loses_wake_ups; }) {
        if (Entry::properties.loses_wake_ups) {
            return "it is registered as losing wake-ups (loses_wake_ups: a waiter can sleep through a release "
                   "while permits are there)";
        }
    }
    return nullptr;
}

// Runs one entry: tells the watchdog the known defect its registry line
// declares, if any, then the concept's runner.
template <class Runner, class Entry>
void run_entry(const options& opt, std::vector<run_result>& out) {
    known_hang_defect = known_hang_defect_of<Entry>();
    Runner::template run<Entry>(opt, out);
}

// A concept's family from its runner and lists. Runner::run<Entry>(opt, out)
// runs one id through the concept's scenarios, appending its results.
// Registry: the ids `all` runs; Mutants and Selftests: the ids that must fail
// (registry<> when there are none); MaxThreads: as within_threads.
template <class Runner, class Registry, class Mutants, class Selftests, unsigned MaxThreads = 0>
const family& make_family() {
    static const family f{
        Registry::size,
        [](std::FILE* to) { print_ids_of<Registry>(to); },
        [](std::FILE* to) {
            print_ids_of<Mutants>(to);
            print_ids_of<Selftests>(to);
        },
        [](std::FILE* to) {
            print_mutant_expectations<Mutants>(to);
            print_selftest_expectations<Selftests>(to);
        },
        [](std::string_view id, const options& opt, std::vector<run_result>& out) {
            const auto run = [&]<class E>() { run_entry<Runner, E>(within_threads(opt, MaxThreads), out); };
            return Registry::visit(id, run) || Mutants::visit(id, run) || Selftests::visit(id, run);
        },
        [](const options& opt, std::vector<run_result>& out) {
            const options o = within_threads(opt, MaxThreads);
            Registry::for_each([&]<class E>() { run_entry<Runner, E>(o, out); });
        },
    };
    return f;
}

// The line each id's run starts with.
template <class Entry>
void print_run_header(const options& opt) {
    begin_id(Entry::id, opt);
    std::printf("[%.*s] %.*s: %u threads, %.1f s, watchdog %.1f s, seed %llu\n", static_cast<int>(Entry::id.size()),
                Entry::id.data(), static_cast<int>(Entry::description.size()), Entry::description.data(),
                opt.threads, opt.seconds, opt.watchdog, static_cast<unsigned long long>(opt.seed));
    std::fflush(stdout);
}

}  // namespace synclab::stress
