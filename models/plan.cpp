// The default budget and the dispatch of a job to the translation unit that
// instantiated its search kind.
#include "models/plan.hpp"

#include "models/dispatch.hpp"

namespace synclab::models {

bool run_full(const job& j, outcome& o);
bool run_bound(const job& j, outcome& o);
bool run_random(const job& j, outcome& o);

bool run_job(const job& j, outcome& o) {
    switch (j.kind) {
    case search::full: return run_full(j, o);
    case search::bound: return run_bound(j, o);
    case search::random: return run_random(j, o);
    }
    return false;
}

namespace {

// ops per thread and iterations for one suite in one configuration.
struct knobs {
    int ops;
    std::uint64_t iterations;
};

configuration make(search kind, int threads, unsigned bound, knobs (*pick)(std::string_view suite)) {
    configuration c{kind, threads, bound, {}};
    for (std::string_view name : mutex_suites::names) {
        const knobs k = pick(name);
        c.suites.push_back({std::string(name), k.ops, k.iterations});
    }
    return c;
}

}  // namespace

// Measured here (2 cores, RelWithDebInfo), per suite exclusion / mixed / try_lock:
//   full, 2 threads x 2 cycles: futex 66k / 49k / 4k iterations (0.1 s); ticket
//     6.0M / 1.0M / 38k (9 s); mcs does not finish (over 24M), so the cap: mcs
//     stops at 6M + 6M (~24 s). 3 cycles explode for every implementation.
//   bound 2, 3 threads x 2 cycles: at most 245k / 109k / 654k (mcs, futex), ~1.5 s
//     per id; bound 3 took 10-60 s per suite (futex try_lock: 21M iterations).
//   random, 4 threads x 3 cycles: 200k iterations cost 0.3-1.8 s per suite.
// Whole default budget per id: mcs ~30 s, ticket ~15 s, the others under 5 s.
std::vector<configuration> default_plan() {
    return {
        // 2 threads, every interleaving: 2 cycles each, capped at 6M iterations.
        make(search::full, 2, 0, [](std::string_view) { return knobs{2, 6'000'000}; }),
        // 3 threads, at most 2 preemptions, to the end of the bounded tree.
        make(search::bound, 3, 2, [](std::string_view) { return knobs{2, 0}; }),
        // 4 threads, random interleavings.
        make(search::random, 4, 0, [](std::string_view) { return knobs{3, 200'000}; }),
    };
}

}  // namespace synclab::models
