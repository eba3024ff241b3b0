// The counting-semaphore contract of every registered semaphore, on real
// threads with the native platform: counting, timed acquires, release(n)
// waking n waiters, contract violations reported with their values, and the
// futex semaphore's promise that release() with nobody waiting makes no
// syscall. Quick functional tests; the deep checks are the other layers.
#include <gtest/gtest.h>

#include "tests/registry_types.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "primitives/platform/native.hpp"
#include "primitives/semaphore/registry.hpp"

namespace {

using namespace synclab;
using namespace std::chrono_literals;
using platform::native;

using synclab::testing::gtest_types;
using synclab::testing::id_name;

template <class E>
class SemaphoreContract : public ::testing::Test {
protected:
    using semaphore = typename E::template type<native>;
};
TYPED_TEST_SUITE(SemaphoreContract, gtest_types<semaphore_registry>::type, id_name);

TYPED_TEST(SemaphoreContract, CountsPermits) {
    typename TestFixture::semaphore s(2);
    EXPECT_TRUE(s.try_acquire());
    s.acquire();
    EXPECT_FALSE(s.try_acquire());
    s.release(2);
    EXPECT_TRUE(s.try_acquire());
    EXPECT_TRUE(s.try_acquire());
    EXPECT_FALSE(s.try_acquire());
    s.release();
    EXPECT_TRUE(s.try_acquire());
}

TYPED_TEST(SemaphoreContract, DeadlineInThePastReturnsAtOnce) {
    typename TestFixture::semaphore s(0);
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_FALSE(s.try_acquire_until(t0 - 1s));
    EXPECT_FALSE(s.try_acquire_until(std::chrono::system_clock::now() - 1s));
    EXPECT_FALSE(s.try_acquire_for(-5ms));
    EXPECT_FALSE(s.try_acquire_for(0ms));
    // Generous: "at once" means no sleep until some deadline, not a timing target.
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 500ms);
    s.release();
    EXPECT_TRUE(s.try_acquire_until(t0 - 1s)) << "a past deadline still gets one try";
}

TYPED_TEST(SemaphoreContract, TimedAcquireTimesOutWithoutTakingAPermit) {
    typename TestFixture::semaphore s(0);
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_FALSE(s.try_acquire_for(20ms));
    EXPECT_GE(std::chrono::steady_clock::now() - t0, 20ms);
    s.release();
    EXPECT_TRUE(s.try_acquire()) << "the time-out must not have consumed a later permit";
}

TYPED_TEST(SemaphoreContract, TimedAcquireGetsAPermitReleasedWhileWaiting) {
    typename TestFixture::semaphore s(0);
    std::thread releaser([&] {
        std::this_thread::sleep_for(10ms);
        s.release();
    });
    EXPECT_TRUE(s.try_acquire_for(30s));
    releaser.join();
}

TYPED_TEST(SemaphoreContract, ReleaseNWakesNWaiters) {
    constexpr int waiters = 4;
    typename TestFixture::semaphore s(0);
    std::atomic<int> through{0};
    std::vector<std::thread> ts;
    for (int i = 0; i < waiters; ++i) {
        ts.emplace_back([&] {
            s.acquire();
            through.fetch_add(1);
        });
    }
    std::this_thread::sleep_for(20ms);  // let most of them sleep; correctness does not depend on it
    s.release(waiters - 1);
    while (through.load() < waiters - 1) std::this_thread::yield();
    EXPECT_EQ(through.load(), waiters - 1);
    EXPECT_FALSE(s.try_acquire());
    s.release();
    for (auto& t : ts) t.join();
    EXPECT_EQ(through.load(), waiters);
}

TYPED_TEST(SemaphoreContract, NoPermitIsLostOrInventedUnderContention) {
    constexpr int takers = 3, each = 5000;
    typename TestFixture::semaphore s(0);
    std::vector<std::thread> ts;
    for (int i = 0; i < takers; ++i) {
        ts.emplace_back([&] {
            for (int k = 0; k < each; ++k) s.acquire();
        });
    }
    for (int k = 0; k < takers * each; k += 3) s.release(std::min(3, takers * each - k));
    for (auto& t : ts) t.join();
    EXPECT_FALSE(s.try_acquire());
}

TYPED_TEST(SemaphoreContract, BadInitialCountIsAContractViolation) {
    using S = typename TestFixture::semaphore;
    try {
        S s(-1);
        FAIL() << "a negative initial count was accepted";
    } catch (const contract_violation& e) {
        EXPECT_NE(std::string(e.what()).find("(-1)"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(std::to_string(S::max())), std::string::npos) << e.what();
    }
    if (S::max() < PTRDIFF_MAX) {
        EXPECT_THROW(S s(S::max() + 1), contract_violation);
    }
}

TYPED_TEST(SemaphoreContract, ReleasePastMaxIsAContractViolationAndLosesNothing) {
    using S = typename TestFixture::semaphore;
    S s(1);
    EXPECT_THROW(s.release(-1), contract_violation);
    if (TypeParam::id == std::string_view("semaphore.std")) {
        // The wrapped count cannot be read: only n itself is checked.
        EXPECT_THROW(s.release(S::max() + (S::max() < PTRDIFF_MAX ? 1 : 0)), contract_violation);
        return;
    }
    s.release(S::max() - 3);  // count = max - 2
    try {
        s.release(5);
        FAIL() << "a release past max() was accepted";
    } catch (const contract_violation& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("release(5)"), std::string::npos) << what;
        EXPECT_NE(what.find("count " + std::to_string(S::max() - 2)), std::string::npos) << what;
    }
    // Refused means unchanged: exactly max - 2 permits.
    s.release(2);  // now max: fine
    EXPECT_THROW(s.release(1), contract_violation);
}

