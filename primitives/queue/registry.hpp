// The queue family: every bounded or unbounded queue (and, later, stack) with
// try_push(v) -> bool and try_pop() -> std::optional, and blocking push/pop
// where the structure blocks, with its expected properties. The registry's
// entries carry std::uint64_t items (the checkers and benchmarks push
// distinct 64-bit values); each header is a template over the item type too.
// Adding one: write its header (one algorithm, protocol comment first),
// include it here, add one line.
//
// Every checker, benchmark and property respects `max_producers` and
// `max_consumers`: queue.spsc is used by one producer thread and one consumer
// thread only, whatever thread count a harness is given.
#pragma once

#include <climits>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "../condvar/futex_condvar.hpp"
#include "../mutex/futex_mutex.hpp"
#include "../reclaim/epochs.hpp"
#include "../reclaim/hazard_pointers.hpp"
#include "../registry.hpp"
#include "../semaphore/futex_semaphore.hpp"
#include "blocking_queue.hpp"
#include "mpmc_queue.hpp"
#include "ms_queue.hpp"
#include "semaphore_queue.hpp"
#include "spsc_queue.hpp"
#include "treiber_stack.hpp"

namespace synclab {

enum class container_order : unsigned char { fifo, lifo };
namespace property_values {
using enum container_order;  // order=lifo
}

inline constexpr unsigned any_number = UINT_MAX;  // max_producers / max_consumers: no limit

struct queue_properties {
    bool bounded;            // a fixed capacity, given at construction (try_push fails when full)
    container_order order;   // fifo: items leave in the order they were pushed (per producer, and
                             // across producers as far as linearizability says); lifo: a stack
    unsigned max_producers;  // threads that may push concurrently (any_number: no limit)
    unsigned max_consumers;  // threads that may pop concurrently
    bool blocking;           // has push/pop that wait for room/an item
    bool closable;           // has close(): push then reports closed, pop drains then reports closed
    bool exact_try_failures; // a failed try_push / try_pop means the queue was full / empty at some
                             // instant of the call; false: it may also fail while another thread is
                             // between the two halves of its operation (not linearizable without that excuse)
};

// As `synclab list` shows them (registry.hpp, property_flag): "2p1c" is at
// most 2 producers and 1 consumer at once, "npnc" any number of each.
inline std::vector<property_flag> property_flags(const queue_properties& p) {
    const auto limit = [](unsigned n) { return n == any_number ? std::string("n") : std::to_string(n); };
    return {{"bounded", p.bounded},
            {"unbounded", !p.bounded},
            {"fifo", p.order == container_order::fifo},
            {"lifo", p.order == container_order::lifo},
            {limit(p.max_producers) + "p" + limit(p.max_consumers) + "c", true},
            {"blocking", p.blocking},
            {"close", p.closable},
            {"exact-try-failures", p.exact_try_failures}};
}

using queue_item = std::uint64_t;

// The registry's instantiations: items of queue_item; the blocking ones built
// from the futex mutex, condition variable and semaphore of the other
// registries (their own faults are those registries' mutants; F is unused).
template <class P, class F>
using spsc_ring = spsc_queue<queue_item, P, F>;
template <class P, class F>
using mpmc_ring = mpmc_queue<queue_item, P, F>;
template <class P, class F>
using monitor_queue = blocking_queue<queue_item, futex_mutex<P>, futex_condvar<P>, P>;
template <class P, class F>
using two_semaphore_queue = semaphore_queue<queue_item, futex_semaphore<P>, P>;
template <class P, class F>
using treiber_hazard_stack = treiber_stack<queue_item, P, F>;
template <class P, class F>
using michael_scott_queue = ms_queue<queue_item, P, F>;
// The same two structures with the other reclamation schemes (reclaim/).
template <class P, class F>
using treiber_asymmetric_stack = treiber_stack<queue_item, P, F, asymmetric_hazard_domain>;
template <class P, class F>
using treiber_epoch_stack = treiber_stack<queue_item, P, F, epoch_domain>;
template <class P, class F>
using michael_scott_asymmetric_queue = ms_queue<queue_item, P, F, asymmetric_hazard_domain>;
template <class P, class F>
using michael_scott_epoch_queue = ms_queue<queue_item, P, F, epoch_domain>;

// A registry container as a harness builds it: Q(capacity) for the bounded
// ones (which check it), Q() for the unbounded ones, which take none (the
// capacity a harness sizes its scenario with is then unused). A prvalue, so
// it also initializes members and locals of the non-movable containers.
template <class Q>
Q make_queue(std::size_t capacity) {
    if constexpr (std::is_constructible_v<Q, std::size_t>) {
        return Q(capacity);
    } else {
        static_assert(std::is_default_constructible_v<Q>, "a container takes its capacity or nothing");
        return Q();
    }
}

// The properties of the unbounded lock-free structures, one entry per
// reclamation scheme: any number of producers and consumers, exact failures.
constexpr queue_properties unbounded_lock_free(container_order order) {
    return {.bounded = false, .order = order, .max_producers = any_number, .max_consumers = any_number,
            .blocking = false, .closable = false, .exact_try_failures = true};
}

using queue_registry = registry<
    implementation<"queue.spsc", spsc_ring,
                   "bounded single-producer single-consumer ring, cached head/tail indices (Lamport)",
                   queue_properties{.bounded = true, .order = container_order::fifo, .max_producers = 1,
                                    .max_consumers = 1, .blocking = false, .closable = false,
                                    .exact_try_failures = true}>,
    implementation<"queue.mpmc", mpmc_ring, "bounded MPMC queue with per-cell sequence numbers (Vyukov)",
                   queue_properties{.bounded = true, .order = container_order::fifo, .max_producers = any_number,
                                    .max_consumers = any_number, .blocking = false, .closable = false,
                                    .exact_try_failures = false}>,
    implementation<"queue.blocking", monitor_queue,
                   "bounded blocking queue: mutex.futex and two condvar.futex, with close()",
                   queue_properties{.bounded = true, .order = container_order::fifo, .max_producers = any_number,
                                    .max_consumers = any_number, .blocking = true, .closable = true,
                                    .exact_try_failures = true}>,
    implementation<"queue.semaphore", two_semaphore_queue,
                   "bounded blocking queue of semaphore.futex: free slots, full slots, a key of 1",
                   queue_properties{.bounded = true, .order = container_order::fifo, .max_producers = any_number,
                                    .max_consumers = any_number, .blocking = true, .closable = false,
                                    .exact_try_failures = false}>,
    implementation<"stack.treiber", treiber_hazard_stack,
                   "unbounded lock-free stack, CAS on top (Treiber), popped nodes freed by hazard pointers",
                   unbounded_lock_free(container_order::lifo)>,
    implementation<"queue.ms", michael_scott_queue,
                   "unbounded lock-free queue, dummy node, helped tail (Michael & Scott), hazard pointers",
                   unbounded_lock_free(container_order::fifo)>,
    implementation<"stack.treiber_asym_hp", treiber_asymmetric_stack,
                   "stack.treiber with asymmetric hazard pointers: a compiler barrier per announce, membarrier per scan",
                   unbounded_lock_free(container_order::lifo)>,
    implementation<"stack.treiber_epoch", treiber_epoch_stack,
                   "stack.treiber with epoch-based reclamation (Fraser): garbage unbounded while a reader stalls",
                   unbounded_lock_free(container_order::lifo)>,
    implementation<"queue.ms_asym_hp", michael_scott_asymmetric_queue,
                   "queue.ms with asymmetric hazard pointers: a compiler barrier per announce, membarrier per scan",
                   unbounded_lock_free(container_order::fifo)>,
    implementation<"queue.ms_epoch", michael_scott_epoch_queue,
                   "queue.ms with epoch-based reclamation (Fraser): garbage unbounded while a reader stalls",
                   unbounded_lock_free(container_order::fifo)>>;

}  // namespace synclab
