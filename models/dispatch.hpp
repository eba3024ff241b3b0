// Instantiates the engine for every entry x suite of one concept under one
// search kind, and picks the instance a job names. Each (concept, search kind)
// is its own translation unit (generated from search.cpp.in by CMake), so the
// two cores build them in parallel and a change to one concept's suites
// rebuilds only its own. Every instance costs build time (~0.5 s each), so
// each search kind is instantiated for few thread counts, the same for every
// concept (plan.hpp's built_instances): full search 2 threads (every
// interleaving only terminates that small), context-bounded 3 (and 2, for the
// minimal counterexample's search with fewer threads), random 4. A suite may leave a search kind out
// (suite::runs_under), and a broken variant is instantiated only for the suite
// that must catch it.
#pragma once

#include "models/concepts.hpp"
#include "models/engine.hpp"
#include "models/plan.hpp"

namespace synclab::models {

template <search Kind, rl::thread_id_t N, class C, class S>
outcome run_instance(const job& j) {
    using suite = guarded<typename S::template type<C, N>>;  // an exception is a verdict (engine.hpp)
    if constexpr (Kind == search::full) return run<suite, typename schedulers<N>::full>(j, rl::sched_full);
    if constexpr (Kind == search::bound) return run<suite, typename schedulers<N>::bound>(j, rl::sched_bound);
    if constexpr (Kind == search::random) return run<suite, typename schedulers<N>::random>(j, rl::sched_random);
}

template <class Concept, search Kind, int Threads>
bool dispatch(const job& j, outcome& o) {
    constexpr rl::thread_id_t N = Threads;
    if (j.kind != Kind || j.threads != Threads) return false;
    bool found = false;
    for_each_entry<Concept>([&]<class E>() {
        if (found || E::id != j.id) return;
        Concept::suites::for_each([&]<class S>() {
            if constexpr (runs_suite<E, S>() && S::runs_under(Kind)) {
                if (found || S::name != j.suite) return;
                o = run_instance<Kind, N, checkable<E>, S>(j);
                found = true;
            }
        });
    });
    return found;
}

// Declared in plan.hpp; each generated search_<concept>_<kind><threads>.cpp
// holds the explicit instantiation of one (concept, kind, threads).
template <class Concept, search Kind, int Threads>
bool run_search(const job& j, outcome& o) {
    return dispatch<Concept, Kind, Threads>(j, o);
}

}  // namespace synclab::models
