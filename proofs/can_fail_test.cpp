// The properties must fail on broken locks (broken_locks.hpp): a checker that
// cannot fail is a defect. Each runs the very property the registry tests run,
// expects rapidcheck to report a failure, and prints the shrunk counterexample.
#include <iostream>

#include <gtest/gtest.h>

#include "broken_locks.hpp"
#include "run_property.hpp"
#include "scenario.hpp"
#include "sequential.hpp"

namespace synclab::proofs {
namespace {

constexpr int runs = 5;

// Runs the property expecting failure; prints rapidcheck's report of it.
template <class Testable>
bool fails(const std::string& id, Testable testable) {
    const auto result = run_property(id, std::move(testable), 200, /*expected_to_fail=*/true);
    std::cout << "[can-fail] " << id << ": " << result_message(result) << std::endl;
    return result.template is<rc::detail::FailureResult>();
}

TEST(CanFail, ConcurrentFindsNullLockOverlap) {
    EXPECT_TRUE(fails("CanFail/Concurrent/null_lock", [] {
        const scenario sc = *gen_scenario();
        check_scenario<null_lock>(sc, false, runs);
    }));
}

TEST(CanFail, ConcurrentFindsTryLockFailingOnFreeLock) {
    EXPECT_TRUE(fails("CanFail/Concurrent/never_try_lock", [] {
        const scenario sc = *gen_scenario();
        check_scenario<never_try_lock>(sc, false, runs);
    }));
}

TEST(CanFail, SequentialFindsNullLock) {
    EXPECT_TRUE(fails("CanFail/Sequential/null_lock", [] { check_sequential<null_lock, false>(); }));
}

TEST(CanFail, SequentialFindsNeverTryLock) {
    EXPECT_TRUE(fails("CanFail/Sequential/never_try_lock", [] { check_sequential<never_try_lock, false>(); }));
}

}  // namespace
}  // namespace synclab::proofs
