// Fairness.<id>: for every semaphore and condition variable whose registry
// entry says fifo, waiters are served in arrival order (fairness.hpp).
#include <string>

#include "fairness.hpp"
#include "primitives/condvar/registry.hpp"
#include "primitives/platform/native.hpp"
#include "primitives/semaphore/registry.hpp"
#include "registry_tests.hpp"
#include "test_registration.hpp"

namespace synclab::proofs {

void register_fairness_tests(const settings& s) {
    semaphore_registry::for_each([&]<class E>() {
        if constexpr (E::properties.fifo) {
            using S = typename E::template type<platform::native>;
            const std::string id(E::id);
            register_test("Fairness", id, __FILE__, __LINE__, [id, s] {
                expect_property(
                    "Fairness/" + id, [] { check_semaphore_fairness<S>(gen_fairness_plan<semaphore_wait>()); },
                    s.fairness_cases);
            });
        }
    });
    condvar_registry::for_each([&]<class E>() {
        if constexpr (E::properties.fifo) {
            using CV = typename E::template type<platform::native>;
            const std::string id(E::id);
            register_test("Fairness", id, __FILE__, __LINE__, [id, s] {
                expect_property(
                    "Fairness/" + id, [] { check_condvar_fairness<CV>(gen_fairness_plan<condvar_wait>()); },
                    s.fairness_cases);
            });
        }
    });
}

}  // namespace synclab::proofs
