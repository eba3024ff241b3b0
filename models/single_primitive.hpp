// A concept of the model layer made of one primitive from outside this
// repository: a user's own lock, semaphore, condition variable or queue,
// registered from their CMakeLists.txt by synclab_add_primitive (the installed
// package, cmake/synclab_add_primitive.cmake). It is checked by the suites and
// the default plan of the concept it implements (Concept: mutex_concept, ...),
// alone: its binary lists this one concept, so the candidate is never enrolled
// in another family's checks (a user's mutex does not become the lock of
// synclab's condition-variable buffers), while a user's condition variable or
// queue still runs with synclab's own registries as its trusted partners
// (buffer@mutex.tas, ...).
//
//   Implementations  registry<implementation<"ID", ns::tmpl, "description", properties>>
//   Broken           registry<mutant<"ID~NAME", fault policy, ...>...>: the
//                    user's mutants, each with the verdict it must get
//   MaxThreads       the most threads the primitive serves (Peterson's lock: 2);
//                    the plan runs no configuration above it (within_threads);
//                    0: no cap
//   FullSearchCap    the iteration cap of each full search (0: the concept's):
//                    a primitive whose waits spin on loads has an unbounded
//                    full-search tree, so the cap is where the time goes
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "models/plan.hpp"

namespace synclab::models {

template <class Concept, class Implementations, class Broken, unsigned MaxThreads,
          std::uint64_t FullSearchCap = 0>
struct single_primitive_concept {
    static_assert(Implementations::size == 1, "a single-primitive concept holds one implementation");
    static_assert(MaxThreads == 0 || MaxThreads >= 2, "a primitive serves at least two threads");
    static constexpr std::string_view name = Concept::name;
    using implementations = Implementations;
    using broken = Broken;
    using suites = typename Concept::suites;
    static std::vector<configuration> default_plan() {
        std::vector<configuration> plan = Concept::default_plan();
        if constexpr (MaxThreads != 0) plan = within_threads(std::move(plan), static_cast<int>(MaxThreads));
        if constexpr (FullSearchCap != 0) {
            for (configuration& c : plan) {
                if (c.kind != search::full) continue;
                for (suite_budget& b : c.suites) b.iterations = FullSearchCap;
            }
        }
        return plan;
    }
};

}  // namespace synclab::models
