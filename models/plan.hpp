// The default budget of `synclab_model ID`: which configurations run, and each
// suite's size in them. Tuned so that one id's whole budget stays well under a
// minute on a 2-core machine (measured figures in plan.cpp).
#pragma once

#include "models/engine.hpp"

namespace synclab::models {

struct suite_budget {
    std::string name;              // a suite of mutex_suites
    int ops;                       // lock/unlock cycles per thread
    std::uint64_t iterations;      // random: the count; full/bound: a cap (0: none)
};

struct configuration {
    search kind;
    int threads;
    unsigned context_bound;        // sched_bound only
    std::vector<suite_budget> suites;  // every suite of mutex_suites, in order
};

std::vector<configuration> default_plan();

}  // namespace synclab::models
