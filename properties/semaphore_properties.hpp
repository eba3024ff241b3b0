// The semaphore properties of one registry's entries (and, with
// settings::mutants, of its mutants) over the native platform:
//   Sequential.<id>     the stateful model of a counting semaphore (semaphore_sequential.hpp)
//   InitialCount.<id>   construction with a negative count or one above max()
//   BoundedBuffer.semaphore_queue.<id>  queue.semaphore built on it, linearizable
//                       as a bounded FIFO queue (shared_registrations.hpp)
//   Fairness.<id>       waiters served in arrival order, where the entry says fifo
// register_semaphore_entries<Registry, Mutants> is what semaphore_tests.cpp
// calls for synclab's registry, and a user's build (synclab_add_primitive) for theirs.
#pragma once

#include <string>

#include "primitives/platform/native.hpp"
#include "primitives/queue/semaphore_queue.hpp"
#include "registration.hpp"
#include "semaphore_sequential.hpp"
#include "shared_registrations.hpp"
#include "test_registration.hpp"

namespace synclab::properties {

template <class E>
void register_semaphore_entry(const settings& s) {
    using S = typename E::template type<platform::native>;
    constexpr bool checks_count = release_checks_count<E, S>();
    const std::string id(E::id);
    register_test("Sequential", id, __FILE__, __LINE__, [id, s] {
        expect_property("Sequential/" + id, [] { check_semaphore_sequential<S>(checks_count); },
                        s.semaphore_cases);
    });
    register_test("InitialCount", id, __FILE__, __LINE__, [id, s] {
        expect_property("InitialCount/" + id, [] { check_initial_count<S>(); }, s.initial_count_cases);
    });
}

template <class E>
void register_semaphore_buffer(const settings& s) {
    using S = typename E::template type<platform::native>;
    register_buffer_test<semaphore_queue<int, S, platform::native>>(
        "semaphore_queue." + std::string(E::id), /*try_may_fail_under_contention=*/true, s);
}

// Only the entries whose properties say fifo (the check is not instantiated
// for the others).
template <class E>
void register_semaphore_fairness(const settings& s) {
    if constexpr (E::properties.fifo) {
        using S = typename E::template type<platform::native>;
        register_fairness_test<E>(s, [] { check_semaphore_fairness<S>(gen_fairness_plan<semaphore_wait>()); });
    }
}

template <class Registry, class Mutants>
void register_semaphore_entries(const settings& s) {
    for_each_checked<Registry, Mutants>(s, [&]<class E>() { register_semaphore_entry<E>(s); });
    for_each_checked<Registry, Mutants>(s, [&]<class E>() { register_semaphore_buffer<E>(s); });
    for_each_checked<Registry, Mutants>(s, [&]<class E>() { register_semaphore_fairness<E>(s); });
}

}  // namespace synclab::properties
