// The properties, instantiated for every entry of synclab::mutex_registry over
// the native platform. Test names carry the registry id:
//   Sequential.<id>   the stateful model of Lockable (sequential.hpp)
//   Concurrent.<id>   generated multi-thread scenarios, histories checked (scenario.hpp)
#include "registry_tests.hpp"

#include <string>

#include "primitives/platform/native.hpp"
#include "scenario.hpp"
#include "sequential.hpp"
#include "synclab/concepts.hpp"
#include "test_registration.hpp"

namespace synclab::proofs {

std::vector<std::string> covered_ids() {
    std::vector<std::string> ids;
    auto add = [&]<class E>() { ids.emplace_back(E::id); };
    concepts::for_each([&]<class C>() { C::implementations::for_each(add); });
    return ids;
}

std::vector<mutant_row> covered_mutants() {
    std::vector<mutant_row> rows;
    auto add = [&]<class E>() {
        const property_verdict v = E::expected.property;
        rows.push_back({std::string(E::id), std::string(spelled(v))});
    };
    concepts::for_each([&]<class C>() { C::mutants::for_each(add); });
    return rows;
}

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

void register_registry_tests(const settings& s) {
    mutex_registry::for_each([&]<class E>() { register_mutex_entry<E>(s); });
    if (s.mutants) mutex_mutants::for_each([&]<class E>() { register_mutex_entry<E>(s); });
}

}  // namespace synclab::proofs
