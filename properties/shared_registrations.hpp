// The test shapes several concepts register, each for its own entries:
//   BoundedBuffer.<name>  a bounded buffer built from the entry, checked for
//                         linearizability as a bounded FIFO queue
//                         (queue_scenario.hpp): semaphore_tests.cpp builds
//                         queue.semaphore from each semaphore,
//                         condvar_tests.cpp queue.blocking from each
//                         condition variable
//   Fairness.<id>         waiters served in arrival order (fairness.hpp), for
//                         the entries whose properties say fifo
#pragma once

#include <string>

#include "fairness.hpp"
#include "queue_scenario.hpp"
#include "registration.hpp"
#include "test_registration.hpp"

namespace synclab::properties {

// BoundedBuffer.<name> for the buffer type Q.
template <class Q>
void register_buffer_test(const std::string& name, bool try_may_fail_under_contention, const settings& s) {
    register_test("BoundedBuffer", name, __FILE__, __LINE__, [name, try_may_fail_under_contention, s] {
        expect_property(
            "BoundedBuffer/" + name,
            [runs = s.buffer_runs, try_may_fail_under_contention, most = s.max_threads ? s.max_threads : 3u] {
                check_buffer_scenario<Q>(*gen_buffer_scenario(true, most), runs, try_may_fail_under_contention);
            },
            s.buffer_cases);
    });
}

// Fairness.<id> for entry E: `check` is one case.
template <class E, class Check>
void register_fairness_test(const settings& s, Check check) {
    const std::string id(E::id);
    register_test("Fairness", id, __FILE__, __LINE__,
                  [id, s, check] { expect_property("Fairness/" + id, check, s.fairness_cases); });
}

}  // namespace synclab::properties
