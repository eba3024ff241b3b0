// The bounded buffers of primitives/queue/, checked for linearizability as a
// bounded FIFO queue (queue_scenario.hpp), over the native platform:
//   BoundedBuffer.semaphore_queue.<semaphore id>        every semaphore
//   BoundedBuffer.blocking_queue.<mutex id>.<condvar id> every condition
//       variable, with the first mutex of each property profile in the mutex
//       registry (today: a spin lock, a FIFO spin lock, a futex lock, and the
//       std one with spurious try_lock), so a new kind of mutex joins by itself
//       and the test time stays bounded as the list grows.
#include <array>
#include <bit>
#include <string>
#include <type_traits>

#include "primitives/condvar/mutants.hpp"
#include "primitives/mutex/registry.hpp"
#include "primitives/platform/native.hpp"
#include "primitives/queue/blocking_queue.hpp"
#include "primitives/queue/semaphore_queue.hpp"
#include "primitives/semaphore/mutants.hpp"
#include "queue_scenario.hpp"
#include "registry_tests.hpp"
#include "test_registration.hpp"

namespace synclab::proofs {
namespace {

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

template <class Q>
void register_buffer_test(const std::string& name, bool try_may_fail_under_contention, const settings& s) {
    register_test("BoundedBuffer", name, __FILE__, __LINE__, [name, try_may_fail_under_contention, s] {
        expect_property(
            "BoundedBuffer/" + name,
            [runs = s.buffer_runs, try_may_fail_under_contention] {
                check_buffer_scenario<Q>(*gen_buffer_scenario(), runs, try_may_fail_under_contention);
            },
            s.buffer_cases);
    });
}

template <class E>
void register_semaphore_buffer(const settings& s) {
    using S = typename E::template type<platform::native>;
    register_buffer_test<semaphore_queue<int, S, platform::native>>(
        "semaphore_queue." + std::string(E::id), /*try_may_fail_under_contention=*/true, s);
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

}  // namespace

void register_buffer_tests(const settings& s) {
    semaphore_registry::for_each([&]<class E>() { register_semaphore_buffer<E>(s); });
    condvar_registry::for_each([&]<class C>() { register_condvar_buffers<C>(s); });
    if (s.mutants) {
        semaphore_mutants::for_each([&]<class E>() { register_semaphore_buffer<E>(s); });
        condvar_mutants::for_each([&]<class C>() { register_condvar_buffers<C>(s); });
    }
}

}  // namespace synclab::proofs
