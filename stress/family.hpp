// One concept's part of synclab_stress: its registry, its mutants and
// self-tests, and how to run an id of them. Each family is its own translation
// unit (<name>_family.cpp for each concept of primitives/concepts.tsv), so the
// instantiations of one concept compile apart from the others'; main.cpp only
// walks the list. Every function iterates the concept's lists: no id is wired
// by hand.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string_view>
#include <vector>

#include "options.hpp"
#include "primitives/mutex/mutants.hpp"
#include "result_line.hpp"
#include "stats.hpp"

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
