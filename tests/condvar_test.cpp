// The condition-variable contract of every registered condition variable, on
// real threads with the native platform, with every mutex of the mutex
// registry (through std::unique_lock and as a bare Lockable). Quick functional
// tests; the model checker, the property tests and the TSan stress harness are
// the deep checks.
//
// A lost wake-up would hang a test: each blocking scenario runs under a
// patience limit, and when it is exceeded the test fails and then rescues the
// stuck threads (notify_all until they finish) so the suite can go on.
#include <gtest/gtest.h>

#include "tests/registry_types.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "primitives/condvar/registry.hpp"
#include "primitives/condvar/toys.hpp"
#include "primitives/mutex/registry.hpp"
#include "primitives/platform/native.hpp"

namespace {

using namespace synclab;
using namespace std::chrono_literals;
using platform::native;
using steady = std::chrono::steady_clock;

using synclab::testing::gtest_types;
using synclab::testing::id_name;

// Generous: a correct condition variable ends these scenarios in milliseconds;
// the limit only turns a lost wake-up into a failure instead of a hang.
constexpr auto patience = 20s;

// Polls `done` until it holds or `limit` passes.
bool eventually(const std::function<bool()>& done, steady::duration limit = patience) {
    const auto give_up = steady::now() + limit;
    while (!done()) {
        if (steady::now() >= give_up) return false;
        std::this_thread::sleep_for(100us);
    }
    return true;
}

// Runs `body` on its own thread. If it does not finish within the patience
// limit the test fails, and `rescue` is called until it finishes.
void finishes(const char* what, const std::function<void()>& body, const std::function<void()>& rescue) {
    std::atomic<bool> done{false};
    std::thread runner([&] {
        body();
        done.store(true, std::memory_order_release);  // release: pairs with the acquire loads below
    });
    // acquire: pairs with the release store above.
    if (!eventually([&] { return done.load(std::memory_order_acquire); })) {
        ADD_FAILURE() << what << ": still blocked after " << std::chrono::seconds(patience).count()
                      << " s (a lost wake-up?)";
        while (!done.load(std::memory_order_acquire)) {  // acquire: as above
            rescue();
            std::this_thread::sleep_for(1ms);
        }
    }
    runner.join();
}

// Hands a turn back and forth between two threads `rounds` times through one
// condition variable: wait with a predicate, then notify_one after unlocking.
// With two threads, each notify_one has exactly one possible waiter. `Lock`
// is std::unique_lock<Mutex>, or the bare mutex itself.
template <class Condvar, class Mutex, bool bare>
void ping_pong(int rounds) {
    Condvar cv;
    Mutex m;
    int turn = 0;  // guarded by m
    auto player = [&](int me) {
        for (int r = 0; r < rounds; ++r) {
            if constexpr (bare) {
                m.lock();
                cv.wait(m, [&] { return turn == me; });
                turn = 1 - me;
                m.unlock();
            } else {
                std::unique_lock<Mutex> lock(m);
                cv.wait(lock, [&] { return turn == me; });
                turn = 1 - me;
            }
            cv.notify_one();
        }
    };
    finishes(
        "ping-pong",
        [&] {
            std::thread other(player, 1);
            player(0);
            other.join();
        },
        [&] { cv.notify_all(); });
}

// N waiters wait with a predicate; once all are provably inside wait, one
// notify_all must wake them all. Returns how many woke within `limit`.
// timed: the waiters use wait_until with `waiter_deadline` (so that a broken
// condition variable's waiters still return, at their deadline); otherwise
// wait(lock, pred), rescued by repeated notify_all after a failure. settle:
// how long to leave the waiters before notifying (to let them fall asleep).
template <class Condvar, class Mutex>
int woken_by_one_notify_all(Condvar& cv, int waiters, bool timed, steady::duration waiter_deadline,
                            steady::duration limit, steady::duration settle = {}) {
    Mutex m;
    bool go = false;  // guarded by m
    int arrived = 0;  // guarded by m
    std::atomic<int> woken{0};
    std::vector<std::thread> pool;
    for (int i = 0; i < waiters; ++i) {
        pool.emplace_back([&] {
            std::unique_lock<Mutex> lock(m);
            ++arrived;  // held from here until wait releases m: arrived counts waiters inside wait
            if (timed) {
                cv.wait_until(lock, steady::now() + waiter_deadline, [&] { return go; });
            } else {
                cv.wait(lock, [&] { return go; });
            }
            woken.fetch_add(1, std::memory_order_relaxed);  // relaxed: a count, read after the joins too
        });
    }
    // Once arrived == waiters is seen under m, every waiter has released m,
    // which it does only inside wait: all are waiting before the notify.
    EXPECT_TRUE(eventually([&] {
        std::lock_guard<Mutex> g(m);
        return arrived == waiters;
    }));
    std::this_thread::sleep_for(settle);
    {
        std::lock_guard<Mutex> g(m);
        go = true;
    }
    cv.notify_all();
    eventually([&] { return woken.load(std::memory_order_relaxed) == waiters; }, limit);  // relaxed: a count
    const int in_time = woken.load(std::memory_order_relaxed);  // relaxed: a count
    while (woken.load(std::memory_order_relaxed) < waiters) {   // relaxed: a count
        cv.notify_all();  // rescue after a failure (timed waiters also end at their deadline)
        std::this_thread::sleep_for(1ms);
    }
    for (auto& t : pool) t.join();
    return in_time;
}

template <class E>
class CondvarContract : public ::testing::Test {
protected:
    using condvar_type = typename E::template type<native>;
};
TYPED_TEST_SUITE(CondvarContract, gtest_types<condvar_registry>::type, id_name);

TYPED_TEST(CondvarContract, WaitWithPredicateAndNotifyOneHandOff) {
    mutex_registry::for_each([]<class M>() {
        SCOPED_TRACE(std::string(M::id));
        using mutex_type = typename M::template type<native>;
        ping_pong<typename TestFixture::condvar_type, mutex_type, /*bare=*/false>(300);
        ping_pong<typename TestFixture::condvar_type, mutex_type, /*bare=*/true>(100);
    });
}

constexpr int notify_all_waiters = 4;

TYPED_TEST(CondvarContract, NotifyAllWakesEveryWaiter) {
    mutex_registry::for_each([]<class M>() {
        SCOPED_TRACE(std::string(M::id));
        typename TestFixture::condvar_type cv;
        EXPECT_EQ((woken_by_one_notify_all<typename TestFixture::condvar_type, typename M::template type<native>>(
                      cv, notify_all_waiters, /*timed=*/false, {}, patience)),
                  notify_all_waiters);
    });
}

TYPED_TEST(CondvarContract, DeadlineInThePastTimesOutAtOnce) {
    mutex_registry::for_each([]<class M>() {
        SCOPED_TRACE(std::string(M::id));
        using mutex_type = typename M::template type<native>;
        typename TestFixture::condvar_type cv;
        mutex_type m;
        std::unique_lock<mutex_type> lock(m);
        const auto before = platform::this_thread_stats();
        const auto start = steady::now();
        EXPECT_EQ(cv.wait_until(lock, steady::now() - 1s), std::cv_status::timeout);
        EXPECT_EQ(cv.wait_until(lock, std::chrono::system_clock::now() - 1s), std::cv_status::timeout);
        EXPECT_EQ(cv.wait_for(lock, 0ms), std::cv_status::timeout);
        EXPECT_EQ(cv.wait_for(lock, -5ms), std::cv_status::timeout);
        // With a predicate: its value, without waiting.
        EXPECT_FALSE(cv.wait_until(lock, steady::now() - 1s, [] { return false; }));
        EXPECT_TRUE(cv.wait_until(lock, steady::now() - 1s, [] { return true; }));
        EXPECT_FALSE(cv.wait_for(lock, 0ms, [] { return false; }));
        // "At once": nothing slept in the kernel, and far less than any
        // scheduling quantum passed (a generous bound, not a performance goal).
        EXPECT_EQ(platform::this_thread_stats().futex_waits, before.futex_waits);
        EXPECT_LT(steady::now() - start, 1s);
        // The lock is held again (or still) on return.
        EXPECT_TRUE(lock.owns_lock());
        bool other_got_it = true;
        std::thread([&] {
            other_got_it = m.try_lock();
            if (other_got_it) m.unlock();
        }).join();
        EXPECT_FALSE(other_got_it);
    });
}

TYPED_TEST(CondvarContract, TimedWaitsTimeOutWithThePredicatesValue) {
    mutex_registry::for_each([]<class M>() {
        SCOPED_TRACE(std::string(M::id));
        using mutex_type = typename M::template type<native>;
        typename TestFixture::condvar_type cv;
        mutex_type m;
        std::unique_lock<mutex_type> lock(m);
        constexpr auto rel = 20ms;

        // Nobody notifies, the predicate stays false: false, and not before the deadline.
        auto start = steady::now();
        EXPECT_FALSE(cv.wait_for(lock, rel, [] { return false; }));
        EXPECT_GE(steady::now() - start, rel);
        EXPECT_TRUE(lock.owns_lock());

        // Without a predicate: a time-out is reported only once the deadline passed.
        start = steady::now();
        if (cv.wait_for(lock, rel) == std::cv_status::timeout) {
            EXPECT_GE(steady::now() - start, rel);
        }

        // Another thread makes the predicate true without notifying: whether the
        // wait ends spuriously or at the deadline, it returns the predicate's value.
        bool flag = false;  // guarded by m
        std::thread setter([&] {
            std::lock_guard<mutex_type> g(m);  // gets m while the waiter waits (or before it)
            flag = true;
        });
        EXPECT_TRUE(cv.wait_for(lock, rel, [&] { return flag; }));
        lock.unlock();
        setter.join();
    });
}

TYPED_TEST(CondvarContract, TimedWaitWithPredicateEndsOnNotify) {
    mutex_registry::for_each([]<class M>() {
        SCOPED_TRACE(std::string(M::id));
        using mutex_type = typename M::template type<native>;
        typename TestFixture::condvar_type cv;
        mutex_type m;
        bool ready = false;  // guarded by m
        bool result = false;
        const auto start = steady::now();
        std::thread waiter([&] {
            std::unique_lock<mutex_type> lock(m);
            result = cv.wait_until(lock, steady::now() + 60s, [&] { return ready; });
        });
        {
            std::lock_guard<mutex_type> g(m);
            ready = true;
        }
        cv.notify_one();
        waiter.join();
        EXPECT_TRUE(result);
        EXPECT_LT(steady::now() - start, 30s);  // ended by the notify, not by the 60 s deadline
    });
}

// The check above can fail: a futex condition variable whose notify never
// wakes a sleeper (waiters sleep at once: spin budget 0; given 100 ms to fall
// asleep) leaves its waiters asleep until their own deadline.
TEST(CondvarContractCanFail, NotifyAllWithoutTheWakeIsCaught) {
    futex_condvar<native, skip_at<site::wake>> broken(/*spin_budget=*/0);
    EXPECT_LT((woken_by_one_notify_all<decltype(broken), futex_mutex<native>>(broken, 3, /*timed=*/true, 1s, 300ms,
                                                                            100ms)),
              3);
    futex_condvar<native> faithful_cv(/*spin_budget=*/0);
    EXPECT_EQ((woken_by_one_notify_all<decltype(faithful_cv), futex_mutex<native>>(faithful_cv, 3, /*timed=*/true,
                                                                                  60s, patience, 100ms)),
              3);
}

// condvar.futex: a notify makes no syscall when nobody sleeps.
TEST(FutexCondvar, NotifyWithoutSleepersMakesNoSyscall) {
    futex_condvar<native> cv;
    futex_mutex<native> m;
    auto notify_many = [&] {
        const auto before = platform::this_thread_stats();
        for (int i = 0; i < 1000; ++i) {
            cv.notify_one();
            cv.notify_all();
        }
        const auto after = platform::this_thread_stats();
        EXPECT_EQ(after.futex_wakes, before.futex_wakes);
        EXPECT_EQ(after.futex_waits, before.futex_waits);
    };
    notify_many();  // nobody has ever waited
    // After waiters came, slept and left, the count is back to zero.
    ping_pong<futex_condvar<native>, futex_mutex<native>, false>(50);
    {
        std::unique_lock<futex_mutex<native>> lock(m);
        cv.wait_for(lock, 1ms);  // times out (nobody notifies): slept and left
    }
    notify_many();
}

// The counter above counts: with a sleeper, notify_one makes exactly one wake.
TEST(FutexCondvar, NotifyWakesASleeperWithOneSyscall) {
    futex_condvar<native> cv(/*spin_budget=*/0);
    futex_mutex<native> m;
    bool ready = false, arrived = false;  // guarded by m
    platform::native_stats waiter_stats;
    std::thread waiter([&] {
        std::unique_lock<futex_mutex<native>> lock(m);
        arrived = true;
        cv.wait(lock, [&] { return ready; });
        waiter_stats = platform::this_thread_stats();
    });
    ASSERT_TRUE(eventually([&] {
        std::lock_guard<futex_mutex<native>> g(m);
        return arrived;
    }));
    // Let the waiter reach its futex_wait (it announced itself and sleeps).
    std::this_thread::sleep_for(50ms);
    {
        std::lock_guard<futex_mutex<native>> g(m);
        ready = true;
    }
    const auto before = platform::this_thread_stats();
    cv.notify_one();
    EXPECT_EQ(platform::this_thread_stats().futex_wakes, before.futex_wakes + 1);
    waiter.join();
    EXPECT_GE(waiter_stats.futex_waits, 1u);
}

TEST(FutexCondvar, SpinBudgetIsAParameter) {
    EXPECT_EQ(futex_condvar<native>().spin_budget(), futex_condvar<native>::default_spin_budget);
    EXPECT_EQ(futex_condvar<native>(16).spin_budget(), 16u);
}

// FIFO: N waiters queued in a known order are woken one by one by notify_one
// in that order. Each waiter waits for a token; the test hands out one token
// per notify_one and waits for its taker before the next. Returns the order
// in which the waiters 0..n-1 (queued in that order) woke.
template <class Condvar, class Mutex>
std::vector<int> wake_order(Condvar& cv, int n) {
    Mutex m;
    int tokens = 0;         // guarded by m
    std::vector<int> woke;  // guarded by m
    std::vector<std::thread> pool;
    for (int i = 0; i < n; ++i) {
        pool.emplace_back([&, i] {
            std::unique_lock<Mutex> lock(m);
            cv.wait(lock, [&] { return tokens > 0; });
            --tokens;
            woke.push_back(i);
        });
        // Waiter i is queued before waiter i + 1 starts.
        EXPECT_TRUE(eventually([&] { return cv.waiting() == static_cast<std::size_t>(i + 1); }));
    }
    for (int k = 0; k < n; ++k) {
        {
            std::lock_guard<Mutex> g(m);
            ++tokens;
        }
        cv.notify_one();
        const bool taken = eventually([&] {
            std::lock_guard<Mutex> g(m);
            return woke.size() == static_cast<std::size_t>(k + 1);
        });
        EXPECT_TRUE(taken) << "nobody took token " << k;
        if (!taken) cv.notify_all();  // rescue
    }
    for (auto& t : pool) t.join();
    return woke;
}

template <class E>
class FifoCondvar : public ::testing::Test {};
TYPED_TEST_SUITE(FifoCondvar, gtest_types<condvar_registry>::type, id_name);

TYPED_TEST(FifoCondvar, NotifyOneWakesTheLongestWaiter) {
    if constexpr (!TypeParam::properties.fifo) {
        GTEST_SKIP() << "not FIFO by its properties";
    } else {
        constexpr int n = 5;
        std::vector<int> arrival(n);
        for (int i = 0; i < n; ++i) arrival[i] = i;
        mutex_registry::for_each([&]<class M>() {
            SCOPED_TRACE(std::string(M::id));
            typename TypeParam::template type<native> cv;
            EXPECT_EQ((wake_order<decltype(cv), typename M::template type<native>>(cv, n)), arrival);
        });
    }
}

// The check above can fail: a condition variable that wakes the newest waiter
// first (a stack of waiters: primitives/condvar/toys.hpp) is caught.
TEST(FifoCondvarCanFail, ALastInFirstOutCondvarIsCaught) {
    lifo_condvar<native> cv;
    const std::vector<int> order = wake_order<lifo_condvar<native>, std::mutex>(cv, 3);
    EXPECT_EQ(order, (std::vector<int>{2, 1, 0}));
    EXPECT_NE(order, (std::vector<int>{0, 1, 2}));
}

}  // namespace
