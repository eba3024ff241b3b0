// Instantiates the engine for every checkable x suite x thread count of one
// search kind, and picks the instance a job names. Each search kind lives in its
// own translation unit (search_full.cpp, ...) so the two cores build them in
// parallel; the thread count each kind is instantiated for is chosen there
// (full: 2, bound: 3, random: 4; each more costs ~25 s of build per kind).
#pragma once

#include "models/checkables.hpp"
#include "models/engine.hpp"
#include "models/suites.hpp"

namespace synclab::models {

// Runs a job (defined in plan.cpp); false if its (id, suite, search, threads)
// was not instantiated.
bool run_job(const job& j, outcome& o);

template <search Kind, rl::thread_id_t N, class C, class S>
outcome run_instance(const job& j) {
    using suite = typename S::template type<C, N>;
    if constexpr (Kind == search::full) return run<suite, typename schedulers<N>::full>(j, rl::sched_full);
    if constexpr (Kind == search::bound) return run<suite, typename schedulers<N>::bound>(j, rl::sched_bound);
    if constexpr (Kind == search::random) return run<suite, typename schedulers<N>::random>(j, rl::sched_random);
}

template <search Kind, rl::thread_id_t... Ns>
bool dispatch(const job& j, outcome& o) {
    bool found = false;
    for_each_checkable([&]<class C>() {
        if (found || C::id() != j.id) return;
        mutex_suites::for_each([&]<class S>() {
            if (found || S::name != j.suite) return;
            ((j.threads == Ns && !found ? (o = run_instance<Kind, Ns, C, S>(j), found = true) : false), ...);
        });
    });
    return found;
}

}  // namespace synclab::models
