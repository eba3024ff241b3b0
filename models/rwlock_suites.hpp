// The Relacy suites of the reader-writer lock family, over a checkable C
// whose C::type has std::shared_mutex's interface. The protected data is an
// rl::var<int> that writers write and readers read: a reader inside beside a
// writer, two writers inside at once, or a release that does not publish the
// holder's accesses to the next holder is a DATA RACE. Readers inside
// together read it together, which is no race. One operation is one
// lock/unlock cycle, of either kind.
#pragma once

#include "models/plan.hpp"
#include "models/suite.hpp"

namespace synclab::models {

// 1. The rule under mixed roles: thread 0 and every other even thread write
// (lock, increment, unlock), the odd threads read (lock_shared, read,
// unlock_shared). At the end the data counts every write.
template <class C, rl::thread_id_t N>
struct rule_suite : rl::test_suite<rule_suite<C, N>, N> {
    typename C::type l;
    rl::var<int> data;

    void before() { data($) = 0; }

    void thread(unsigned i) {
        for (int k = 0; k < ops_per_thread; ++k) {
            if (i % 2 == 0) {
                l.lock();
                data($) = data($) + 1;
                l.unlock();
            } else {
                l.lock_shared();
                const int seen = data($);
                RL_ASSERT(seen >= 0);
                l.unlock_shared();
            }
        }
    }

    void after() { RL_ASSERT(data($) == static_cast<int>((N + 1) / 2) * ops_per_thread); }
};

// 2. Readers share: thread 0 takes a read lock and keeps it until thread 1
// says it got one too (a lock that let one reader in at a time would leave
// both waiting: DEADLOCK, or LIVELOCK for a spinning one). Threads 2.. write
// once each after both readers are inside (not before: a writer waiting
// would rightly keep thread 1 out of a writer-preferring or phase-fair lock),
// and must wait for both to leave.
template <class C, rl::thread_id_t N>
struct readers_share_suite : rl::test_suite<readers_share_suite<C, N>, N> {
    typename C::type l;
    rl::var<int> data;
    P::atomic<int> first_in{0};
    P::atomic<int> second_in{0};

    void before() { data($) = 0; }

    void thread(unsigned i) {
        if (i == 0) {
            l.lock_shared();
            // release: pairs with the acquire loads of first_in below.
            first_in.store(1, std::memory_order_release);
            // acquire: pairs with thread 1's release store of second_in.
            while (second_in.load(std::memory_order_acquire) == 0) P::spin_pause();
            RL_ASSERT(data($) == 0);
            l.unlock_shared();
            return;
        }
        if (i >= 2) {
            // acquire: pairs with thread 1's release store of second_in.
            while (second_in.load(std::memory_order_acquire) == 0) P::spin_pause();
            l.lock();
            data($) = data($) + 1;
            l.unlock();
            return;
        }
        // acquire: pairs with thread 0's release store of first_in.
        while (first_in.load(std::memory_order_acquire) == 0) P::spin_pause();
        {
            l.lock_shared();
            // release: pairs with thread 0's acquire load of second_in.
            second_in.store(1, std::memory_order_release);
            const int seen = data($);
            RL_ASSERT(seen >= 0);
            l.unlock_shared();
        }
    }

    void after() { RL_ASSERT(data($) == static_cast<int>(N) - 2); }
};

// 3. try_ semantics. Thread 0 takes the lock (write, try_lock on the fresh
// lock: it succeeds unless the entry declares spurious failures), then
// thread 1, while thread 0 provably holds it, finds both try_lock and
// try_lock_shared failing; thread 0 then trades its write lock for a read
// lock (unlock, lock_shared) and thread 1 finds try_lock failing and
// try_lock_shared succeeding (unless spurious: then it takes lock_shared).
// Threads 2.. run one write cycle each after thread 0's first lock.
template <class C, rl::thread_id_t N>
struct try_suite : rl::test_suite<try_suite<C, N>, N> {
    typename C::type l;
    rl::var<int> data;
    P::atomic<int> step{0};  // 1: thread 0 writes; 2: thread 1 checked; 3: thread 0 reads; 4: thread 1 checked

    void before() { data($) = 0; }

    // acquire: pairs with the other thread's release store of the step.
    void await(int s) {
        while (step.load(std::memory_order_acquire) < s) P::spin_pause();
    }
    // release: pairs with the acquire loads in await().
    void reach(int s) { step.store(s, std::memory_order_release); }