TYPED_TEST(SemaphoreContract, ReleaseWithoutWaitersMakesNoSyscall) {
    if (!TypeParam::properties.release_syscall_free) GTEST_SKIP() << "not promised by this implementation";
    typename TestFixture::semaphore s(0);
    auto& stats = platform::this_thread_stats();
    const auto waits = stats.futex_waits, wakes = stats.futex_wakes;
    for (int i = 0; i < 1000; ++i) {
        s.release();
        ASSERT_TRUE(s.try_acquire());
    }
    s.release(3);
    EXPECT_EQ(stats.futex_wakes - wakes, 0u);
    EXPECT_EQ(stats.futex_waits - waits, 0u);
}

TEST(FutexSemaphore, ReleaseToASleeperWakesIt) {
    // No spinning: the waiter goes to sleep as soon as it finds no permit.
    futex_semaphore<native> s(0, /*spin_budget=*/0);
    std::atomic<bool> got{false};
    std::thread waiter([&] { got = s.try_acquire_for(10s); });
    std::this_thread::sleep_for(20ms);  // most likely asleep by now; if not, it takes the permit without a wake
    auto& stats = platform::this_thread_stats();
    const auto wakes = stats.futex_wakes;
    s.release();
    waiter.join();
    EXPECT_TRUE(got) << "a release without a wake leaves the sleeper asleep until its 10 s deadline";
    EXPECT_LE(stats.futex_wakes - wakes, 1u) << "release(1) wakes at most one";
}

TEST(FutexSemaphore, ReleaseNWakesAtMostN) {
    futex_semaphore<native> s(0, /*spin_budget=*/0);
    std::vector<std::thread> ts;
    std::atomic<int> got{0};
    for (int i = 0; i < 3; ++i) ts.emplace_back([&] { got += s.try_acquire_for(10s) ? 1 : 0; });
    std::this_thread::sleep_for(20ms);
    auto& stats = platform::this_thread_stats();
    const auto wakes = stats.futex_wakes;
    s.release(3);  // one futex_wake(count_, 3) call
    for (auto& t : ts) t.join();
    EXPECT_EQ(got.load(), 3);
    EXPECT_LE(stats.futex_wakes - wakes, 1u) << "release(n) is one wake syscall for up to n sleepers";
}

TEST(FutexSemaphore, MoreSleepersThanTheFieldHoldsAreAllServed) {
    // The sleeper field holds max_sleepers; the takers past it poll (yield and
    // look again) instead of sleeping. None may take a permit that is not
    // there (an announcement carried into the permit field would make one),
    // and none may be left behind when the permits come.
    using sem = futex_semaphore<native>;
    constexpr int takers = sem::max_sleepers + 40;
    sem s(0, /*spin_budget=*/0);
    std::atomic<int> got{0};
    std::vector<std::thread> ts;
    ts.reserve(takers);
    for (int i = 0; i < takers; ++i) ts.emplace_back([&] {
        s.acquire();
        got.fetch_add(1);
    });
    std::this_thread::sleep_for(300ms);  // most are asleep or polling by now
    EXPECT_EQ(got.load(), 0) << "a taker returned with no permit released";
    for (int given = 0; given < takers; given += 7) s.release(std::min(7, takers - given));
    for (auto& t : ts) t.join();
    EXPECT_EQ(got.load(), takers);
    EXPECT_FALSE(s.try_acquire()) << "a permit appeared that nobody released";
}

TEST(FutexSemaphore, MaxIsWhatThePermitFieldHolds) {
    using sem = futex_semaphore<native>;
    static_assert(sem::max() == (std::ptrdiff_t{1} << (31 - sem::sleeper_bits)) - 1);
    sem s(sem::max());
    EXPECT_THROW(s.release(1), contract_violation);
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(s.try_acquire());
    s.release(3);  // back to max(), nothing lost by the refused release
    EXPECT_THROW(s.release(1), contract_violation);
}

TEST(TicketSemaphore, ServesWaitersInArrivalOrder) {
    ticket_semaphore<native> s(0);
    constexpr int n = 4;
    std::vector<int> order;
    std::atomic<int> served{0};
    std::vector<std::thread> ts;
    std::mutex order_lock;
    for (int i = 0; i < n; ++i) {
        ts.emplace_back([&, i] {
            s.acquire();
            std::lock_guard g(order_lock);
            order.push_back(i);
            served.fetch_add(1);
        });
        while (s.waiting() < static_cast<std::size_t>(i + 1)) std::this_thread::yield();  // queued in order
    }
    for (int i = 0; i < n; ++i) {
        s.release();
        while (served.load() < i + 1) std::this_thread::yield();
    }
    for (auto& t : ts) t.join();
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
    EXPECT_FALSE(s.try_acquire()) << "a permit handed to a waiter never reaches the count";
}

TEST(TicketSemaphore, NoBargingPastAQueuedWaiter) {
    ticket_semaphore<native> s(0);
    std::thread waiter([&] { s.acquire(); });
    while (s.waiting() < 1) std::this_thread::yield();
    s.release();
    EXPECT_FALSE(s.try_acquire()) << "the permit belongs to the queued waiter";
    waiter.join();
}

}  // namespace
