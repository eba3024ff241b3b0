// The condition-variable scenarios, as templates over a mutex type M and a
// condition variable type CV usable with std::unique_lock<M> (wait(lock),
// wait(lock, pred), wait_for(lock, rel, pred), notify_one, notify_all): the
// registry's condition variables with mutex.futex, the peers with their own
// mutex (condvar_peers.cpp). Included by the translation units that instantiate them
// (condvar_ours.cpp, condvar_peers.cpp), which define the lists at its end.
//
//   cv_pingpong/<id>                two threads, one mutex, one condition variable,
//                                   a turn flag: A sets turn = B and notifies, waits for
//                                   turn = A; B the mirror image; one op = one round trip
//   cv_buffer/<id>/pairs:N          N producers and N consumers through blocking_queue
//                                   (the mutex and two condition variables); one op = one item
//   cv_notify_all/<id>/waiters:W    W waiters asleep on one condition variable; the
//                                   notifier bumps a generation under the mutex, reads the
//                                   clock, unlocks and calls notify_all; latency = clock at
//                                   a waiter's return from wait (mutex held) minus that
//                                   reading, for the first and for the last of the W
//                                   waiters; one op = one round
// Notifications are made after unlocking, as blocking_queue does.
#pragma once

#include "sync_harness.hpp"

#include "primitives/queue/blocking_queue.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

namespace synclab::bench {

// Whether CV (with M) sleeps through the seam; see semaphore_sleeps_in_seam.
// The waiter's futex waits during a few milliseconds in a timed wait come from
// the condition variable (the mutex is free while it waits: the notifier
// unlocks before notifying).
template <class M, class CV>
bool condvar_sleeps_in_seam() {
    static const bool in_seam = [] {
        M m;
        CV cv;
        bool ready = false;  // guarded by m
        std::atomic<bool> waiting{false};
        std::uint64_t waits = 0;
        std::thread waiter([&] {
            std::unique_lock<M> lock(m);
            const auto before = platform::this_thread_stats().futex_waits;
            // release: pairs with the acquire load below; a hint to start the clock.
            waiting.store(true, std::memory_order_release);
            cv.wait_for(lock, std::chrono::seconds(2), [&] { return ready; });
            waits = platform::this_thread_stats().futex_waits - before;
        });
        // acquire: pairs with the release store above.
        while (!waiting.load(std::memory_order_acquire)) std::this_thread::yield();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        {
            std::unique_lock<M> lock(m);
            ready = true;
        }
        cv.notify_one();
        waiter.join();
        return waits > 0;
    }();
    return in_seam;
}

template <class M, class CV>
futex_seam condvar_seam(bool registry_entry, bool sleeps) {
    if (!registry_entry) return futex_seam::unobservable;
    if (!sleeps) return futex_seam::exact;
    return condvar_sleeps_in_seam<M, CV>() ? futex_seam::observable : futex_seam::unobservable;
}

// ---------------------------------------------------------------- ping-pong

template <class M, class CV>
struct cv_pingpong_state : window_state {
    M m;
    CV cv;
    int turn = 0;       // guarded by m: 0 the initiator's, 1 the responder's
    bool over = false;  // guarded by m: the initiator is leaving

