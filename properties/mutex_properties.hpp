// The mutex properties of one registry's entries (and, with
// settings::mutants, of its mutants) over the native platform. Test names
// carry the entry's id:
//   Sequential.<id>   the stateful model of Lockable (sequential.hpp)
//   Concurrent.<id>   generated multi-thread scenarios, histories checked (scenario.hpp)
//   Fairness.<id>     waiters granted the lock in arrival order, where the entry
//                     says fifo (mutex_fairness.hpp)
// register_mutex_entries<Registry, Mutants> is what mutex_tests.cpp calls for
// synclab's registry, and a user's build (synclab_add_primitive) for theirs.
#pragma once

#include <string>

#include "primitives/platform/native.hpp"
#include "mutex_fairness.hpp"
#include "registration.hpp"
#include "scenario.hpp"
#include "sequential.hpp"
#include "shared_registrations.hpp"
#include "test_registration.hpp"

namespace synclab::properties {

template <class E>
void register_mutex_entry(const settings& s) {
    using M = typename E::template type<platform::native>;
    constexpr bool spurious = E::properties.try_lock_may_fail_spuriously;
    const std::string id(E::id);
    register_test("Sequential", id, __FILE__, __LINE__, [id, s] {
        expect_property("Sequential/" + id, [] { check_sequential<M, spurious>(); }, s.sequential_cases);
    });
    register_test("Concurrent", id, __FILE__, __LINE__, [id, s] {
        expect_property(
            "Concurrent/" + id,
            [runs = s.runs, most = s.max_threads ? s.max_threads : 4u] {
                const scenario sc = *gen_scenario(most);
                check_scenario<M>(sc, spurious, runs);
            },
            s.concurrent_cases);
    });
}

// Only the entries whose properties say fifo, over the platform that shows
// when a waiter has begun to wait (the check is not instantiated for the others).
template <class E>
void register_mutex_fairness(const settings& s) {
    if constexpr (E::properties.fifo) {
        using M = typename E::template type<waiting_observed>;
        register_fairness_test<E>(s, [most = s.max_threads] { check_mutex_fairness<M>(gen_mutex_waiters(most)); });
    }
}

template <class Registry, class Mutants>
void register_mutex_entries(const settings& s) {
    for_each_checked<Registry, Mutants>(s, [&]<class E>() { register_mutex_entry<E>(s); });
    for_each_checked<Registry, Mutants>(s, [&]<class E>() { register_mutex_fairness<E>(s); });
}

}  // namespace synclab::properties
