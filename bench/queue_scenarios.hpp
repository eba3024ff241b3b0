// The queue scenarios (ours: every queue_registry entry, queue_ours.cpp; peers: queue_peers.cpp),
// on the fixed-window runner of sync_harness.hpp:
//
//   q_throughput/<id>/pairs:N   N producers and N consumers (N = 1, 2, 4; an
//       entry with max_producers or max_consumers 1, queue.spsc and
//       boost::lockfree::spsc_queue, runs N = 1 only), spinning on try_push /
//       try_pop (see below for a failed try), capacity 1024. Items per
//       second counted where they arrive (the consumers). At the end each
//       producer sends one pill (0) after its last item, each consumer stops
//       at its first pill, and the main thread drains what is left; the
//       counts and sums of both sides must match.
//   q_roundtrip/<id>   two threads and two queues: A try_pushes to ping and
//       spins on pong, B spins on ping and try_pushes the item back to pong.
//       Wall ns per round trip (two hand-offs) counted by A.
//   q_regime/<id>/regime:R   one producer and one consumer, as q_throughput
//       at 1P1C, with calibrated work per item on each side (queue_regimes
//       below), so the ring sits where a user's does: near_empty (the
//       producer works 100 ns an item, the consumer waits on an empty
//       queue), near_full (the consumer works 100 ns, the producer waits on
//       a full one), balanced (50 ns each), bursts (the producer pushes 64
//       items back to back, then works 64 x 60 ns; the consumer works 50 ns
//       an item, so a burst fills the ring faster than the consumer drains
//       it, and the consumer catches up while the producer works).
//   q_regime/<id>/regime:R/pin:K   the same with the producer pinned to one
//       CPU and the consumer to another (placement.hpp: K = cores, two
//       separate cores; siblings, two SMT siblings of one core), for the
//       single-producer single-consumer queues (the regime table's); left
//       out where the topology has no such pair. The pair's round trip is
//       probed just before (pair_round_trip_ns).
//
// A failed try is followed by a CPU pause; after 256 failures in a row the
// thread yields its core (a sched_yield), the same for every queue: on 2
// shared cores a pure spinner that waits for a preempted partner would burn
// its whole time slice, and the figure would measure the scheduler's slices
// rather than the queue (a first version without the yield measured 0.12-7.3 M
// items/s for the same queues at 1P1C depending on where the threads landed).
//
// An entry adapts a queue to: explicit Q(capacity), bool try_push(uint64_t),
// bool try_pop(uint64_t&).
#pragma once

#include "sync_harness.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace synclab::bench {

inline constexpr std::size_t queue_capacity = 1024;
inline constexpr int queue_pairs[] = {1, 2, 4};

// Where a 1P1C queue sits (q_regime): work per item on each side, in ns, and
// how many items the producer pushes back to back before its work (its work
// then lasts burst x producer_ns).
struct queue_regime {
    const char* name;
    double producer_ns;
    double consumer_ns;
    int burst;
};
inline constexpr queue_regime queue_regimes[] = {
    {"near_empty", 100, 0, 1},
    {"near_full", 0, 100, 1},
    {"balanced", 50, 50, 1},
    {"bursts", 60, 50, 64},
};

// One benchmarked queue: its id, how many producers/consumers it allows, and
// the scenario bodies, instantiated in the translation unit that knows the type.
struct queue_entry {
    std::string id;
    unsigned max_producers = ~0u;
    unsigned max_consumers = ~0u;
    std::function<void(benchmark::State&, int pairs)> throughput;
    std::function<void(benchmark::State&)> roundtrip;
    std::function<void(benchmark::State&, const queue_regime&, cpu_pair)> regime;  // 1P1C; pinned if the pair is found
};

// The failed tries of one operation: a pause each, and every 256th a yield.
class backoff {
public:
    void failed() {
        platform::native::spin_pause();
        if ((++fails_ & 255) == 0) std::this_thread::yield();
    }

private:
    unsigned fails_ = 0;
};

template <class Try>
void until(Try&& attempt) {
    backoff b;
    while (!attempt()) b.failed();
}

