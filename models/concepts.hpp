// What `synclab_model` can check, concept by concept. A concept is its
// registry (every implementation, iterated: adding one is one registry line),
// its broken variants (each with the verdict Relacy must give, and for the
// newer concepts the suite that must catch it), its suites, and its default
// plan (plan.cpp). The command line, the dispatch and the generated CTest
// tests iterate `concepts`; nothing names an implementation.
#pragma once

#include "models/broken.hpp"
#include "models/condvar_suites.hpp"
#include "models/mutex_suites.hpp"
#include "models/queue_broken.hpp"
#include "models/queue_suites.hpp"
#include "models/semaphore_suites.hpp"

namespace synclab::models {

struct configuration;

struct mutex_concept {
    static constexpr std::string_view name = "mutex";
    using implementations = mutex_registry;
    using broken = mutex_mutants;  // primitives/mutex/mutants.hpp: every suite runs them
    using suites = mutex_suites;
    static std::vector<configuration> default_plan();
};

struct semaphore_concept {
    static constexpr std::string_view name = "semaphore";
    using implementations = semaphore_registry;
    // primitives/semaphore/mutants.hpp (every suite runs them), then the toys of broken.hpp
    using broken = concat_registries<semaphore_mutants, semaphore_toys>::type;
    using suites = semaphore_suites;
    static std::vector<configuration> default_plan();
};

struct condvar_concept {
    static constexpr std::string_view name = "condvar";
    using implementations = condvar_registry;
    // primitives/condvar/mutants.hpp (every suite runs them), then the toys of broken.hpp
    using broken = concat_registries<condvar_mutants, condvar_toys>::type;
    using suites = condvar_suites;
    static std::vector<configuration> default_plan();
};

// Storage variants only the model layer lists beside the registry: the same
// algorithm source under another policy, so Relacy checks the form a shared
// mapping holds too. queue.mpmc.cells_in_place is queue.mpmc with its cells
// inside the object (cells_in_place, primitives/queue/cell_storage.hpp), as a
// queue placed in a region shared by processes keeps them (no pointer),
// sized 2, the capacity every queue suite builds with. (The futex primitives
// need no such entry: private or shared is the platform binding's futex flag,
// and the source under Relacy is the one source.)
template <class P, class F>
using mpmc_ring_cells_in_place = mpmc_queue<queue_item, P, F, cells_in_place<2>>;
using queue_storage_variants = registry<implementation<
    "queue.mpmc.cells_in_place", mpmc_ring_cells_in_place,
    "queue.mpmc with its 2 cells in the object, as in a shared mapping (model layer only)",
    queue_registry::at<queue_registry::index_of("queue.mpmc")>::properties>>;

struct queue_concept {
    static constexpr std::string_view name = "queue";
    // The registry, then the storage variants above.
    using implementations = concat_registries<queue_registry, queue_storage_variants>::type;
    // primitives/queue/mutants.hpp (every suite runs them), then the toys of queue_broken.hpp
    using broken = concat_registries<queue_mutants, queue_toys>::type;
    using suites = queue_suites;
    static std::vector<configuration> default_plan();
};

template <class... Concepts>
struct concept_list {
    template <class Fn>
    static void for_each(Fn&& fn) {
        (fn.template operator()<Concepts>(), ...);
    }
};

using concepts = concept_list<mutex_concept, semaphore_concept, condvar_concept, queue_concept>;

// The verdict a broken entry must get (its family's mutant list, or the toy's
// caught_by), and the suite (or family) that must catch it; an empty suite:
// the whole default plan (the mutex mutants).
template <class B>
constexpr model_verdict expected_verdict() {
    if constexpr (requires { B::verdict; }) {
        return B::verdict;
    } else {
        return B::expected.model;
    }
}

template <class B>
constexpr std::string_view catching_suite() {
    if constexpr (requires { B::suite; }) {
        return B::suite;
    } else {
        return {};
    }
}

// Calls fn.template operator()<E>() for every entry of the concept: registry
// order, then the broken variants.
template <class Concept, class Fn>
void for_each_entry(Fn&& fn) {
    Concept::implementations::for_each([&]<class E>() { fn.template operator()<E>(); });
    Concept::broken::for_each([&]<class B>() { fn.template operator()<B>(); });
}

// Whether suite S means anything for entry E: a suite may say it applies to
// some entries only (S::applies_to<E>(), e.g. close() to closable queues);
// elsewhere it is not built, planned or listed for them.
template <class E, class S>
constexpr bool applies() {
    if constexpr (requires { S::template applies_to<E>(); }) {
        return S::template applies_to<E>();
    } else {
        return true;
    }
}

// Whether suite S is run for entry E: every suite that applies to it for an
// implementation, only the catching suite (or family) for a broken variant
// that names one.
template <class E, class S>
constexpr bool runs_suite() {
    return applies<E, S>() && selects(catching_suite<E>(), S::family, S::name);
}

}  // namespace synclab::models
