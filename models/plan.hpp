// The concepts as the command line sees them: for each, its checkable ids,
// its suites, its default budget (which configurations run, and each suite's
// size in them) and the search functions that run a job. Built from
// `concepts` (concepts.hpp, generated from primitives/concepts.tsv) in
// plan.cpp, so the command line itself instantiates no suite.
#pragma once

#include <stdexcept>

#include "models/engine.hpp"

namespace synclab::models {

struct suite_budget {
    std::string name;              // a suite of the concept
    int ops;                       // operations per thread
    std::uint64_t iterations;      // random: the count; full/bound: a cap (0: none)
};

struct configuration {
    search kind;
    int threads;
    unsigned context_bound;        // sched_bound only
    std::vector<suite_budget> suites;  // in the order a default run takes them
};

struct checkable_info {
    std::string id;
    bool broken = false;           // a variant that must fail
    std::string verdict;           // broken: the verdict it must get, as --expect spells it
    std::string suite;             // broken: the suite or family that must catch it; empty: every suite
    std::vector<std::string> inapplicable;  // suites that mean nothing for it (S::applies_to): not built
    std::vector<configuration> plan;        // its default budget: the concept's, fitted to it (fitted_plan)
};

struct concept_info {
    std::string name;                        // mutex, semaphore, condvar
    std::vector<checkable_info> checkables;  // registry order, then the broken variants
    std::vector<std::string> suites;         // every suite's name, in plan order
    std::vector<std::string> families;       // parallel to suites
    std::vector<configuration> plan;         // the default budget (an id may run its own: checkable_info::plan)
    // One per built_instances entry: false if the job's entry x suite is not built there.
    std::vector<bool (*)(const job&, outcome&)> runners;

    // Runs j under the instance built for its kind and thread count; false
    // when there is none (no such pair, or the entry x suite is not built).
    bool run(const job& j, outcome& o) const;

    const checkable_info* find(std::string_view id) const;
    // Whether `selector` is one of the suites' names or families.
    bool knows_suite(std::string_view selector) const;
    // "a b c": what --suite accepts for this concept.
    std::string suite_list() const;
};

const std::vector<concept_info>& all_concepts();

// The concept that owns id and its entry; nullptr when no concept knows it.
const concept_info* concept_of(std::string_view id, const checkable_info** entry = nullptr);

// Verdict names as --expect and --list-mutants spell them: Relacy's with '_'
// for ' ' ("DATA RACE" -> DATA_RACE), and LOST_WAKE_UP, synclab's own (a
// DEADLOCK the futex ledger explains, engine.hpp).
std::string verdict_name(rl::test_result_e r);
std::string verdict_name(const outcome& o);
std::string verdict_name(model_verdict v);
// Every failure verdict a run can end with, as verdict_name spells them.
std::vector<std::string> failure_verdicts();

// The (search kind, thread count) pairs the model checker is built for, the
// same for every concept: the default plan's three (threads_of) and the
// bounded search with 2 threads, where the minimal counterexample's search
// starts. The one list is model_instances in models/CMakeLists.txt, which
// generates one translation unit per concept and pair, and this array
// (synclab/model_instances.hpp) from it.
struct built_instance {
    search kind;
    int threads;
};
}  // namespace synclab::models
#include "synclab/model_instances.hpp"  // built_instances[], check_command
namespace synclab::models {

// Whether synclab_model has instances for kind with that many threads.
constexpr bool is_built(search kind, int threads) {
    for (const auto& b : built_instances) {
        if (b.kind == kind && b.threads == threads) return true;
    }
    return false;
}

// Operations per thread and iterations for one suite in one configuration.
struct knobs {
    int ops;
    std::uint64_t iterations;
};

// One configuration of a concept's default plan: every suite of Concept built
// for this search kind, each sized by pick(family).
template <class Concept>
configuration make_configuration(search kind, unsigned bound, knobs (*pick)(std::string_view family)) {
    configuration c{kind, threads_of(kind), bound, {}};
    for (std::size_t s = 0; s < Concept::suites::size; ++s) {
        if (!Concept::suites::runs_under(s, kind)) continue;
        const knobs k = pick(Concept::suites::families[s]);
        c.suites.push_back({std::string(Concept::suites::names[s]), k.ops, k.iterations});
    }
    return c;
}

// The default plan of one id: the concept's, fitted by the concept where it
// says so. A concept may define
//   static void fit_plan(std::string_view id, std::vector<configuration>& plan);
// for the ids whose trees cost far more than their siblings' at the same
// caps (a queue lock spins on its own node, and every spin is a branch), so
// that one slow entry costs neither its siblings' search nor a test timeout.
// The fitted plan keeps the concept's configurations and suites: only the
// sizes change, so a replay token found under the concept's plan still runs.
template <class Concept>
std::vector<configuration> fitted_plan(std::string_view id) {
    std::vector<configuration> plan = Concept::default_plan();
    if constexpr (requires { Concept::fit_plan(id, plan); }) {
        const std::vector<configuration> before = plan;
        Concept::fit_plan(id, plan);
        bool same_shape = plan.size() == before.size();
        for (std::size_t c = 0; same_shape && c < plan.size(); ++c) {
            same_shape = plan[c].kind == before[c].kind && plan[c].threads == before[c].threads &&
                         plan[c].suites.size() == before[c].suites.size();
        }
        if (!same_shape) throw std::logic_error(std::string(id) + ": fit_plan may size the plan, not reshape it");
    }
    return plan;
}

// The default plan of a primitive made for at most max_threads threads
// (Peterson's lock serves two): a configuration that runs more threads runs
// max_threads instead, its search kind, context bound and suites unchanged,
// and one that then repeats an earlier configuration's kind and thread count
// is dropped. The binary must be built for the pairs that remain
// (synclab_add_primitive builds exactly those).
inline std::vector<configuration> within_threads(std::vector<configuration> plan, int max_threads) {
    std::vector<configuration> kept;
    for (configuration& c : plan) {
        c.threads = std::min(c.threads, max_threads);
        const bool repeat = std::any_of(kept.begin(), kept.end(), [&](const configuration& k) {
            return k.kind == c.kind && k.threads == c.threads;
        });
        if (!repeat) kept.push_back(std::move(c));
    }
    return kept;
}

// Each (concept, kind, threads)'s instances are built in its own generated
// translation unit (search.cpp.in, dispatch.hpp).
template <class Concept, search Kind, int Threads>
bool run_search(const job& j, outcome& o);

}  // namespace synclab::models