// A registry queue (try_pop() -> optional) in the adapter's shape.
template <class Q>
struct optional_pop_adapter {
    // Unbounded entries (stack.treiber, queue.ms) take no capacity.
    explicit optional_pop_adapter(std::size_t capacity) : q(make(capacity)) {}
    static Q make(std::size_t capacity) {
        if constexpr (std::is_constructible_v<Q, std::size_t>) {
            return Q(capacity);
        } else {
            return Q();
        }
    }
    bool try_push(std::uint64_t v) { return q.try_push(v); }
    bool try_pop(std::uint64_t& out) {
        const std::optional<std::uint64_t> v = q.try_pop();
        if (!v) return false;
        out = *v;
        return true;
    }
    Q q;
};

// An unbounded container (stack.treiber, queue.ms and the unbounded peers)
// under the scenario's capacity as a soft bound, so producers cannot run
// ahead of the consumers without limit: try_push refuses while `capacity`
// items are in (a shared counter, relaxed: a bound, not a synchronization).
// The same wrapper for ours and the peers, so the counter's cost is shared.
template <class Inner>
struct soft_bounded {
    // Inner(capacity): an unbounded adapter ignores it.
    explicit soft_bounded(std::size_t capacity_) : capacity(static_cast<std::int64_t>(capacity_)), inner(capacity_) {}
    bool try_push(std::uint64_t v) {
        if (size.load(std::memory_order_relaxed) >= capacity) return false;  // relaxed: a bound only
        if (!inner.try_push(v)) return false;
        size.fetch_add(1, std::memory_order_relaxed);  // relaxed: a bound only
        return true;
    }
    bool try_pop(std::uint64_t& v) {
        if (!inner.try_pop(v)) return false;
        size.fetch_sub(1, std::memory_order_relaxed);  // relaxed: a bound only (may dip below 0 briefly)
        return true;
    }
    const std::int64_t capacity;
    alignas(64) std::atomic<std::int64_t> size{0};
    alignas(64) Inner inner;
};

template <class Q>
struct queue_throughput_state : window_state {
    // Every item writes its producer's and its consumer's tally: a line pair
    // apart (two tallies 64 bytes apart can be shared traffic on every item).
    struct alignas(line_pair) tally {
        std::uint64_t items = 0, sum = 0;  // written by its thread, read after join
        std::uint64_t worked = 0;          // the busy work's result (a sink)
    };
    explicit queue_throughput_state(int pairs_)
        : pairs(pairs_), queue(queue_capacity), tallies(2 * static_cast<std::size_t>(pairs_)) {}

    const int pairs;
    // q_regime: busy-work steps per item on each side, and the producer's burst.
    unsigned producer_steps = 0, consumer_steps = 0;
    int burst = 1;
    // On a line pair of its own, away from the phase and the tallies, so no
    // queue's first words share a line with the harness's.
    alignas(line_pair) Q queue;
    std::vector<tally> tallies;

    void push(std::uint64_t v) {
        until([&] { return queue.try_push(v); });
    }

    void body(int t) {
        auto& mine = tallies[static_cast<std::size_t>(t)];
        std::uint64_t worked = 1;  // the busy work's result, kept so it is not optimized away
        if (t < pairs) {  // producer
            std::uint64_t value = static_cast<std::uint64_t>(t) << 40;
            int in_burst = 0;
            while (!stopping()) {
                ++value;
                push(value);
                ++mine.items;
                mine.sum += value;
                if (producer_steps != 0 && ++in_burst == burst) {
                    worked = busy_work(worked, producer_steps * static_cast<unsigned>(burst));
                    in_burst = 0;
                }
            }
            push(0);
        } else {  // consumer
            std::uint64_t value = 0;
            for (;;) {
                until([&] { return queue.try_pop(value); });
                if (value == 0) break;
                ++mine.items;
                mine.sum += value;
                count(t, mine.items);
                if (consumer_steps != 0) worked = busy_work(worked, consumer_steps);
            }
        }
        mine.worked = worked;
    }
    void unblock() {}  // producers stop on the phase and send the pills

