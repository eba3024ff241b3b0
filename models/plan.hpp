// The concepts as the command line sees them: for each, its checkable ids,
// its suites, its default budget (which configurations run, and each suite's
// size in them) and the search functions that run a job. Built from
// `concepts` (concepts.hpp) in plan.cpp, so the command line itself
// instantiates no suite.
#pragma once

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
};

struct concept_info {
    std::string name;                        // mutex, semaphore, condvar
    std::vector<checkable_info> checkables;  // registry order, then the broken variants
    std::vector<std::string> suites;         // every suite's name, in plan order
    std::vector<std::string> families;       // parallel to suites
    std::vector<configuration> plan;         // the default budget
    bool (*run[3])(const job&, outcome&);    // by search kind: false if the job's instance was not built

    const checkable_info* find(std::string_view id) const;
    // Whether `selector` is one of the suites' names or families.
    bool knows_suite(std::string_view selector) const;
    // "a b c": what --suite accepts for this concept.
    std::string suite_list() const;
};

const std::vector<concept_info>& all_concepts();

// The concept that owns id and its entry; nullptr when no concept knows it.
const concept_info* concept_of(std::string_view id, const checkable_info** entry = nullptr);

// Relacy's verdict names with '_' for ' ' ("DATA RACE" -> DATA_RACE).
std::string verdict_name(rl::test_result_e r);

// Each pair's instances are built in its own generated translation unit
// (search.cpp.in, dispatch.hpp).
template <class Concept, search Kind>
bool run_search(const job& j, outcome& o);

}  // namespace synclab::models
