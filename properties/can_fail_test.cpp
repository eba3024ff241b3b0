// The properties must fail on broken primitives: a checker that cannot fail is
// a defect. Each runs the very property the registry tests run, expects
// rapidcheck to report a failure, and prints the shrunk counterexample:
//   no_lock, never_try_lock (primitives/mutex/toys.hpp)   the mutex properties
//   broken_semaphore (primitives/semaphore/toys.hpp)      the sequential semaphore
//                                                         model and its contract checks
//   lifo_buffer, dropping_buffer (primitives/queue/toys.hpp)  the bounded-buffer
//                                                         linearizability property
//   lifo_semaphore, lifo_condvar, lifo_lock (primitives/semaphore/toys.hpp,
//                                 primitives/condvar/toys.hpp,
//                                 primitives/mutex/toys.hpp)  the fairness properties
//   each reader-writer preference's order, checked on a lock of another
//   preference (the registry's own locks are the stand-ins: each breaks
//   the others' promises)                                 the rwlock order property
#include <iostream>

#include <gtest/gtest.h>

#include "primitives/condvar/toys.hpp"
#include "primitives/mutex/toys.hpp"
#include "primitives/platform/native.hpp"
#include "primitives/queue/toys.hpp"
#include "primitives/semaphore/toys.hpp"
#include "fairness.hpp"
#include "mutex_fairness.hpp"
#include "rwlock_fairness.hpp"
#include "queue_scenario.hpp"
#include "run_property.hpp"
#include "scenario.hpp"
#include "semaphore_sequential.hpp"
#include "sequential.hpp"