    // After join: what the consumers left (a non-FIFO queue may hand a pill
    // out before another producer's items) is drained here.
    bool balanced() {
        std::uint64_t pushed = 0, pushed_sum = 0, popped = 0, popped_sum = 0, v = 0;
        for (int t = 0; t < 2 * pairs; ++t) {
            const auto& x = tallies[static_cast<std::size_t>(t)];
            (t < pairs ? pushed : popped) += x.items;
            (t < pairs ? pushed_sum : popped_sum) += x.sum;
        }
        while (queue.try_pop(v)) {
            if (v == 0) continue;
            ++popped;
            popped_sum += v;
        }
        return pushed == popped && pushed_sum == popped_sum;
    }
};

template <class Q>
void run_queue_throughput(benchmark::State& state, int pairs) {
    window_result r;
    bool balanced = true;
    for (auto _ : state) {
        auto s = std::make_shared<queue_throughput_state<Q>>(pairs);
        r = run_window(s, 2 * pairs);
        if (r.joined()) balanced = s->balanced();
    }
    publish_window(state, r,
                   {"item", pairs, 2 * pairs, futex_seam::unobservable, balanced,
                    "items lost or duplicated: producer and consumer sums differ"});
}

template <class Q>
void run_queue_regime(benchmark::State& state, const queue_regime& regime, cpu_pair pin) {
    window_result r;
    bool balanced = true;
    for (auto _ : state) {
        auto s = std::make_shared<queue_throughput_state<Q>>(1);
        if (pin.found()) s->pin_cpus = {pin.a, pin.b};  // thread 0 produces, thread 1 consumes
        s->producer_steps = busy_steps_for(regime.producer_ns);
        s->consumer_steps = busy_steps_for(regime.consumer_ns);
        s->burst = regime.burst;
        r = run_window(s, 2);
        if (r.joined()) balanced = s->balanced();
    }
    publish_window(state, r,
                   {"item", 1, 2, futex_seam::unobservable, balanced,
                    "items lost or duplicated: producer and consumer sums differ"});
}

template <class Q>
struct queue_roundtrip_state : window_state {
    queue_roundtrip_state() : ping(queue_capacity), pong(queue_capacity) {}
    alignas(line_pair) Q ping;  // as in queue_throughput_state
    alignas(line_pair) Q pong;

    void body(int t) {
        std::uint64_t v = 0;
        if (t == 0) {  // initiator
            std::uint64_t round_trips = 0;
            while (!stopping()) {
                until([&] { return ping.try_push(round_trips + 1); });
                until([&] { return pong.try_pop(v); });
                count(0, ++round_trips);
            }
            until([&] { return ping.try_push(0); });  // the responder's pill
        } else {  // responder
            for (;;) {
                until([&] { return ping.try_pop(v); });
                if (v == 0) break;
                until([&] { return pong.try_push(v); });
            }
        }
    }
    void unblock() {}
};

template <class Q>
void run_queue_roundtrip(benchmark::State& state) {
    window_result r;
    for (auto _ : state) {
        auto s = std::make_shared<queue_roundtrip_state<Q>>();
        r = run_window(s, 2);
    }
    publish_window(state, r, {"round_trip", 0, 1, futex_seam::unobservable});
}

template <class Q>
queue_entry make_queue_entry(std::string id, unsigned max_producers, unsigned max_consumers) {
    queue_entry e;
    e.id = std::move(id);
    e.max_producers = max_producers;
    e.max_consumers = max_consumers;
    e.throughput = [](benchmark::State& st, int pairs) { run_queue_throughput<Q>(st, pairs); };
    e.roundtrip = [](benchmark::State& st) { run_queue_roundtrip<Q>(st); };
    e.regime = [](benchmark::State& st, const queue_regime& r, cpu_pair pin) { run_queue_regime<Q>(st, r, pin); };
    return e;
}

// The lists (queue_ours.cpp, queue_peers.cpp).
std::vector<queue_entry> registry_queues();
std::vector<queue_entry> peer_queues();

}  // namespace synclab::bench