    void thread(unsigned i) {
        constexpr bool spurious = C::properties.try_may_fail_spuriously;
        if (i == 0) {
            const bool got = l.try_lock();
            if (!spurious) RL_ASSERT(got);
            if (!got) l.lock();
            data($) = data($) + 1;
            reach(1);
            await(2);
            l.unlock();
            l.lock_shared();
            reach(3);
            await(4);
            const int seen = data($);
            RL_ASSERT(seen >= 1);
            l.unlock_shared();
            return;
        }
        await(1);
        if (i == 1) {
            RL_ASSERT(!l.try_lock());
            RL_ASSERT(!l.try_lock_shared());
            reach(2);
            await(3);
            // Others may write now, between thread 0's unlock and lock_shared;
            // while thread 0 reads, a writer cannot be inside.
            RL_ASSERT(!l.try_lock());
            if (l.try_lock_shared()) {
                const int seen = data($);
                RL_ASSERT(seen >= 1);
                l.unlock_shared();
            } else {
                // A writer-preferring lock refuses a new reader while a writer
                // waits (threads 2..); without one waiting it must admit it.
                RL_ASSERT(spurious || N > 2);
            }
            reach(4);
            return;
        }
        l.lock();
        data($) = data($) + 1;
        l.unlock();
    }

    void after() { RL_ASSERT(data($) == 1 + static_cast<int>(N) - 2); }
};

// 4. Tries against tries, with nothing else between them: in each operation
// a thread tries the write lock (even operations of even threads, odd ones
// of odd threads) and writes, or tries the read lock and reads; a failed try
// is no operation. The try suite above orders its threads by a handshake of
// its own, which would hide a try_ whose acquire is weakened; here only the
// lock orders one holder's accesses before the next holder's, so such a
// try_ (or the unlock it pairs with) shows as a DATA RACE.
template <class C, rl::thread_id_t N>
struct try_race_suite : rl::test_suite<try_race_suite<C, N>, N> {
    typename C::type l;
    rl::var<int> data;

    void before() { data($) = 0; }

    void thread(unsigned i) {
        for (int k = 0; k < ops_per_thread; ++k) {
            if ((i + static_cast<unsigned>(k)) % 2 == 0) {
                if (!l.try_lock()) continue;
                data($) = data($) + 1;
                l.unlock();
            } else {
                if (!l.try_lock_shared()) continue;
                const int seen = data($);
                RL_ASSERT(seen >= 0);
                l.unlock_shared();
            }
        }
    }
};

// The suites, in the order a default run takes them.
using rwlock_suites =
    suite_list<suite<rule_suite, "rule">, suite<readers_share_suite, "readers_share">, suite<try_suite, "try">,
               suite<try_race_suite, "try_race">>;

// The rwlock concept of the model layer (listed by primitives/concepts.tsv).
struct rwlock_concept {
    static constexpr std::string_view name = "rwlock";
    using implementations = rwlock_registry;
    using broken = rwlock_mutants;
    using suites = rwlock_suites;
    static std::vector<configuration> default_plan();
    static void fit_plan(std::string_view id, std::vector<configuration>& plan);
};

// Measured here (2 cores, RelWithDebInfo), per suite rule / readers_share / try:
//   full, 2 threads x 2 ops: readers_share ends for every lock (14k-3.5M
//     iterations, at most 6 s: futex); rule and try end only for the locks
//     whose waiters sleep or never retry (std's rule: 146), while every spin
//     and every CAS retry is a branch: at a 6M cap each took 11-22 s, and
//     every mutant is caught within its first 1000 iterations. So the cap is
//     2M (about 4-7 s a suite).
//   bound 2, 3 threads x 2 ops: rule and readers_share at most 62k (0.2 s);
//     try 45k (std) to 5.9M (futex, 27 s), capped at 2M as well.
//   random, 4 threads x 3 ops: 200k iterations cost 0.4-1.6 s per suite.
// Whole default budget per id, before the caps: futex 74 s, phase_fair 37 s,
// reader_pref 18 s, std 13 s.
inline std::vector<configuration> rwlock_concept::default_plan() {
    return {
        // 2 threads, every interleaving: 2 ops each, capped at 2M iterations.
        make_configuration<rwlock_concept>(search::full, 0, [](std::string_view) { return knobs{2, 2'000'000}; }),
        // 3 threads, at most 2 preemptions, to the end of the bounded tree or 2M.
        make_configuration<rwlock_concept>(search::bound, 2, [](std::string_view) { return knobs{2, 2'000'000}; }),
        // 4 threads, random interleavings.
        make_configuration<rwlock_concept>(search::random, 0, [](std::string_view) { return knobs{3, 200'000}; }),
    };
}

// rwlock.task_fair (and its mutants): a queue lock, whose every wait spins on
// its own node, so each of its tree searches but readers_share runs to the
// cap, and each iteration walks the node handshakes (2-3x the iterations per
// second of its siblings' slowest). At the 2M caps its plan took 50 s on a
// quiet machine and 110 s on a loaded one, near its test's 120 s timeout;
// at 1M, 39 s quiet. Its mutants are caught long before either cap (the
// slowest, writer-beside-readers, by the first try_race search, in 10 s).
inline void rwlock_concept::fit_plan(std::string_view id, std::vector<configuration>& plan) {
    if (!id.starts_with("rwlock.task_fair")) return;
    for (configuration& c : plan) {
        if (c.kind == search::random) continue;
        for (suite_budget& b : c.suites) b.iterations = std::min<std::uint64_t>(b.iterations, 1'000'000);
    }
}

}  // namespace synclab::models
