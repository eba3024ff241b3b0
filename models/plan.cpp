// The concepts' default budgets, and the table the command line reads.
#include "models/plan.hpp"

#include "models/concepts.hpp"

namespace synclab::models {

namespace {

// ops per thread and iterations for one suite in one configuration.
struct knobs {
    int ops;
    std::uint64_t iterations;
};

// One configuration running every suite of Concept built for this search
// kind, each sized by pick(family).
template <class Concept>
configuration make(search kind, unsigned bound, knobs (*pick)(std::string_view family)) {
    configuration c{kind, threads_of(kind), bound, {}};
    for (std::size_t s = 0; s < Concept::suites::size; ++s) {
        if (!Concept::suites::runs_under(s, kind)) continue;
        const knobs k = pick(Concept::suites::families[s]);
        c.suites.push_back({std::string(Concept::suites::names[s]), k.ops, k.iterations});
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
std::vector<configuration> mutex_concept::default_plan() {
    return {
        // 2 threads, every interleaving: 2 cycles each, capped at 6M iterations.
        make<mutex_concept>(search::full, 0, [](std::string_view) { return knobs{2, 6'000'000}; }),
        // 3 threads, at most 2 preemptions, to the end of the bounded tree.
        make<mutex_concept>(search::bound, 2, [](std::string_view) { return knobs{2, 0}; }),
        // 4 threads, random interleavings.
        make<mutex_concept>(search::random, 0, [](std::string_view) { return knobs{3, 200'000}; }),
    };
}

// Semaphores, measured here (2 cores, RelWithDebInfo, the seam as of this
// writing), per suite locker_room / buffer / timed / release_n:
//   full, 2 threads x 1 operation: ends for spin (136k / - / 1.1M / 1k),
//     mutex_cv (1.3k / 350 / 147k / 64) and std (3k / 884 / 581k / 110);
//     futex ends only release_n (375k); futex and ticket pass 5M elsewhere
//     without ending (timed-out and spurious wake-ups are choices at every
//     step). 2 operations: nothing but release_n ends within 5M.
//   bound 2, 3 threads x 1 operation: the locker room and release_n end for
//     most (futex locker_room 342k); buffer and timed pass 1M without ending
//     for futex, spin and ticket (2-5 s per million).
//   random, 4 threads x 2 operations: 50k iterations in 0.1-1.6 s per suite.
// Default budget per id: futex 7.8 s, spin 5.0 s, ticket 10.4 s, mutex_cv
// 3.9 s, std 3.4 s. Every broken variant of the family is caught within it.
std::vector<configuration> semaphore_concept::default_plan() {
    return {
        // 2 threads, every interleaving, one operation each, capped.
        make<semaphore_concept>(search::full, 0, [](std::string_view) { return knobs{1, 200'000}; }),
        // 3 threads, at most 2 preemptions, one operation each, capped.
        make<semaphore_concept>(search::bound, 2, [](std::string_view) { return knobs{1, 300'000}; }),
        // 4 threads, random interleavings, two operations each.
        make<semaphore_concept>(search::random, 0, [](std::string_view) { return knobs{2, 100'000}; }),
    };
}

// Condition variables, per suite buffer@<each mutex> / notify_all / timed:
//   full, 2 threads: notify_all and timed end for futex (26k / 38k), spin
//     (415 / 1.3k) and std (29 / 178), not ticket (over 2M); the buffer ends
//     only for std, so it is not built for the full search.
//   bound 2, 3 threads x 1 value per producer: the buffer ends for std with
//     every mutex (5k-507k), for spin with tas/ttas/std; with the others it
//     passes 100k at 3-7 s per million.
//   random, 4 threads x 2 values per producer: 50k iterations in 0.2-0.7 s per
//     buffer suite, 0.05-0.2 s for notify_all and timed.
// Default budget per id: futex 4.1 s, ticket 10.5 s, spin 3.5 s, std 4.1 s.
std::vector<configuration> condvar_concept::default_plan() {
    return {
        // 2 threads, every interleaving (notify_all and timed only: see condvar_suites.hpp).
        make<condvar_concept>(search::full, 0, [](std::string_view) { return knobs{1, 300'000}; }),
        // 3 threads, at most 2 preemptions; the buffer once per mutex.
        make<condvar_concept>(search::bound, 2, [](std::string_view family) {
            return family == "buffer" ? knobs{1, 100'000} : knobs{1, 300'000};
        }),
        // 4 threads, random interleavings.
        make<condvar_concept>(search::random, 0, [](std::string_view family) {
            return family == "buffer" ? knobs{2, 50'000} : knobs{1, 100'000};
        }),
    };
}

// Queues, measured here (2 cores, RelWithDebInfo), per suite transfer /
// full_empty / close:
//   full, 2 threads (1P1C) x 3 values through capacity 2 (the ring wraps):
//     none ends within 1M iterations (every spin on an empty or full queue is
//     a yield, so a branch); 1M transfer iterations take 3-5 s, full_empty
//     5-25 s (queue.blocking), close 4.8 s (queue.blocking; the close suite
//     is built for closable entries only). Every mutant of primitives/queue/mutants.hpp
//     fails at iteration 1 of the full transfer search.
//   bound 2, 3 threads x 2 values: transfer ends for spsc (1.8k), mpmc (213k),
//     blocking (27k); the semaphore queue passes 500k without ending (1.8 s).
//   random, 4 threads x 3 values: 100k iterations in 0.5-2 s per suite.
std::vector<configuration> queue_concept::default_plan() {
    return {
        // 2 threads (one producer, one consumer), every interleaving, capped.
        make<queue_concept>(search::full, 0, [](std::string_view family) {
            return family == "transfer" ? knobs{3, 500'000} : knobs{3, 150'000};
        }),
        // 3 threads (two producers, one consumer where allowed), at most 2 preemptions, capped.
        make<queue_concept>(search::bound, 2, [](std::string_view) { return knobs{2, 300'000}; }),
        // 4 threads (two and two where allowed), random interleavings.
        make<queue_concept>(search::random, 0, [](std::string_view) { return knobs{3, 50'000}; }),
    };
}

namespace {

std::string underscored(std::string s) {
    for (char& c : s) {
        if (c == ' ' || c == '-') c = '_';
    }
    return s;
}

}  // namespace

std::string verdict_name(rl::test_result_e r) { return underscored(rl::test_result_str(r)); }

std::string verdict_name(const outcome& o) { return underscored(verdict_text(o)); }

std::string verdict_name(model_verdict v) {
    switch (v) {
    case model_verdict::data_race: return verdict_name(rl::test_result_data_race);
    case model_verdict::deadlock: return verdict_name(rl::test_result_deadlock);
    case model_verdict::lost_wake_up: return "LOST_WAKE_UP";
    case model_verdict::livelock: return verdict_name(rl::test_result_livelock);
    case model_verdict::use_after_free: return verdict_name(rl::test_result_access_to_freed_memory);
    case model_verdict::reused_memory: return verdict_name(rl::test_result_unitialized_access);
    case model_verdict::assertion: return verdict_name(rl::test_result_user_assert_failed);
    }
    return "?";
}

std::vector<std::string> failure_verdicts() {
    std::vector<std::string> v;
    for (int r = rl::test_result_until_condition_hit; r <= rl::test_result_usage_of_non_initialized_event; ++r) {
        v.push_back(verdict_name(static_cast<rl::test_result_e>(r)));
    }
    v.push_back(verdict_name(model_verdict::lost_wake_up));
    return v;
}

bool concept_info::run(const job& j, outcome& o) const {
    for (std::size_t i = 0; i < runners.size(); ++i) {
        if (built_instances[i].kind == j.kind && built_instances[i].threads == j.threads) return runners[i](j, o);
    }
    return false;
}

const checkable_info* concept_info::find(std::string_view id) const {
    for (const auto& c : checkables) {
        if (c.id == id) return &c;
    }
    return nullptr;
}

bool concept_info::knows_suite(std::string_view selector) const {
    for (std::size_t s = 0; s < suites.size(); ++s) {
        if (selects(selector, families[s], suites[s]) && !selector.empty()) return true;
    }
    return false;
}

std::string concept_info::suite_list() const {
    std::string list;
    for (std::size_t s = 0; s < suites.size(); ++s) {
        for (const std::string& n : {families[s], suites[s]}) {
            if ((" " + list + " ").find(" " + n + " ") != std::string::npos) continue;
            list += list.empty() ? "" : " ";
            list += n;
        }
    }
    return list;
}

namespace {

template <class Concept>
concept_info describe() {
    concept_info info;
    info.name = Concept::name;
    for_each_entry<Concept>([&]<class E>() {
        checkable_info c;
        c.id = E::id;
        Concept::broken::for_each([&]<class B>() {
            if constexpr (std::is_same_v<B, E>) {
                c.broken = true;
                c.verdict = verdict_name(expected_verdict<B>());
                c.suite = catching_suite<B>();
            }
        });
        Concept::suites::for_each([&]<class S>() {
            if constexpr (!applies<E, S>()) c.inapplicable.emplace_back(S::name);
        });
        info.checkables.push_back(c);
    });
    for (std::size_t s = 0; s < Concept::suites::size; ++s) {
        info.suites.emplace_back(Concept::suites::names[s]);
        info.families.emplace_back(Concept::suites::families[s]);
    }
    info.plan = Concept::default_plan();
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (info.runners.push_back(&run_search<Concept, built_instances[I].kind, built_instances[I].threads>), ...);
    }(std::make_index_sequence<std::size(built_instances)>{});
    return info;
}

}  // namespace

const std::vector<concept_info>& all_concepts() {
    static const std::vector<concept_info> all = [] {
        std::vector<concept_info> v;
        concepts::for_each([&]<class Concept>() { v.push_back(describe<Concept>()); });
        return v;
    }();
    return all;
}

const concept_info* concept_of(std::string_view id, const checkable_info** entry) {
    for (const auto& c : all_concepts()) {
        if (const checkable_info* e = c.find(id)) {
            if (entry) *entry = e;
            return &c;
        }
    }
    return nullptr;
}

}  // namespace synclab::models
