// The sequential semaphore properties, for every entry of
// synclab::semaphore_registry over the native platform:
//   Sequential.<id>     the stateful model of a counting semaphore (semaphore_sequential.hpp)
//   InitialCount.<id>   construction with a negative count or one above max()
#include <string>

#include "primitives/platform/native.hpp"
#include "primitives/semaphore/mutants.hpp"
#include "registry_tests.hpp"
#include "semaphore_sequential.hpp"
#include "test_registration.hpp"

namespace synclab::proofs {

namespace {

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

}  // namespace

void register_semaphore_tests(const settings& s) {
    semaphore_registry::for_each([&]<class E>() { register_semaphore_entry<E>(s); });
    if (s.mutants) semaphore_mutants::for_each([&]<class E>() { register_semaphore_entry<E>(s); });
}

}  // namespace synclab::proofs
