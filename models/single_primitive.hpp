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
//                    the plan runs no configuration above it (within_threads)
#pragma once

#include <string_view>
#include <vector>

#include "models/plan.hpp"

namespace synclab::models {

template <class Concept, class Implementations, class Broken, int MaxThreads>
struct single_primitive_concept {
    static_assert(Implementations::size == 1, "a single-primitive concept holds one implementation");
    static_assert(MaxThreads >= 2, "a primitive serves at least two threads");
    static constexpr std::string_view name = Concept::name;
    using implementations = Implementations;
    using broken = Broken;
    using suites = typename Concept::suites;
    static std::vector<configuration> default_plan() { return within_threads(Concept::default_plan(), MaxThreads); }
};

}  // namespace synclab::models
