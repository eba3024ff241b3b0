// The condition-variable properties of one registry's entries (and, with
// settings::mutants, of its mutants) over the native platform, with synclab's
// own mutexes as the partners (a user's condition variable included):
//   BoundedBuffer.blocking_queue.<mutex id>.<condvar id>  queue.blocking built
//       on it, linearizable as a bounded FIFO queue (shared_registrations.hpp),
//       with the first mutex of each property profile in the mutex registry
//       (a spin lock, a FIFO spin lock, a futex lock, and the std one with
//       spurious try_lock), so a new kind of mutex joins by itself and the
//       test time stays bounded as the list grows
//   Fairness.<id>   waiters woken in arrival order, where the entry says fifo
// register_condvar_entries<Registry, Mutants> is what condvar_tests.cpp calls
// for synclab's registry, and a user's build (synclab_add_primitive) for theirs.
#pragma once

#include <array>
#include <bit>
#include <string>
#include <type_traits>

#include "primitives/mutex/registry.hpp"
#include "primitives/platform/native.hpp"
#include "primitives/queue/blocking_queue.hpp"
#include "registration.hpp"
#include "shared_registrations.hpp"

namespace synclab::properties {

// The properties as bytes, to compare profiles whatever fields they have.
template <class E>
constexpr auto profile() {
    return std::bit_cast<std::array<unsigned char, sizeof(E::properties)>>(E::properties);
}

// Whether no earlier mutex entry has the same properties as E.
template <class E>
constexpr bool first_of_its_profile() {
    bool reached = false, earlier = false;
    mutex_registry::for_each([&]<class O>() {
        if (std::is_same_v<O, E>) {
            reached = true;
        } else if (!reached && profile<O>() == profile<E>()) {
            earlier = true;
        }
    });
    return !earlier;
}

template <class C>
void register_condvar_buffers(const settings& s) {
    using CV = typename C::template type<platform::native>;
    mutex_registry::for_each([&]<class M>() {
        if constexpr (first_of_its_profile<M>()) {
            using Mutex = typename M::template type<platform::native>;
            register_buffer_test<blocking_queue<int, Mutex, CV, platform::native>>(
                "blocking_queue." + std::string(M::id) + "." + std::string(C::id),
                /*try_may_fail_under_contention=*/false, s);
        }
    });
}

// Only the entries whose properties say fifo (the check is not instantiated
// for the others).
template <class E>
void register_condvar_fairness(const settings& s) {
    if constexpr (E::properties.fifo) {
        using CV = typename E::template type<platform::native>;
        register_fairness_test<E>(s, [] { check_condvar_fairness<CV>(gen_fairness_plan<condvar_wait>()); });
    }
}

template <class Registry, class Mutants>
void register_condvar_entries(const settings& s) {
    for_each_checked<Registry, Mutants>(s, [&]<class C>() { register_condvar_buffers<C>(s); });
    for_each_checked<Registry, Mutants>(s, [&]<class E>() { register_condvar_fairness<E>(s); });
}

}  // namespace synclab::properties