namespace synclab::properties {
namespace {

constexpr int runs = 5;

// Runs the property expecting failure; prints rapidcheck's report of it.
template <class Testable>
bool fails(const std::string& id, Testable testable, int max_success = 200) {
    const auto result = run_property(id, std::move(testable), max_success, /*expected_to_fail=*/true);
    std::cout << "[can-fail] " << id << ": " << result_message(result) << std::endl;
    return result.template is<rc::detail::FailureResult>();
}

TEST(CanFail, ConcurrentFindsNullLockOverlap) {
    EXPECT_TRUE(fails("CanFail/Concurrent/null_lock", [] {
        const scenario sc = *gen_scenario();
        check_scenario<no_lock<platform::native>>(sc, false, runs);
    }));
}

TEST(CanFail, ConcurrentFindsTryLockFailingOnFreeLock) {
    EXPECT_TRUE(fails("CanFail/Concurrent/never_try_lock", [] {
        const scenario sc = *gen_scenario();
        check_scenario<never_try_lock<platform::native>>(sc, false, runs);
    }));
}

TEST(CanFail, SequentialFindsNullLock) {
    EXPECT_TRUE(fails("CanFail/Sequential/null_lock", [] { check_sequential<no_lock<platform::native>, false>(); }));
}

TEST(CanFail, SequentialFindsNeverTryLock) {
    EXPECT_TRUE(fails("CanFail/Sequential/never_try_lock", [] { check_sequential<never_try_lock<platform::native>, false>(); }));
}

template <semaphore_defect D>
bool sequential_semaphore_fails(const std::string& id) {
    return fails("CanFail/SemaphoreSequential/" + id,
                 [] { check_semaphore_sequential<broken_semaphore<platform::native, faithful, D>>(/*release_checks_count=*/true); });
}

TEST(CanFail, SemaphoreSequentialFindsLostPermits) {
    EXPECT_TRUE(sequential_semaphore_fails<semaphore_defect::release_n_adds_one>("release_n_adds_one"));
}

TEST(CanFail, SemaphoreSequentialFindsUncheckedRelease) {
    EXPECT_TRUE(sequential_semaphore_fails<semaphore_defect::release_unchecked>("release_unchecked"));
}

TEST(CanFail, SemaphoreSequentialFindsCountChangedByRefusedRelease) {
    EXPECT_TRUE(sequential_semaphore_fails<semaphore_defect::refused_release_adds>("refused_release_adds"));
}

TEST(CanFail, InitialCountFindsUncheckedConstructor) {
    EXPECT_TRUE(fails("CanFail/InitialCount/initial_count_unchecked",
                      [] { check_initial_count<broken_semaphore<platform::native, faithful, semaphore_defect::initial_count_unchecked>>(); }));
}

// The bounded-buffer property, exactly as the registry tests run it (strict
// spec, 3 runs a case). The shrunk history is the minimal counterexample.
template <class Q>
bool buffer_fails(const std::string& id) {
    return fails("CanFail/BoundedBuffer/" + id, [] { check_buffer_scenario<Q>(*gen_buffer_scenario(), 3, false); });
}

TEST(CanFail, BoundedBufferFindsLifoBuffer) { EXPECT_TRUE(buffer_fails<lifo_buffer<platform::native>>("lifo_buffer")); }

TEST(CanFail, BoundedBufferFindsDroppingBuffer) { EXPECT_TRUE(buffer_fails<dropping_buffer<platform::native>>("dropping_buffer")); }

// Even with try_ failures excused under contention (as the semaphore buffer
// is checked), reordering and losing items are caught.
TEST(CanFail, ExcusedBoundedBufferStillFindsLifoAndDropping) {
    EXPECT_TRUE(fails("CanFail/BoundedBufferExcused/lifo_buffer", [] {
        check_buffer_scenario<lifo_buffer<platform::native>>(*gen_buffer_scenario(), 3, true);
    }));
    EXPECT_TRUE(fails("CanFail/BoundedBufferExcused/dropping_buffer", [] {
        check_buffer_scenario<dropping_buffer<platform::native>>(*gen_buffer_scenario(), 3, true);
    }));
}

TEST(CanFail, FairnessFindsLifoLock) {
    EXPECT_TRUE(fails("CanFail/Fairness/lifo_lock",
                      [] { check_mutex_fairness<lifo_lock<waiting_observed>>(gen_mutex_waiters()); }, 25));
}

TEST(CanFail, FairnessFindsLifoSemaphore) {
    EXPECT_TRUE(fails("CanFail/Fairness/lifo_semaphore",
                      [] { check_semaphore_fairness<lifo_semaphore<platform::native>>(gen_fairness_plan<semaphore_wait>()); }, 25));
}

TEST(CanFail, FairnessFindsLifoCondvar) {
    EXPECT_TRUE(fails("CanFail/Fairness/lifo_condvar",
                      [] { check_condvar_fairness<lifo_condvar<platform::native>>(gen_fairness_plan<condvar_wait>()); }, 25));
}

// A registry entry's lock, checked against another preference's promise: each
// must be refuted. The entry's own properties say how it waits.
template <fixed_string Id, rwlock_preference Promised>
bool breaks_promise(const std::string& name) {
    using E = rwlock_registry::at<rwlock_registry::index_of(Id)>;
    static_assert(E::properties.preference != Promised, "a lock keeps its own promise");
    using L = typename E::template type<waiting_observed>;
    return fails("CanFail/Fairness/" + name, [] {
        check_rwlock_order<L>(Promised, E::properties.sleeps, gen_rw_arrivals(Promised));
    }, 25);
}

TEST(CanFail, RwlockOrderFindsReadersPreferenceInPhaseFairAndWritersPromises) {
    // A reader that comes after a waiting writer enters at once.
    EXPECT_TRUE((breaks_promise<"rwlock.reader_pref", rwlock_preference::phase_fair>("reader_pref_as_phase_fair")));
    EXPECT_TRUE((breaks_promise<"rwlock.reader_pref", rwlock_preference::writers>("reader_pref_as_writers")));
}

TEST(CanFail, RwlockOrderFindsWritersPreferenceInReadersPromise) {
    // A reader that comes after a waiting writer waits for it.
    EXPECT_TRUE((breaks_promise<"rwlock.futex", rwlock_preference::readers>("futex_as_readers")));
}

TEST(CanFail, RwlockOrderFindsPhaseFairInTaskFairPromise) {
    // After a writer, the waiting readers all enter before the next writer,
    // also those that came after it.
    EXPECT_TRUE((breaks_promise<"rwlock.phase_fair", rwlock_preference::task_fair>("phase_fair_as_task_fair")));
}

}  // namespace
}  // namespace synclab::properties
