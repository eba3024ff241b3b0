// The Lockable contract of every registered mutex, on real threads with the
// native platform. These are quick functional tests; the model checker, the
// property tests and the TSan stress harness are the deep checks.
#include <gtest/gtest.h>

#include "tests/registry_types.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "primitives/mutex/registry.hpp"
#include "primitives/platform/native.hpp"

namespace {

using namespace synclab;
using platform::native;

using synclab::testing::gtest_types;
using synclab::testing::id_name;

// Every mutex id is named mutex.<name>; the registry finds its entries by id.
TEST(MutexRegistry, IdsAreNamedByConcept) {
    mutex_registry::for_each([&]<class E>() { EXPECT_TRUE(std::string(E::id).starts_with("mutex.")) << E::id; });
    EXPECT_TRUE(mutex_registry::contains("mutex.futex"));
    EXPECT_FALSE(mutex_registry::contains("mutex.nonesuch"));
}

template <class E>
class MutexContract : public ::testing::Test {
protected:
    using mutex_type = typename E::template type<native>;
};

TYPED_TEST_SUITE(MutexContract, gtest_types<mutex_registry>::type, id_name);

TYPED_TEST(MutexContract, LockUnlockAndLockGuard) {
    typename TestFixture::mutex_type m;
    m.lock();
    m.unlock();
    { std::lock_guard<typename TestFixture::mutex_type> g(m); }
    { std::unique_lock<typename TestFixture::mutex_type> g(m); }
    m.lock();  // free again after every guard
    m.unlock();
}

TYPED_TEST(MutexContract, TryLockOnFreeLockSucceeds) {
    if (TypeParam::properties.try_lock_may_fail_spuriously) GTEST_SKIP() << "may fail spuriously by contract";
    typename TestFixture::mutex_type m;
    ASSERT_TRUE(m.try_lock());
    m.unlock();
}

TYPED_TEST(MutexContract, TryLockFromAnotherThreadFailsWhileHeld) {
    typename TestFixture::mutex_type m;
    m.lock();
    bool got = true;
    std::thread([&] { got = m.try_lock(); }).join();
    EXPECT_FALSE(got);
    m.unlock();
    std::thread([&] {
        // Free again: a non-spurious try_lock takes it.
        got = m.try_lock();
        if (got) m.unlock();
    }).join();
    if (!TypeParam::properties.try_lock_may_fail_spuriously) {
        EXPECT_TRUE(got);
    }
}

TYPED_TEST(MutexContract, CountsExactlyUnderContention) {
    // Two threads on two cores; FIFO spin locks collapse when oversubscribed,
    // which is the benchmarks' business, not this test's.
    typename TestFixture::mutex_type m;
    long counter = 0;
    constexpr int threads = 2, per_thread = 20000;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            for (int i = 0; i < per_thread; ++i) {
                if (i % 3 == 0 && m.try_lock()) {
                    ++counter;
                    m.unlock();
                    continue;
                }
                std::lock_guard g(m);
                ++counter;
            }
        });
    }
    for (auto& th : pool) th.join();
    EXPECT_EQ(counter, long{threads} * per_thread);
}

// mutex.futex makes no syscall when uncontended: lock and unlock are one
// atomic each, and unlock wakes only when the word says someone may sleep.
TEST(FutexMutex, UncontendedMakesNoSyscall) {
    futex_mutex<native> m;
    const auto before = platform::this_thread_stats();
    for (int i = 0; i < 1000; ++i) {
        m.lock();
        m.unlock();
        ASSERT_TRUE(m.try_lock());
        m.unlock();
    }
    const auto after = platform::this_thread_stats();
    EXPECT_EQ(after.futex_waits, before.futex_waits);
    EXPECT_EQ(after.futex_wakes, before.futex_wakes);
}

// With no spin budget a waiter sleeps at once, and the owner's unlock must
// wake it: the contended path really goes through the kernel.
TEST(FutexMutex, ContendedUnlockWakesTheSleeper) {
    futex_mutex<native> m(/*spin_budget=*/0);
    m.lock();
    std::atomic<bool> entered{false};
    platform::native_stats waiter_stats;
    std::thread waiter([&] {
        m.lock();
        // release: pairs with the acquire load below.
        entered.store(true, std::memory_order_release);
        m.unlock();
        waiter_stats = platform::this_thread_stats();
    });
    // Let the waiter reach its futex_wait (it cannot get in: we hold the lock).
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    // acquire: pairs with the release store in the waiter.
    EXPECT_FALSE(entered.load(std::memory_order_acquire));
    const auto before = platform::this_thread_stats();
    m.unlock();
    waiter.join();
    EXPECT_TRUE(entered.load(std::memory_order_acquire));  // acquire: pairs with the waiter's release store
    EXPECT_EQ(platform::this_thread_stats().futex_wakes, before.futex_wakes + 1);
    EXPECT_GE(waiter_stats.futex_waits, 1u);
}

TEST(FutexMutex, SpinBudgetIsAParameter) {
    EXPECT_EQ(futex_mutex<native>().spin_budget(), futex_mutex<native>::default_spin_budget);
    EXPECT_EQ(futex_mutex<native>(16).spin_budget(), 16u);
}

}  // namespace
