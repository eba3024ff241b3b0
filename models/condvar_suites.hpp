// The Relacy suites of the condition-variable family (the waiting room), over
// a checkable C whose C::type has the interface of
// std::condition_variable_any.
//
// What they catch: a lost notification (a DEADLOCK: the waiter sleeps with its
// predicate already true and nobody left to notify); a notify_all that wakes
// fewer than every waiter (a DEADLOCK); a timed wait whose result disagrees
// with its predicate (an assertion); and, through the bounded buffer, an item
// lost or duplicated (an assertion) or a race on the ring (a DATA RACE), with
// every mutex of the mutex registry as the caller's lock.
#pragma once

#include "models/semaphore_suites.hpp"  // buffer_value, expect_each_value_once
#include "models/suite.hpp"
#include "primitives/condvar/toys.hpp"
#include "models/plan.hpp"

namespace synclab::models {

// 1. The bounded buffer of a mutex and two condition variables
// (primitives/queue/blocking_queue.hpp), instantiated with mutex M of the mutex
// registry: N / 2 producers push ops_per_thread values each (odd rounds
// try_push first, falling back to push); the last producer to finish closes
// the queue; the other threads pop until the queue reports closed and
// drained. Every value seen exactly once (close() loses nothing already
// queued), no push refused (the queue closes only after the last one), and
// every consumer ends: close() must wake the consumers blocked on an empty
// queue, and a lost wake-up anywhere is a DEADLOCK.
template <class C, class M, rl::thread_id_t N>
struct condvar_buffer_suite : rl::test_suite<condvar_buffer_suite<C, M, N>, N> {
    static constexpr int producers = N / 2;
    static constexpr int consumers = N - producers;
    static constexpr int per_consumer_max = max_ops * max_threads;

    blocking_queue<int, typename M::type, typename C::type, P> queue{N == 2 ? 1u : 2u};
    P::atomic<int> producing{producers};
    int got[consumers][per_consumer_max];  // only consumer c writes got[c], after() reads it
    int count[consumers];

    void before() {
        for (int& n : count) n = 0;
    }

    void thread(unsigned i) {
        const int me = int(i);
        if (me < producers) {
            for (int k = 0; k < ops_per_thread; ++k) {
                const int v = buffer_value(me, k);
                if (k % 2 == 1 && queue.try_push(v)) continue;
                const bool pushed = queue.push(v);
                RL_ASSERT(pushed);  // refused only once closed, and the queue closes after the last push
            }
            // acq_rel: the last producer's close() comes after every
            // producer's pushes (the decrements form one release sequence).
            if (producing.fetch_sub(1, std::memory_order_acq_rel) == 1) queue.close();
            return;
        }
        const int c = me - producers;
        for (;;) {
            std::optional<int> v = queue.pop();
            if (!v) break;
            RL_ASSERT(count[c] < per_consumer_max);
            if (count[c] < per_consumer_max) got[c][count[c]++] = *v;
        }
    }

    void after() { expect_each_value_once<producers>(got, count, ops_per_thread); }
};

// The buffer suite once per entry of the mutex registry: family "buffer",
// names "buffer@<mutex id>". Not under the full search: with two threads it
// ends within 2M iterations only for condvar.std (every other condition
// variable spins or sleeps on a word, and with a spinning mutex the
// interleavings have no bound); the context-bounded search (3 threads) ends
// for most pairs and the random one samples all, at a fraction of the build.
template <class M>
struct buffer_with_mutex {
    template <class C, rl::thread_id_t N>
    using type = condvar_buffer_suite<C, checkable<M>, N>;
    static constexpr std::string_view family = "buffer";
    static constexpr std::string_view name = joined_name<"buffer", M>::value;
    static constexpr bool runs_under(search kind) { return kind != search::full; }
};

template <class Registry>
struct buffer_suites_over;
template <class... Mutexes>
struct buffer_suites_over<registry<Mutexes...>> {
    using type = suite_list<buffer_with_mutex<Mutexes>...>;
};

// 2. notify_all wakes every waiter: N - 1 threads wait on a predicate (odd ones
// with wait(lock, pred), even ones with a loop around wait(lock)); thread 0
// sets it under the lock, writes the payload, and calls notify_all once, after
// unlocking. Every waiter must finish (else DEADLOCK) and read the payload.
template <class C, rl::thread_id_t N>
struct notify_all_suite : rl::test_suite<notify_all_suite<C, N>, N> {
    P::mutex m;
    typename C::type cv;
    rl::var<bool> ready;  // guarded by m
    rl::var<int> payload;  // guarded by m