    void body(int t) {
        std::uint64_t round_trips = 0;
        if (t == 0) {  // initiator
            for (;;) {
                const bool leaving = stopping();
                {
                    std::unique_lock<M> lock(m);
                    turn = 1;
                    over = leaving;
                }
                cv.notify_one();
                if (leaving) break;
                {
                    std::unique_lock<M> lock(m);
                    cv.wait(lock, [&] { return turn == 0; });
                }
                count(0, ++round_trips);
            }
        } else {  // responder
            for (;;) {
                {
                    std::unique_lock<M> lock(m);
                    cv.wait(lock, [&] { return turn == 1; });
                    if (over) break;
                    turn = 0;
                }
                cv.notify_one();
                count(1, 0);  // its futex calls; the round trips are the initiator's
            }
        }
    }
    void unblock() {}  // the initiator's last turn releases the responder
};

template <class M, class CV>
void run_cv_pingpong(benchmark::State& state, futex_seam seam) {
    window_result r;
    for (auto _ : state) {
        auto s = std::make_shared<cv_pingpong_state<M, CV>>();
        r = run_window(s, 2);
    }
    publish_window(state, r, {"round_trip", 0, 1, seam});
}

// ---------------------------------------------------------------- bounded buffer

// Producers [0, pairs), consumers [pairs, 2 pairs). At the window's end the
// queue is closed: producers stop (a push refused after close is not counted),
// consumers drain what is queued and stop. Sums and counts must match.
template <class M, class CV>
struct cv_buffer_state : window_state {
    struct alignas(64) tally {
        std::uint64_t items = 0, sum = 0;  // written by its thread, read after join
    };
    explicit cv_buffer_state(int pairs_) : pairs(pairs_), queue(buffer_capacity), tallies(2 * static_cast<std::size_t>(pairs_)) {}

    const int pairs;
    blocking_queue<std::uint64_t, M, CV, platform::native> queue;
    std::vector<tally> tallies;

    void body(int t) {
        auto& mine = tallies[static_cast<std::size_t>(t)];
        if (t < pairs) {  // producer
            std::uint64_t value = static_cast<std::uint64_t>(t) << 40;
            while (!stopping()) {
                ++value;
                if (!queue.push(value)) break;
                ++mine.items;
                mine.sum += value;
                count(t, 0);  // its futex calls; items are counted where they arrive
            }
        } else {  // consumer
            while (auto value = queue.pop()) {
                ++mine.items;
                mine.sum += *value;
                count(t, mine.items);
            }
        }
    }
    void unblock() { queue.close(); }

    bool balanced() const {
        std::uint64_t pushed = 0, pushed_sum = 0, popped = 0, popped_sum = 0;
        for (int t = 0; t < 2 * pairs; ++t) {
            const auto& x = tallies[static_cast<std::size_t>(t)];
            (t < pairs ? pushed : popped) += x.items;
            (t < pairs ? pushed_sum : popped_sum) += x.sum;
        }
        return pushed == popped && pushed_sum == popped_sum;
    }
};

template <class M, class CV>
void run_cv_buffer(benchmark::State& state, int pairs, futex_seam seam) {
    window_result r;
    bool balanced = true;
    for (auto _ : state) {
        auto s = std::make_shared<cv_buffer_state<M, CV>>(pairs);
        r = run_window(s, 2 * pairs);
        if (r.joined()) balanced = s->balanced();
    }
    publish_window(state, r,
                   {"item", pairs, 2 * pairs, seam, balanced, "items lost or duplicated: producer and consumer sums differ"});
}

// ---------------------------------------------------------------- notify_all

// Before each round the notifier waits until every waiter is parked (counted
// under the mutex just before its wait), then lets them settle so that they
// are asleep, not still in a spin-before-sleep phase: the scenario measures
// waking sleepers. Thread 0 notifies; threads 1..W wait.
inline constexpr auto notify_settle = std::chrono::microseconds(300);

template <class M, class CV>
struct cv_notify_all_state : window_state {
    explicit cv_notify_all_state(int waiters_) : waiters(waiters_) {}

    const int waiters;
    M m;
    CV cv;
    std::uint64_t generation = 0;                 // guarded by m
    int parked = 0;                               // guarded by m: waiters waiting for this generation
    int arrived = 0;                              // guarded by m: waiters back from this round's wait
    bool over = false;                            // guarded by m
    bool sampled = false;                         // guarded by m: this round is in the window
    std::chrono::steady_clock::time_point notified;  // guarded by m
    wait_histogram first, last;                   // guarded by m; read after join
    std::uint64_t rounds_complete = 0;            // guarded by m: every waiter arrived

