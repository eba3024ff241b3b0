// synclab_stress: the ThreadSanitizer torture harness for every implementation
// in the registries of primitives/ (mutexes, counting semaphores, condition
// variables), their mutants, and the harness's self-tests (the toys of primitives/<c>/toys.hpp).
//
//   synclab_stress --list            every id, one a line
//   synclab_stress --list-mutants    each mutant or self-test with what it must produce
//   synclab_stress ID|all [--threads N] [--seconds S] [--watchdog S] [--seed S] [--mutex ID|all]
//
// Exit status: 0 pass; 1 failure (broken invariant, checksum, watchdog, or a
// ThreadSanitizer report: TSan then exits 66 by itself); 2 bad input.
#include <cstdio>
#include <string_view>
#include <vector>

#include "family.hpp"
#include "options.hpp"
#include "stats.hpp"

namespace {

using namespace synclab::stress;

// Registry ids first (what `all` runs), then every mutant and self-test.
void print_ids(std::FILE* to) {
    for (const family* const* f = all_families(); *f; ++f) (*f)->print_registry_ids(to);
    for (const family* const* f = all_families(); *f; ++f) (*f)->print_other_ids(to);
}

}  // namespace

int main(int argc, char** argv) {
    const auto opt = parse(argc, argv);
    if (!opt) return 2;
    if (opt->list) {
        print_ids(stdout);
        return 0;
    }
    if (opt->list_mutants) {
        for (const family* const* f = all_families(); *f; ++f) (*f)->print_mutants(stdout);
        return 0;
    }

    std::vector<run_result> results;
    if (opt->target == "all") {
        for (const family* const* f = all_families(); *f; ++f) (*f)->run_all(*opt, results);
        print_summary(results);
    } else {
        bool found = false;
        for (const family* const* f = all_families(); *f && !found; ++f) found = (*f)->run(opt->target, *opt, results);
        if (!found) {
            std::size_t runs_all = 0;
            for (const family* const* f = all_families(); *f; ++f) runs_all += (*f)->registry_size;
            std::fprintf(stderr, "synclab_stress: unknown id '%s'; known ids ('all' runs the first %zu):\n",
                         opt->target.c_str(), runs_all);
            print_ids(stderr);
            return 2;
        }
    }
    for (const run_result& r : results) {
        if (!r.passed()) return 1;
    }
    return 0;
}
