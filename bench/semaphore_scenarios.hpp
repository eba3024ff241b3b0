// The semaphore scenarios, as templates over a semaphore type S with the
// registry's interface (explicit S(std::ptrdiff_t initial), static max(),
// acquire, try_acquire, try_acquire_for, release(n = 1)); peers get a small
// adapter to it (semaphore_peers.cpp). Included by the translation units that
// instantiate them (semaphore_ours.cpp, semaphore_peers.cpp), which define the
// lists at its end.
//
//   sem_uncontended/<id>        one thread: try_acquire + release, Google Benchmark's loop
//   sem_pingpong/<id>           two threads, two semaphores of 0: A releases ping and
//                               acquires pong, B acquires ping and releases pong; one
//                               op = one round trip (two hand-offs)
//   sem_buffer/<id>/pairs:N     N producers and N consumers through semaphore_queue
//                               (three semaphores of the type); one op = one item
#pragma once

#include "sync_harness.hpp"

#include "primitives/queue/semaphore_queue.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <thread>

namespace synclab::bench {

// Whether S sleeps through the seam: a waiter blocks for a few milliseconds
// in a timed acquire; if the seam saw a futex wait, it sees every sleep of S.
// Called for registry entries that sleep (properties.sleeps); once per type.
template <class S>
bool semaphore_sleeps_in_seam() {
    static const bool in_seam = [] {
        S sem(0);
        std::atomic<bool> waiting{false};
        std::uint64_t waits = 0;
        bool got = false;
        std::thread waiter([&] {
            const auto before = platform::this_thread_stats().futex_waits;
            // release: pairs with the acquire load below; only a hint to start the clock.
            waiting.store(true, std::memory_order_release);
            got = sem.try_acquire_for(std::chrono::seconds(2));
            waits = platform::this_thread_stats().futex_waits - before;
        });
        // acquire: pairs with the release store above.
        while (!waiting.load(std::memory_order_acquire)) std::this_thread::yield();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        sem.release();
        waiter.join();
        return got && waits > 0;
    }();
    return in_seam;
}

template <class S>
futex_seam semaphore_seam(bool registry_entry, bool sleeps) {
    if (!registry_entry) return futex_seam::unobservable;
    if (!sleeps) return futex_seam::exact;
    return semaphore_sleeps_in_seam<S>() ? futex_seam::observable : futex_seam::unobservable;
}

// ---------------------------------------------------------------- uncontended

template <class S>
void run_sem_uncontended(benchmark::State& state, futex_seam seam) {
    auto sem = std::make_unique<S>(1);
    std::uint64_t refused = 0;
    const auto futex_before = seam_futex_calls();
    for (auto _ : state) {
        refused += !sem->try_acquire();
        benchmark::ClobberMemory();
        sem->release();
    }
    const auto futex_calls = seam_futex_calls() - futex_before;
    const auto iterations = static_cast<double>(state.iterations());
    if (seam != futex_seam::unobservable && iterations > 0)
        state.counters["futex_per_op"] = static_cast<double>(futex_calls) / iterations;
    state.counters["try_acquire_refused"] = static_cast<double>(refused);
    if (refused > 0) state.SkipWithError("try_acquire refused a free permit with nobody else around");
}

// ---------------------------------------------------------------- ping-pong

template <class S>
struct sem_pingpong_state : window_state {
    alignas(64) S ping{0};
    alignas(64) S pong{0};
    std::atomic<bool> over{false};  // the initiator is leaving; its last ping carries it