    void body(int t) {
        if (t == 0) {
            notifier();
            return;
        }
        std::unique_lock<M> lock(m);
        for (;;) {
            const std::uint64_t mine = generation;
            ++parked;
            cv.wait(lock, [&] { return generation != mine || over; });
            if (over) break;
            const auto now = std::chrono::steady_clock::now();
            ++arrived;
            if (sampled) {
                const auto ns = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(now - notified).count());
                if (arrived == 1) first.add(ns);
                if (arrived == waiters) last.add(ns);
            }
            if (arrived == waiters) ++rounds_complete;
            count(t, 0);  // its futex calls
        }
    }

    void notifier() {
        std::uint64_t rounds = 0;
        for (;;) {
            // Wait (politely: sleeping, so as not to take a core from the
            // waiters on 2 cores) until every waiter is parked, then settle.
            for (;;) {
                {
                    std::unique_lock<M> lock(m);
                    if (parked == waiters) break;
                }
                if (stopping()) break;
                std::this_thread::sleep_for(std::chrono::microseconds(20));
            }
            std::this_thread::sleep_for(notify_settle);
            const bool leaving = stopping();
            {
                std::unique_lock<M> lock(m);
                if (leaving) {
                    over = true;
                } else {
                    ++generation;
                    parked = 0;
                    arrived = 0;
                    sampled = measuring();
                    notified = std::chrono::steady_clock::now();
                }
            }
            cv.notify_all();
            if (leaving) break;
            count(0, ++rounds);
        }
    }
    void unblock() {}  // the notifier's last notify_all carries `over`
};

template <class M, class CV>
void run_cv_notify_all(benchmark::State& state, int waiters, futex_seam seam) {
    window_result r;
    wait_histogram first, last;
    bool complete = true;
    for (auto _ : state) {
        auto s = std::make_shared<cv_notify_all_state<M, CV>>(waiters);
        r = run_window(s, 1 + waiters);
        if (r.joined()) {
            first = s->first;
            last = s->last;
            // Every round but possibly the one cut short by the stop was completed by all.
            complete = s->rounds_complete + 1 >= s->generation;
        }
    }
    publish_window(state, r, {"round", 0, 1, seam, complete, "notify_all left a waiter asleep"});
    state.counters["waiters"] = waiters;
    state.counters["first_p50_ns"] = static_cast<double>(first.quantile(0.5));
    state.counters["first_p99_ns"] = static_cast<double>(first.quantile(0.99));
    state.counters["last_p50_ns"] = static_cast<double>(last.quantile(0.5));
    state.counters["last_p99_ns"] = static_cast<double>(last.quantile(0.99));
    state.counters["last_max_ns"] = static_cast<double>(last.max);
    state.counters["latency_samples"] = static_cast<double>(last.samples);
}

// ---------------------------------------------------------------- the entry

template <class M, class CV>
sync_entry make_condvar_entry(std::string id, futex_seam (*seam)()) {
    sync_entry e;
    e.id = std::move(id);
    e.pingpong = [seam](benchmark::State& st) { run_cv_pingpong<M, CV>(st, seam()); };
    e.buffer = [seam](benchmark::State& st, int pairs) { run_cv_buffer<M, CV>(st, pairs, seam()); };
    e.notify_all = [seam](benchmark::State& st, int waiters) { run_cv_notify_all<M, CV>(st, waiters, seam()); };
    return e;
}

// ---------------------------------------------------------------- the lists

// condvar_ours.cpp and condvar_peers.cpp.
std::vector<sync_entry> registry_condvars();      // one per condvar_registry entry, with mutex.futex
std::vector<sync_entry> condvar_spin_variants();  // "condvar.futex/spin=S", when it takes a budget
std::vector<sync_entry> peer_condvars();          // std::condition_variable(_any), pthread_cond_t
// The registry default of the swept budget, for the report ("" when absent).
std::string condvar_futex_default_budget();

}  // namespace synclab::bench
