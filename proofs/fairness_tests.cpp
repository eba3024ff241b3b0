// Fairness.<id>: for every semaphore and condition variable whose registry
// entry says fifo, waiters are served in arrival order (fairness.hpp).
#include <string>

#include "fairness.hpp"
#include "primitives/condvar/mutants.hpp"
#include "primitives/platform/native.hpp"
#include "primitives/semaphore/mutants.hpp"
#include "registry_tests.hpp"
#include "test_registration.hpp"

namespace synclab::proofs {

namespace {

// Fairness.<id>: `check` is one case.
template <class E, class Check>
void register_fairness(const settings& s, Check check) {
    const std::string id(E::id);
    register_test("Fairness", id, __FILE__, __LINE__,
                  [id, s, check] { expect_property("Fairness/" + id, check, s.fairness_cases); });
}

// Only the entries whose properties say fifo (the check is not instantiated
// for the others).
template <class E>
void register_semaphore_fairness(const settings& s) {
    if constexpr (E::properties.fifo) {
        using S = typename E::template type<platform::native>;
        register_fairness<E>(s, [] { check_semaphore_fairness<S>(gen_fairness_plan<semaphore_wait>()); });
    }
}

template <class E>
void register_condvar_fairness(const settings& s) {
    if constexpr (E::properties.fifo) {
        using CV = typename E::template type<platform::native>;
        register_fairness<E>(s, [] { check_condvar_fairness<CV>(gen_fairness_plan<condvar_wait>()); });
    }
}

}  // namespace

void register_fairness_tests(const settings& s) {
    semaphore_registry::for_each([&]<class E>() { register_semaphore_fairness<E>(s); });
    condvar_registry::for_each([&]<class E>() { register_condvar_fairness<E>(s); });
    if (s.mutants) {
        semaphore_mutants::for_each([&]<class E>() { register_semaphore_fairness<E>(s); });
        condvar_mutants::for_each([&]<class E>() { register_condvar_fairness<E>(s); });
    }
}

}  // namespace synclab::proofs
