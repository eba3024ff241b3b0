// The Relacy suites of the mutex family, over a checkable C whose C::type is
// a Lockable. The critical sections touch rl::var<int> data: if two threads
// ever hold the lock at once, or an unlock does not publish the owner's writes
// to the next owner, Relacy reports a DATA RACE. One operation is one
// lock/unlock cycle.
#pragma once

#include <system_error>

#include "models/suite.hpp"
#include "primitives/mutex/toys.hpp"
#include "models/plan.hpp"

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

// 4. Owner death (robust mutexes only): thread 0 takes the lock, leaves the
// protected state half-updated (half_done = 1) and dies holding it. Every other
// thread locks; whoever gets owner_died must find the half update (it was the
// dead owner's); a plain acquisition must never see one. Nobody may wait
// forever for the dead owner (DEADLOCK).
//   Repairs (suite owner_death): the one who gets owner_died repairs the state
//   and marks the lock consistent; no lock() is ever refused; in the end either
//   somebody repaired it or thread 0 was the last owner.
//   !Repairs (suite not_recoverable): it gives up (unlock() without
//   mark_consistent()); from then on every lock() must be refused with
//   state_not_recoverable, and at most one thread ever gets owner_died.
template <bool Repairs>
struct owner_death {
    template <class C, rl::thread_id_t N>
    struct test : rl::test_suite<test<C, N>, N> {
        P::death_watch deaths;
        typename C::type m;
        rl::var<int> half_done;
        rl::var<int> took_over;  // owner_died results

        void before() {
            half_done($) = 0;
            took_over($) = 0;
        }

        void thread(unsigned i) {
            if (i == 0) {
                m.lock();
                half_done($) = 1;
                P::die();
                return;
            }
            try {
                const auto status = m.lock();
                if (status.owner_died()) {
                    RL_ASSERT(half_done($) == 1);
                    took_over($) = took_over($) + 1;
                    if (Repairs) {
                        half_done($) = 0;
                        m.mark_consistent();
                    }
                } else {
                    RL_ASSERT(half_done($) == 0);
                }
                m.unlock();
            } catch (const std::system_error& e) {
                RL_ASSERT(!Repairs);  // a repaired lock refuses nobody
                RL_ASSERT(e.code() == std::errc::state_not_recoverable);
                RL_ASSERT(took_over($) == 1);  // refused only after somebody gave up
            }
        }

        void after() {
            if (Repairs) {
                RL_ASSERT(took_over($) + half_done($) == 1);
            } else {
                RL_ASSERT(took_over($) <= 1 && (took_over($) == 1 || half_done($) == 1));
            }
        }
    };
};

template <template <class, rl::thread_id_t> class S, fixed_string Name>
struct robust_only : suite<S, Name> {
    template <class E>
    static constexpr bool applies_to() {
        return E::properties.robust;
    }
};

// The suites, in the order a default run takes them.
using mutex_suites = suite_list<suite<exclusion_suite, "exclusion">, suite<mixed_suite, "mixed">,
                                suite<try_lock_suite, "try_lock">, robust_only<owner_death<true>::test, "owner_death">,
                                robust_only<owner_death<false>::test, "not_recoverable">>;


// The mutex concept of the model layer: its implementations, its broken variants,
// its suites and its default plan (listed by primitives/concepts.tsv).
struct mutex_concept {
    static constexpr std::string_view name = "mutex";
    using implementations = mutex_registry;
    // primitives/mutex/mutants.hpp (every suite runs them), then the toys of
    // primitives/mutex/toys.hpp (each in the suite that must catch it).
    using broken = concat_registries<mutex_mutants, mutex_toys>::type;
    using suites = mutex_suites;
    static std::vector<configuration> default_plan();
};

// Measured here (2 cores, RelWithDebInfo), per suite exclusion / mixed / try_lock:
//   full, 2 threads x 2 cycles: futex 66k / 49k / 4k iterations (0.1 s); ticket
//     6.0M / 1.0M / 38k (9 s); mcs (over 24M) and ticket_futex (over 6M) do not finish,
//     so the cap: each stops at 6M + 6M (mcs ~24 s, ticket_futex ~50 s). 3
//     cycles explode for every implementation.
//   bound 2, 3 threads x 2 cycles: at most 245k / 109k / 654k (mcs, futex), ~1.5 s
//     per id; bound 3 took 10-60 s per suite (futex try_lock: 21M iterations).
//   random, 4 threads x 3 cycles: 200k iterations cost 0.3-1.8 s per suite.
// Whole default budget per id: ticket_futex ~65 s and mcs ~30 s (their capped
// full searches), ticket ~15 s, the others under 5 s.
inline std::vector<configuration> mutex_concept::default_plan() {
    return {
        // 2 threads, every interleaving: 2 cycles each, capped at 6M iterations.
        make_configuration<mutex_concept>(search::full, 0, [](std::string_view) { return knobs{2, 6'000'000}; }),
        // 3 threads, at most 2 preemptions, to the end of the bounded tree.
        make_configuration<mutex_concept>(search::bound, 2, [](std::string_view) { return knobs{2, 0}; }),
        // 4 threads, random interleavings.
        make_configuration<mutex_concept>(search::random, 0, [](std::string_view) { return knobs{3, 200'000}; }),
    };
}

}  // namespace synclab::models
