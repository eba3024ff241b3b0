// The Relacy suites of the counting-semaphore family (the locker room), over a
// checkable C whose C::type has the interface of std::counting_semaphore and
// is constructed with its initial count.
//
// What they catch: more holders than permits (an assertion); a release that
// does not publish the releaser's writes to the thread that takes its permit
// (a DATA RACE on rl::var data or on the bounded buffer's ring); a lost
// wake-up (a DEADLOCK: every thread blocked); a timed acquire that reports a
// time-out wrongly (an assertion) or loses the permit it took (a DEADLOCK when
// the permits left are counted); a permit invented (an assertion).
#pragma once

#include "models/suite.hpp"
#include "primitives/semaphore/toys.hpp"
#include "models/plan.hpp"

namespace synclab::models {

namespace semaphore_detail {

// How a thread asks for a permit: 0 acquire(), 1 try_acquire(), 2
// try_acquire_for(1 ms) (in the model a deadline may pass at any moment). Only
// acquire() must succeed.
template <class S>
bool take(S& s, int way) {
    switch (way % 3) {
    case 0: s.acquire(); return true;
    case 1: return s.try_acquire();
    default: return s.try_acquire_for(std::chrono::milliseconds(1));
    }
}

// The permits left must be exactly `left`: run by the last thread to finish,
// once every other thread's acquires and releases happen-before it. A lost
// permit blocks one of these acquires forever (DEADLOCK); an invented one
// makes the try_acquire succeed (assertion).
template <class S>
void expect_permits_left(S& s, int left) {
    for (int k = 0; k < left; ++k) s.acquire();
    RL_ASSERT(!s.try_acquire());
}

// True in the thread that finishes last. acq_rel: each thread's fetch_add
// releases its work (and its plain records) and the last one's acquires all
// of them (the read-modify-writes form one release sequence).
template <class Atomic>
bool last_to_finish(Atomic& finished, int threads) {
    return finished.fetch_add(1, std::memory_order_acq_rel) == threads - 1;
}

}  // namespace semaphore_detail

// 1. The locker room: K permits for N > K threads (K = (N + 1) / 2: 1 for 2
// threads, 2 for 3 and 4). Each thread makes ops_per_thread attempts, mixing
// acquire, try_acquire and try_acquire_for; a holder counts itself in
// `holders` (asserted <= K), takes a free locker, writes its contents, frees
// it and releases the permit. With K = 1 the single locker is guarded by the
// semaphore alone, so a release that does not publish, or an acquire that
// does not synchronize, is a DATA RACE on its contents. With K > 1 lockers are
// claimed by flags (acquire/release of their own), which a holder must always
// find free; the semaphore's ordering is then the buffer's and release_n's to
// check (an acquirer cannot know whose release its permit came from). At the
// end the last thread checks that exactly K permits are left.
template <class C, rl::thread_id_t N>
struct locker_room_suite : rl::test_suite<locker_room_suite<C, N>, N> {
    static constexpr int lockers = (N + 1) / 2;

    typename C::type permits{lockers};
    P::atomic<int> holders{0};
    P::atomic<int> taken[lockers];  // 1 while a holder uses locker l (K > 1 only)
    rl::var<int> contents[lockers];
    P::atomic<int> finished{0};
    int held[N];  // held[i]: permits thread i got; only thread i writes it, after() reads it

    void before() {
        for (auto& c : contents) c($) = 0;
        for (int& n : held) n = 0;
    }

    void thread(unsigned i) {
        for (int k = 0; k < ops_per_thread; ++k) {
            if (!semaphore_detail::take(permits, int(i) + k)) continue;
            // relaxed: a count; the ordering between holders is the semaphore's.
            const int inside = holders.fetch_add(1, std::memory_order_relaxed) + 1;
            RL_ASSERT(inside <= lockers);
            const int l = claim();
            contents[l]($) = contents[l]($) + 1;
            vacate(l);
            // relaxed: as the fetch_add above.
            holders.fetch_sub(1, std::memory_order_relaxed);
            permits.release();
            ++held[i];
        }
        if (semaphore_detail::last_to_finish(finished, N)) semaphore_detail::expect_permits_left(permits, lockers);
    }

