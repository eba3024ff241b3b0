// The mutex properties, for every entry of synclab::mutex_registry (and, with
// settings::mutants, of mutex_mutants) over the native platform. Test names
// carry the registry id:
//   Sequential.<id>   the stateful model of Lockable (sequential.hpp)
//   Concurrent.<id>   generated multi-thread scenarios, histories checked (scenario.hpp)
#include <string>

#include "primitives/mutex/mutants.hpp"
#include "primitives/platform/native.hpp"
#include "registration.hpp"
#include "scenario.hpp"
#include "sequential.hpp"
#include "test_registration.hpp"

namespace synclab::properties {

namespace {

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
            [runs = s.runs] {
                const scenario sc = *gen_scenario();
                check_scenario<M>(sc, spurious, runs);
            },
            s.concurrent_cases);
    });
}

}  // namespace

void register_mutex_properties(const settings& s) {
    for_each_checked<mutex_registry, mutex_mutants>(s, [&]<class E>() { register_mutex_entry<E>(s); });
}

}  // namespace synclab::properties
