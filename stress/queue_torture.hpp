// The torture scenarios of a queue Q (every entry of synclab::queue_registry
// and its mutants), each for its share of --seconds, in this order (a failed
// one ends the id):
//
//   transfer  producers and consumers (half and half of --threads, capped by
//             the entry's max_producers / max_consumers: queue.spsc runs one
//             of each) through a queue of capacity 4, so the ring wraps all
//             the time. try_push / try_pop (and, where the queue blocks,
//             push / pop three times in four); every value distinct; the
//             slots are plain data ThreadSanitizer watches. Checked: each
//             consumer sees each producer's values in increasing order
//             (per-producer FIFO, nothing duplicated), and at the end the
//             count, sum and xor of what was sent equal those of what was
//             received (nothing lost). At the deadline the producers stop and
//             are joined; then the main thread pushes one end-of-stream pill
//             per consumer (for queue.spsc it is then the only producer,
//             ordered after the joined one by the join). An unbounded entry
//             is built without a capacity. A stack (stack.treiber) is not
//             checked for order, and its pills land on top of what is left:
//             the main thread joins the consumers and drains the rest into
//             the checksum.
//   close     closable queues only: producers push (blocking) until push
//             reports closed, consumers pop until pop reports closed, and at
//             the deadline the main thread calls close() under that load.
//             Checked: every item whose push succeeded was popped exactly
//             once (the checksum), so nothing already queued is lost.
//
// The watchdog (watchdog.hpp) fails any scenario that stops progressing.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "primitives/queue/registry.hpp"
#include "scenario.hpp"

namespace synclab::stress {

// Producers and consumers from --threads, within the entry's limits.
inline split queue_roles(unsigned threads, const queue_properties& p) {
    const split n = producers_and_consumers(threads);
    return {std::min(n.producers, p.max_producers), std::min(n.consumers, p.max_consumers)};
}

template <class Q>
bool queue_push(Q& q, std::uint64_t v, bool blocking) {
    if constexpr (requires { { q.push(v) } -> std::same_as<bool>; }) {
        if (blocking) return q.push(v);
    } else if constexpr (requires { q.push(v); }) {
        if (blocking) {
            q.push(v);
            return true;
        }
    }
    return q.try_push(v);
}

template <class Q>
std::optional<std::uint64_t> queue_pop(Q& q, bool blocking) {
    if constexpr (requires { q.pop(); }) {
        if (blocking) return std::optional<std::uint64_t>(q.pop());
    }
    return q.try_pop();
}

template <class Q, queue_properties Props>
run_result queue_transfer(std::string_view id, const options& opt, double seconds) {
    constexpr bool lifo = Props.order == container_order::lifo;
    // For a stack one more tally: what the main thread drains after the
    // consumers (the pills land on top of it).
    transfer t(queue_roles(opt.threads, Props), std::string(id) + "/transfer", seconds, lifo ? 1 : 0);
    Q queue = make_queue<Q>(buffer_capacity);
    // Each element written by its own thread; for a stack one more, what the
    // main thread drains after the consumers (the pills land on top of it).
    auto producer = [&](unsigned p, worker_log& log, rng& r) {
        for (std::uint64_t sequence = 0; !stopping(t.a);) {
            const std::uint64_t v = item(p, sequence);
            const bool blocking = Props.blocking && r.below(4) != 0;
            log.begin_wait();
            const bool pushed = queue_push(queue, v, blocking);
            log.end_wait();
            if (!pushed) {
                log.failed_try();
                if (r.below(4) == 0) outside_work(r, 64);
                continue;
            }
            t.sent[p].add(v);
            ++sequence;
            log.done_one();
            if (r.below(4) == 0) outside_work(r, 256);
        }
    };
    auto consumer = [&](unsigned self, unsigned c, worker_log& log, rng& r) {
        item_checker checker(t.n.producers);
        for (;;) {
            const bool blocking = Props.blocking && r.below(4) != 0;
            log.begin_wait();
            const std::optional<std::uint64_t> v = queue_pop(queue, blocking);
            log.end_wait();
            if (!v) {
                log.failed_try();
                if (r.below(4) == 0) outside_work(r, 64);
                continue;
            }
            if (*v == end_of_stream) break;
            // A stack's order is the linearizability check's (properties/), not the checker's.
            t.take(lifo ? nullptr : &checker, self, c, *v, log);
            if (r.below(4) == 0) outside_work(r, 256);
        }
    };
    auto wind_down = [&](std::vector<std::thread>& workers) {
        t.a.stop.store(true, std::memory_order_relaxed);  // relaxed: a hint; the joins order the rest
        for (unsigned p = 0; p < t.n.producers; ++p) workers[p].join();
        // After every producer's last item (and ordered after it by the
        // joins): one pill per consumer. A stuck consumer leaves these pushes
        // spinning, and the watchdog fires.
        for (unsigned c = 0; c < t.n.consumers; ++c) {
            while (!queue.try_push(end_of_stream)) std::this_thread::yield();
        }
        if constexpr (lifo) {
            // The pills went on top of what was left: once every consumer
            // has taken its pill, drain the rest here (nothing may be lost).
            for (unsigned c = 0; c < t.n.consumers; ++c) workers[t.n.producers + c].join();
            while (const std::optional<std::uint64_t> v = queue.try_pop()) t.received[t.n.consumers].add(*v);
        }
    };
    return t.run(opt, producer, consumer, wind_down);
}

template <class Q, queue_properties Props>
run_result queue_close(std::string_view id, const options& opt, double seconds) {
    transfer t(queue_roles(opt.threads, Props), std::string(id) + "/close", seconds);
    Q queue = make_queue<Q>(buffer_capacity);
    auto producer = [&](unsigned p, worker_log& log, rng& r) {
        for (std::uint64_t sequence = 0;; ++sequence) {
            const std::uint64_t v = item(p, sequence);
            log.begin_wait();
            const bool pushed = queue.push(v);
            log.end_wait();
            if (!pushed) break;  // closed
            t.sent[p].add(v);
            log.done_one();
            if (r.below(4) == 0) outside_work(r, 256);
        }
    };
    auto consumer = [&](unsigned self, unsigned c, worker_log& log, rng& r) {
        item_checker checker(t.n.producers);
        for (;;) {
            log.begin_wait();
            const std::optional<std::uint64_t> v = queue.pop();
            log.end_wait();
            if (!v) break;  // closed and drained
            t.take(&checker, self, c, *v, log);
            if (r.below(4) == 0) outside_work(r, 256);
        }
    };
    auto wind_down = [&](std::vector<std::thread>&) {
        t.a.stop.store(true, std::memory_order_relaxed);  // relaxed: a hint
        queue.close();  // under load: producers and consumers still running
    };
    return t.run(opt, producer, consumer, wind_down, "pushed before close", "popped",
                 " (an item queued before close() was lost)");
}

// Every scenario of Q, sharing --seconds.
template <class Q, queue_properties Props>
std::vector<run_result> torture_queue(std::string_view id, const options& opt) {
    if constexpr (Props.closable) {
        return run_scenarios(id, {
                                     [&] { return queue_transfer<Q, Props>(id, opt, opt.seconds * 0.6); },
                                     [&] { return queue_close<Q, Props>(id, opt, opt.seconds * 0.4); },
                                 });
    } else {
        return run_scenarios(id, {[&] { return queue_transfer<Q, Props>(id, opt, opt.seconds); }});
    }
}

}  // namespace synclab::stress