    void after() {
        int total = 0, written = 0;
        for (int n : held) total += n;
        for (auto& c : contents) written += c($);
        RL_ASSERT(written == total);
    }

private:
    int claim() {
        if constexpr (lockers == 1) {
            return 0;  // the permit is the key: only the semaphore orders its holders
        } else {
            for (int l = 0; l < lockers; ++l) {
                // acquire: pairs with the release store in vacate(), so the
                // previous user's writes to locker l happen-before ours.
                if (taken[l].exchange(1, std::memory_order_acquire) == 0) return l;
            }
            RL_ASSERT(false && "a permit holder found every locker taken");
            return 0;
        }
    }
    void vacate(int l) {
        // release: pairs with the acquire exchange in claim().
        if constexpr (lockers > 1) taken[l].store(0, std::memory_order_release);
    }
};

// Values through a bounded buffer: producer p's k-th value, distinct and nonzero.
constexpr int buffer_value(int producer, int k) { return producer * 64 + k + 1; }
constexpr int max_buffer_value = max_threads * 64;

// Every value each producer made was seen exactly once among the consumers'
// records, and nothing else was.
template <int Producers, int Consumers, int PerConsumer>
void expect_each_value_once(const int (&got)[Consumers][PerConsumer], const int (&count)[Consumers],
                            int per_producer) {
    int seen[max_buffer_value + 1] = {};
    for (int c = 0; c < Consumers; ++c) {
        for (int k = 0; k < count[c]; ++k) {
            const int v = got[c][k];
            RL_ASSERT(v > 0 && v <= max_buffer_value);
            if (v > 0 && v <= max_buffer_value) ++seen[v];
        }
    }
    int total = 0;
    for (int v = 0; v <= max_buffer_value; ++v) total += seen[v];
    RL_ASSERT(total == Producers * per_producer);
    for (int p = 0; p < Producers; ++p) {
        for (int k = 0; k < per_producer; ++k) RL_ASSERT(seen[buffer_value(p, k)] == 1);
    }
}

// 2. The bounded buffer of semaphores (primitives/queue/semaphore_queue.hpp):
// N / 2 producers, the rest consumers, capacity 1 with 2 threads (every push
// and pop can block) and 2 otherwise (two items in flight, the ring wraps).
// Each producer pushes consumers * ops values, each consumer pops producers *
// ops; odd rounds try first (try_push / try_pop) and fall back to blocking.
// Nothing lost, nothing duplicated (every value seen exactly once); the ring
// is race-checked plain data; a lost wake-up is a DEADLOCK.
template <class C, rl::thread_id_t N>
struct semaphore_buffer_suite : rl::test_suite<semaphore_buffer_suite<C, N>, N> {
    static constexpr int producers = N / 2;
    static constexpr int consumers = N - producers;
    static constexpr int per_consumer_max = max_ops * max_threads;

    semaphore_queue<int, typename C::type, P> queue{N == 2 ? 1u : 2u};
    int got[consumers][per_consumer_max];  // only consumer c writes got[c], after() reads it
    int count[consumers];

    void before() {
        for (int& n : count) n = 0;
    }

    void thread(unsigned i) {
        const int me = int(i);
        if (me < producers) {
            for (int k = 0; k < consumers * ops_per_thread; ++k) {
                const int v = buffer_value(me, k);
                if (k % 2 == 1 && queue.try_push(v)) continue;
                queue.push(v);
            }
            return;
        }
        const int c = me - producers;
        for (int k = 0; k < producers * ops_per_thread; ++k) {
            std::optional<int> v;
            if (k % 2 == 1) v = queue.try_pop();
            got[c][count[c]++] = v ? *v : queue.pop();
        }
    }

    void after() { expect_each_value_once<producers>(got, count, consumers * ops_per_thread); }
};

// 3. Timed acquires return false only on a time-out, and a time-out takes no
// permit. Thread 0 releases one permit per waiter, one at a time (phase A:
// each waiter's first timed acquire races these and may time out), then
// release(N - 1) more, then sets `early`. Each waiter, once it sees `early`,
// makes a second timed acquire that must succeed: at most 2N - 3 permits can
// be taken before it returns and 2N - 2 were released before it began
// (happens-before, through `early`). Waiters alternate try_acquire_for and
// try_acquire_until. At the end exactly (N - 1) - (phase-A successes) permits
// must be left.
template <class C, rl::thread_id_t N>
struct timed_acquire_suite : rl::test_suite<timed_acquire_suite<C, N>, N> {
    typename C::type permits{0};
    P::atomic<int> early{0};
    P::atomic<int> finished{0};
    int raced[N];  // raced[i]: 1 if waiter i's phase-A acquire got a permit; only thread i writes it

    void before() {
        for (int& n : raced) n = 0;
    }