    void body(int t) {
        std::uint64_t round_trips = 0;
        if (t == 0) {  // initiator
            while (!stopping()) {
                ping.release();
                pong.acquire();
                count(0, ++round_trips);
            }
            // relaxed: published by the ping.release() below, which the responder's
            // ping.acquire() takes (a semaphore orders release before acquire).
            over.store(true, std::memory_order_relaxed);
            ping.release();
        } else {  // responder
            for (;;) {
                ping.acquire();
                // relaxed: ordered by the ping hand-off (see above).
                if (over.load(std::memory_order_relaxed)) break;
                pong.release();
                count(1, 0);  // its futex calls; the round trips are the initiator's
            }
        }
    }
    void unblock() {}  // the initiator's last ping releases the responder
};

template <class S>
void run_sem_pingpong(benchmark::State& state, futex_seam seam) {
    window_result r;
    for (auto _ : state) {
        auto s = std::make_shared<sem_pingpong_state<S>>();
        r = run_window(s, 2);
    }
    publish_window(state, r, {"round_trip", 0, 1, seam});
}

// ---------------------------------------------------------------- bounded buffer

// Producers [0, pairs), consumers [pairs, 2 pairs). Items are nonzero; each
// producer ends with one 0 (a poison pill) and each consumer stops at the first
// 0 it takes, so every item pushed is consumed (the queue is FIFO and every
// producer's items come before its own pill). Sums and counts on both sides
// must match: nothing lost, nothing duplicated.
template <class S>
struct sem_buffer_state : window_state {
    struct alignas(64) tally {
        std::uint64_t items = 0, sum = 0;  // written by its thread, read after join
    };
    explicit sem_buffer_state(int pairs_) : pairs(pairs_), queue(buffer_capacity), tallies(2 * static_cast<std::size_t>(pairs_)) {}

    const int pairs;
    semaphore_queue<std::uint64_t, S, platform::native> queue;
    std::vector<tally> tallies;

    void body(int t) {
        auto& mine = tallies[static_cast<std::size_t>(t)];
        if (t < pairs) {  // producer
            std::uint64_t value = static_cast<std::uint64_t>(t) << 40;
            while (!stopping()) {
                ++value;
                queue.push(value);
                ++mine.items;
                mine.sum += value;
                count(t, 0);  // its futex calls; items are counted where they arrive
            }
            queue.push(0);
        } else {  // consumer
            for (;;) {
                const std::uint64_t value = queue.pop();
                if (value == 0) break;
                ++mine.items;
                mine.sum += value;
                count(t, mine.items);
            }
        }
    }
    void unblock() {}  // producers stop on the phase and send the pills

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

template <class S>
void run_sem_buffer(benchmark::State& state, int pairs, futex_seam seam) {
    window_result r;
    bool balanced = true;
    for (auto _ : state) {
        auto s = std::make_shared<sem_buffer_state<S>>(pairs);
        r = run_window(s, 2 * pairs);
        if (r.joined()) balanced = s->balanced();
    }
    publish_window(state, r,
                   {"item", pairs, 2 * pairs, seam, balanced, "items lost or duplicated: producer and consumer sums differ"});
}

// ---------------------------------------------------------------- the entry

template <class S>
sync_entry make_semaphore_entry(std::string id, futex_seam (*seam)()) {
    sync_entry e;
    e.id = std::move(id);
    e.uncontended = [seam](benchmark::State& st) { run_sem_uncontended<S>(st, seam()); };
    e.pingpong = [seam](benchmark::State& st) { run_sem_pingpong<S>(st, seam()); };
    e.buffer = [seam](benchmark::State& st, int pairs) { run_sem_buffer<S>(st, pairs, seam()); };
    return e;
}

// ---------------------------------------------------------------- the lists

// semaphore_ours.cpp and semaphore_peers.cpp.
std::vector<sync_entry> registry_semaphores();      // one per semaphore_registry entry, id = registry id
std::vector<sync_entry> semaphore_spin_variants();  // "semaphore.futex/spin=S", when it takes a budget
std::vector<sync_entry> peer_semaphores();          // std::counting_semaphore, sem_t, moodycamel
// The registry default of the swept budget, for the report ("" when absent).
std::string semaphore_futex_default_budget();

}  // namespace synclab::bench