    void before() {
        ready($) = false;
        payload($) = 0;
    }

    void thread(unsigned i) {
        if (i == 0) {
            {
                std::unique_lock<P::mutex> lock(m);
                payload($) = 1;
                ready($) = true;
            }
            cv.notify_all();
            return;
        }
        std::unique_lock<P::mutex> lock(m);
        if (i % 2 == 1) {
            cv.wait(lock, [&] { return bool(ready($)); });
        } else {
            while (!ready($)) cv.wait(lock);
        }
        RL_ASSERT(payload($) == 1);
    }
};

// 3. A timed wait with a predicate returns false only if the predicate is
// false when it returns (and true only if it is true): N - 1 waiters wait on a
// predicate with wait_for (odd) or wait_until (even) while thread 0 sets it
// under the lock and notifies. In the model a deadline may pass at any moment,
// so both outcomes are explored; at return the caller holds the lock, so the
// predicate's value then is ready's.
template <class C, rl::thread_id_t N>
struct timed_wait_suite : rl::test_suite<timed_wait_suite<C, N>, N> {
    P::mutex m;
    typename C::type cv;
    rl::var<bool> ready;  // guarded by m

    void before() { ready($) = false; }

    void thread(unsigned i) {
        if (i == 0) {
            {
                std::unique_lock<P::mutex> lock(m);
                ready($) = true;
            }
            cv.notify_all();
            return;
        }
        std::unique_lock<P::mutex> lock(m);
        const auto predicate = [&] { return bool(ready($)); };
        const bool result = i % 2 == 1
            ? cv.wait_for(lock, std::chrono::milliseconds(1), predicate)
            : cv.wait_until(lock, std::chrono::steady_clock::now() + std::chrono::milliseconds(1), predicate);
        RL_ASSERT(result == bool(ready($)));
    }
};

using condvar_suites = typename concat_suites<
    typename buffer_suites_over<mutex_registry>::type,
    suite_list<suite<notify_all_suite, "notify_all">, suite<timed_wait_suite, "timed">>>::type;


// The condvar concept of the model layer: its implementations, its broken variants,
// its suites and its default plan (listed by primitives/concepts.tsv).
struct condvar_concept {
    static constexpr std::string_view name = "condvar";
    using implementations = condvar_registry;
    // primitives/condvar/mutants.hpp (every suite runs them), then its toys (primitives/condvar/toys.hpp)
    using broken = concat_registries<condvar_mutants, condvar_toys>::type;
    using suites = condvar_suites;
    static std::vector<configuration> default_plan();
};

// Condition variables, per suite buffer@<each mutex> / notify_all / timed:
//   full, 2 threads: notify_all and timed end for futex (26k / 38k), spin
//     (415 / 1.3k) and std (29 / 178), not ticket (over 2M); the buffer ends
//     only for std, so it is not built for the full search.
//   bound 2, 3 threads x 1 value per producer: the buffer ends for std with
//     every mutex (5k-507k), for spin with tas/ttas/std; with the others it
//     passes 100k at 3-7 s per million.
//   random, 4 threads x 2 values per producer: 50k iterations in 0.2-0.7 s per
//     buffer suite, 0.05-0.2 s for notify_all and timed.
// Default budget per id: futex 4.1 s, ticket 10.5 s, spin 3.5 s, std 4.1 s.
inline std::vector<configuration> condvar_concept::default_plan() {
    return {
        // 2 threads, every interleaving (notify_all and timed only: see condvar_suites.hpp).
        make_configuration<condvar_concept>(search::full, 0, [](std::string_view) { return knobs{1, 300'000}; }),
        // 3 threads, at most 2 preemptions; the buffer once per mutex.
        make_configuration<condvar_concept>(search::bound, 2, [](std::string_view family) {
            return family == "buffer" ? knobs{1, 100'000} : knobs{1, 300'000};
        }),
        // 4 threads, random interleavings.
        make_configuration<condvar_concept>(search::random, 0, [](std::string_view family) {
            return family == "buffer" ? knobs{2, 50'000} : knobs{1, 100'000};
        }),
    };
}

}  // namespace synclab::models