    void thread(unsigned i) {
        if (i == 0) {
            for (int w = 1; w < int(N); ++w) permits.release();
            permits.release(N - 1);
            // release: pairs with the waiters' acquire loads, so every release
            // above happens-before their phase-B acquires.
            early.store(1, std::memory_order_release);
        } else {
            raced[i] = timed(i % 2) ? 1 : 0;
            // acquire: pairs with thread 0's release store.
            while (early.load(std::memory_order_acquire) == 0) P::spin_pause();
            const bool got = timed((i + 1) % 2);
            RL_ASSERT(got);  // permits were there before this call began
        }
        if (semaphore_detail::last_to_finish(finished, N)) {
            int left = N - 1;
            for (int r : raced) left -= r;
            semaphore_detail::expect_permits_left(permits, left);
        }
    }

private:
    bool timed(unsigned form) {
        if (form == 0) return permits.try_acquire_for(std::chrono::milliseconds(1));
        return permits.try_acquire_until(std::chrono::steady_clock::now() + std::chrono::milliseconds(1));
    }
};

// 4. release(n) with n waiters wakes them all: N - 1 threads acquire() from a
// count of 0, ops_per_thread times each; thread 0 writes the payload once, then
// calls release(N - 1) ops_per_thread times. Every waiter must finish (a
// release(n) that wakes fewer is a DEADLOCK) and read the payload written
// before the first release (else a DATA RACE); no permit is left.
template <class C, rl::thread_id_t N>
struct release_n_suite : rl::test_suite<release_n_suite<C, N>, N> {
    typename C::type permits{0};
    rl::var<int> payload;
    P::atomic<int> finished{0};

    void before() { payload($) = 0; }

    void thread(unsigned i) {
        if (i == 0) {
            payload($) = 1;
            for (int k = 0; k < ops_per_thread; ++k) permits.release(N - 1);
        } else {
            for (int k = 0; k < ops_per_thread; ++k) {
                permits.acquire();
                RL_ASSERT(payload($) == 1);
            }
        }
        if (semaphore_detail::last_to_finish(finished, N)) semaphore_detail::expect_permits_left(permits, 0);
    }
};

using semaphore_suites =
    suite_list<suite<locker_room_suite, "locker_room">, suite<semaphore_buffer_suite, "buffer">,
               suite<timed_acquire_suite, "timed">, suite<release_n_suite, "release_n">>;


// The semaphore concept of the model layer: its implementations, its broken variants,
// its suites and its default plan (listed by primitives/concepts.tsv).
struct semaphore_concept {
    static constexpr std::string_view name = "semaphore";
    using implementations = semaphore_registry;
    // primitives/semaphore/mutants.hpp (every suite runs them), then its toys (primitives/semaphore/toys.hpp)
    using broken = concat_registries<semaphore_mutants, semaphore_toys>::type;
    using suites = semaphore_suites;
    static std::vector<configuration> default_plan();
};

// Semaphores, measured here (2 cores, RelWithDebInfo, the seam as of this
// writing), per suite locker_room / buffer / timed / release_n:
//   full, 2 threads x 1 operation: ends for spin (136k / - / 1.1M / 1k),
//     mutex_cv (1.3k / 350 / 147k / 64) and std (3k / 884 / 581k / 110);
//     futex ends only release_n (375k); futex and ticket pass 5M elsewhere
//     without ending (timed-out and spurious wake-ups are choices at every
//     step). 2 operations: nothing but release_n ends within 5M.
//   bound 2, 3 threads x 1 operation: the locker room and release_n end for
//     most (futex locker_room 342k); buffer and timed pass 1M without ending
//     for futex, spin and ticket (2-5 s per million).
//   random, 4 threads x 2 operations: 50k iterations in 0.1-1.6 s per suite.
// Default budget per id: futex 7.8 s, spin 5.0 s, ticket 10.4 s, mutex_cv
// 3.9 s, std 3.4 s. Every broken variant of the family is caught within it.
inline std::vector<configuration> semaphore_concept::default_plan() {
    return {
        // 2 threads, every interleaving, one operation each, capped.
        make_configuration<semaphore_concept>(search::full, 0, [](std::string_view) { return knobs{1, 200'000}; }),
        // 3 threads, at most 2 preemptions, one operation each, capped.
        make_configuration<semaphore_concept>(search::bound, 2, [](std::string_view) { return knobs{1, 300'000}; }),
        // 4 threads, random interleavings, two operations each.
        make_configuration<semaphore_concept>(search::random, 0, [](std::string_view) { return knobs{2, 100'000}; }),
    };
}

}  // namespace synclab::models
