// The Relacy suites of the mutex family, over a checkable C whose C::type is
// a Lockable. The critical sections touch rl::var<int> data: if two threads
// ever hold the lock at once, or an unlock does not publish the owner's writes
// to the next owner, Relacy reports a DATA RACE. One operation is one
// lock/unlock cycle.
#pragma once

#include "models/suite.hpp"

namespace synclab::models {

// 1. Mutual exclusion: each thread runs ops_per_thread lock/unlock cycles around
// an increment of shared data.
template <class C, rl::thread_id_t N>
struct exclusion_suite : rl::test_suite<exclusion_suite<C, N>, N> {
    typename C::type m;
    rl::var<int> count;

    void before() { count($) = 0; }

    void thread(unsigned) {
        for (int k = 0; k < ops_per_thread; ++k) {
            m.lock();
            count($) = count($) + 1;
            m.unlock();
        }
    }

    void after() { RL_ASSERT(count($) == N * ops_per_thread); }
};

// 2. Mixed lock/try_lock: even threads lock(); odd threads try_lock(), and when
// it fails fall back to lock() in even rounds and skip the increment in odd ones.
// The final count must equal the increments the threads made.
template <class C, rl::thread_id_t N>
struct mixed_suite : rl::test_suite<mixed_suite<C, N>, N> {
    typename C::type m;
    rl::var<int> count;
    int made[N];  // made[i]: thread i's increments; only thread i writes it, after() reads it

    void before() {
        count($) = 0;
        for (int& n : made) n = 0;
    }

    void thread(unsigned i) {
        for (int k = 0; k < ops_per_thread; ++k) {
            if (i % 2 == 0) {
                m.lock();
            } else if (!m.try_lock()) {
                if (k % 2 == 1) continue;  // counted as a failed attempt, no increment
                m.lock();
            }
            count($) = count($) + 1;
            ++made[i];
            m.unlock();
        }
    }

    void after() {
        int total = 0;
        for (int n : made) total += n;
        RL_ASSERT(count($) == total);
    }
};

// 3. try_lock semantics.
//  (a) Thread 0's try_lock on the fresh lock succeeds (unless the implementation
//      declares try_lock_may_fail_spuriously; then it falls back to lock()).
//  (b) While thread 0 provably holds the lock, try_lock in thread 1 fails: thread
//      0 signals `held` while holding it and unlocks only after thread 1 signals
//      `done`, which thread 1 does after its try_lock.
// Threads 2.. wait for `held` (so the lock is fresh for thread 0), then run one
// lock/unlock cycle each, contending with thread 0's unlock. (Every spin-wait is
// a branching point of the search: this suite keeps them few.)
template <class C, rl::thread_id_t N>
struct try_lock_suite : rl::test_suite<try_lock_suite<C, N>, N> {
    typename C::type m;
    rl::var<int> count;
    P::atomic<int> held{0};
    P::atomic<int> done{0};

    void before() { count($) = 0; }

    void thread(unsigned i) {
        if (i == 0) {
            const bool got = m.try_lock();
            if (!C::properties.try_lock_may_fail_spuriously) RL_ASSERT(got);
            if (!got) m.lock();
            count($) = count($) + 1;
            // release: pairs with the acquire loads of held below, so thread 0's
            // acquisition of the lock happens-before the other threads' try_lock/lock.
            held.store(1, std::memory_order_release);
            // acquire: pairs with thread 1's release store of done.
            while (done.load(std::memory_order_acquire) == 0) P::spin_pause();
            m.unlock();
            return;
        }
        // acquire: pairs with thread 0's release store of held.
        while (held.load(std::memory_order_acquire) == 0) P::spin_pause();
        if (i == 1) {
            RL_ASSERT(!m.try_lock());
            // release: pairs with thread 0's acquire load of done.
            done.store(1, std::memory_order_release);
            return;
        }
        m.lock();
        count($) = count($) + 1;
        m.unlock();
    }

    void after() { RL_ASSERT(count($) == N - 1); }
};

// The suites, in the order a default run takes them.
using mutex_suites = suite_list<suite<exclusion_suite, "exclusion">, suite<mixed_suite, "mixed">,
                                suite<try_lock_suite, "try_lock">>;

}  // namespace synclab::models
