// The Relacy suites of the queue family, over a checkable C whose C::type has
// try_push(v) -> bool and try_pop() -> optional (and push/pop where
// C::properties.blocking), constructed with its capacity.
//
// Every suite respects the entry's producer and consumer limits
// (C::properties.max_producers / max_consumers): queue.spsc gets one producer
// thread and one consumer thread, and any further threads of the
// configuration stay idle.
//
// What they catch: an item lost or duplicated (the consumers' records, after());
// an item of one producer overtaking an earlier one of the same producer at a
// consumer (per-producer FIFO, asserted as each item arrives); a push or pop
// whose ordering does not publish the slot (a DATA RACE on the slot, which the
// queues keep in P::plain); try_push succeeding on a full queue or try_pop on
// an empty one (assertions); a leaked ring (Relacy's leak check: the ring is
// allocated through the seam); a lost wake-up in a blocking queue (DEADLOCK).
#pragma once

#include "models/suite.hpp"
#include "primitives/queue/toys.hpp"
#include "models/plan.hpp"
#include "models/semaphore_suites.hpp"  // buffer_value, expect_each_value_once

namespace synclab::models {

namespace queue_detail {

// Producers and consumers of N threads, within the entry's limits: half and
// half (producers the smaller half), then capped.
template <class C, rl::thread_id_t N>
struct roles {
    static constexpr unsigned wanted_producers = N / 2;
    static constexpr unsigned producers =
        wanted_producers < C::properties.max_producers ? wanted_producers : C::properties.max_producers;
    static constexpr unsigned wanted_consumers = N - wanted_producers;
    static constexpr unsigned consumers =
        wanted_consumers < C::properties.max_consumers ? wanted_consumers : C::properties.max_consumers;
    static_assert(producers >= 1 && consumers >= 1 && producers + consumers <= N);
};

// Pushes v: blocking push every other time where the queue has one, else
// try_push until it succeeds (a spin that yields, so Relacy sees the wait).
template <class Q, bool Blocking>
void put(Q& q, std::uint64_t v, int k) {
    if constexpr (Blocking) {
        if (k % 2 == 0) {
            q.push(v);
            return;
        }
    }
    while (!q.try_push(v)) P::spin_pause();
}

template <class Q, bool Blocking>
std::uint64_t get(Q& q, int k) {
    if constexpr (Blocking) {
        if (k % 2 == 0) {
            if constexpr (requires { { q.pop() } -> std::same_as<std::optional<std::uint64_t>>; }) {
                const std::optional<std::uint64_t> v = q.pop();
                RL_ASSERT(v.has_value());  // never closed here
                return v ? *v : 0;
            } else {
                return q.pop();
            }
        }
    }
    for (;;) {
        if (const std::optional<std::uint64_t> v = q.try_pop()) return *v;
        P::spin_pause();
    }
}

}  // namespace queue_detail

// 1. Transfer: the producers each push ops_per_thread distinct values
// (buffer_value(p, k)), the consumers pop them all between them (consumer c
// pops a fixed share, the first taking the remainder), through a queue of
// capacity 2, so with 2 or more values per producer the ring wraps and every
// cell is reused. Each consumer asserts that the values of each producer
// reach it in increasing k (per-producer FIFO; not for a stack); after():
// every value was seen exactly once (nothing lost, nothing duplicated). An
// unbounded entry is built without a capacity (make_queue); its nodes are
// allocated through the seam, so a leaked or twice-freed node and a node
// read after it was freed are Relacy's LEAK / ACCESS TO FREED MEMORY.
template <class C, rl::thread_id_t N>
struct queue_transfer_suite : rl::test_suite<queue_transfer_suite<C, N>, N> {
    using roles = queue_detail::roles<C, N>;
    static constexpr int producers = int(roles::producers);
    static constexpr int consumers = int(roles::consumers);
    static constexpr int per_consumer_max = max_ops * max_threads;
    static constexpr bool blocking = C::properties.blocking;

    typename C::type queue = make_queue<typename C::type>(2);
    int got[consumers][per_consumer_max];  // only consumer c writes got[c]; after() reads it
    int count[consumers];

    void before() {
        for (int& n : count) n = 0;
    }

    void thread(unsigned i) {
        const int me = int(i);
        if (me < producers) {
            for (int k = 0; k < ops_per_thread; ++k) {
                queue_detail::put<typename C::type, blocking>(queue, std::uint64_t(buffer_value(me, k)), k);
            }
            return;
        }
        const int c = me - producers;
        if (c >= consumers) return;  // beyond the entry's limits: idle
        const int total = producers * ops_per_thread;
        const int share = total / consumers + (c == 0 ? total % consumers : 0);
        int last_k[producers];
        for (int& k : last_k) k = -1;
        for (int n = 0; n < share; ++n) {
            const int v = int(queue_detail::get<typename C::type, blocking>(queue, n));
            const int p = (v - 1) / 64, k = (v - 1) % 64;
            RL_ASSERT(p >= 0 && p < producers);
            if (p >= 0 && p < producers && C::properties.order == container_order::fifo) {
                RL_ASSERT(k > last_k[p]);  // per-producer FIFO (a stack's order: the lifo suite)
                last_k[p] = k;
            }
            got[c][count[c]++] = v;
        }
    }

    void after() { expect_each_value_once<producers>(got, count, ops_per_thread); }
};

// 2. Full and empty: only the first producer and the first consumer work
// (threads 0 and 1; the others stay idle). The consumer's try_pop on the
// fresh queue finds nothing, then it lets the producer go (flag `empty_seen`);
// the producer fills the queue (capacity 2: both try_push succeed), asserts a
// third try_push fails, lets the consumer go (flag `filled`), then pushes
// ops_per_thread more (waiting for room). The consumer pops 2 +
// ops_per_thread values, which must be 1, 2, 3, ... in order, and then finds
// the queue empty again.
template <class C, rl::thread_id_t N>
struct queue_full_empty_suite : rl::test_suite<queue_full_empty_suite<C, N>, N> {
    static constexpr std::size_t capacity = 2;
    static constexpr bool blocking = C::properties.blocking;

    typename C::type queue{capacity};
    P::atomic<int> empty_seen{0};
    P::atomic<int> filled{0};

    void thread(unsigned i) {
        if (i == 0) {
            // acquire: pairs with the consumer's release store below, so its
            // try_pop ran before any push.
            while (empty_seen.load(std::memory_order_acquire) == 0) P::spin_pause();
            for (std::uint64_t v = 1; v <= capacity; ++v) RL_ASSERT(queue.try_push(v));
            RL_ASSERT(!queue.try_push(capacity + 1));  // full, and nobody has popped
            // release: pairs with the consumer's acquire load below.
            filled.store(1, std::memory_order_release);
            for (int k = 0; k < ops_per_thread; ++k) {
                queue_detail::put<typename C::type, blocking>(queue, capacity + 1 + std::uint64_t(k), k + 1);
            }
        } else if (i == 1) {
            RL_ASSERT(!queue.try_pop().has_value());  // fresh: empty
            // release: pairs with the producer's acquire load above.
            empty_seen.store(1, std::memory_order_release);
            // acquire: pairs with the producer's release store above.
            while (filled.load(std::memory_order_acquire) == 0) P::spin_pause();
            for (int n = 0; n < int(capacity) + ops_per_thread; ++n) {
                const std::uint64_t v = queue_detail::get<typename C::type, blocking>(queue, n + 1);
                RL_ASSERT(v == std::uint64_t(n) + 1);
            }
            RL_ASSERT(!queue.try_pop().has_value());  // everything was popped
        }
    }
};

// 3. close() under load, for closable queues only (see below). The first
// producer pushes ops_per_thread values with push(), then closes; the other
// producers push (blocking) until push reports closed; the consumers pop until
// pop reports closed. Every value whose push succeeded was popped exactly once
// (nothing already queued is lost), the first producer's all of them; and the
// last thread to finish finds that a push after close() reports closed and
// that nothing is left.
template <class C, rl::thread_id_t N>
struct queue_close_suite : rl::test_suite<queue_close_suite<C, N>, N> {
    using roles = queue_detail::roles<C, N>;
    static constexpr int producers = int(roles::producers);
    static constexpr int consumers = int(roles::consumers);
    static constexpr int per_consumer_max = max_ops * max_threads + max_threads;

    typename C::type queue = make_queue<typename C::type>(2);
    P::atomic<int> finished{0};
    int pushed[producers];  // only producer p writes pushed[p]; after() reads it
    int got[consumers][per_consumer_max];
    int count[consumers];

    void before() {
        for (int& n : count) n = 0;
        for (int& n : pushed) n = 0;
    }

    void thread(unsigned i) {
        if constexpr (C::properties.closable) {
            const int me = int(i);
            if (me < producers) {
                for (int k = 0; k < (me == 0 ? ops_per_thread : ops_per_thread + 1); ++k) {
                    if (!queue.push(std::uint64_t(buffer_value(me, k)))) {
                        RL_ASSERT(me != 0);  // only producer 0 closes, after its own pushes
                        break;
                    }
                    ++pushed[me];
                }
                if (me == 0) queue.close();
            } else if (const int c = me - producers; c < consumers) {
                while (const std::optional<std::uint64_t> v = queue.pop()) got[c][count[c]++] = int(*v);
            }
            if (semaphore_detail::last_to_finish(finished, N)) {
                RL_ASSERT(!queue.push(1));  // closed
                RL_ASSERT(!queue.try_pop().has_value());
            }
        }
    }

    void after() {
        if constexpr (C::properties.closable) {
            RL_ASSERT(pushed[0] == ops_per_thread);
            int seen[max_buffer_value + 1] = {};
            for (int c = 0; c < consumers; ++c) {
                for (int k = 0; k < count[c]; ++k) {
                    const int v = got[c][k];
                    RL_ASSERT(v > 0 && v <= max_buffer_value);
                    if (v > 0 && v <= max_buffer_value) ++seen[v];
                }
            }
            for (int p = 0; p < producers; ++p) {
                for (int k = 0; k <= ops_per_thread; ++k) RL_ASSERT(seen[buffer_value(p, k)] == (k < pushed[p] ? 1 : 0));
            }
        }
    }
};

// The close suite applies to closable entries only: for the others it is
// neither built nor run (concepts.hpp, applies).
struct queue_close_suite_entry : suite<queue_close_suite, "close"> {
    template <class E>
    static constexpr bool applies_to() {
        return E::properties.closable;
    }
};

// 4. The ABA scenario of a stack (lifo entries only; threads 0 and 1 work,
// any others stay idle). The stack starts as 1 (top), 2, 3. Thread 0 pops
// once. Thread 1 pops a, pops b, and pushes a back. Under the full search
// thread 0 is also stopped between reading top (node of 1) and its next
// (node of 2) and its CAS, while thread 1 pops both and pushes 1 again: the
// ABA interleaving. A stack without safe reclamation reads the freed node
// (ACCESS TO FREED MEMORY, or ACCESS TO UNINITIALIZED VARIABLE once Relacy
// has handed the memory out again) or, if the memory came back as the new
// node, CASes top to the popped node of 2 (a value popped twice, which the
// last thread's count asserts). Found for stack.treiber~no-reclaim-aba by
// the random search (iteration 44); the full search's cap (150k) ends
// before the DFS reaches that preemption. Asserted: thread 1's a < b (nothing smaller
// than a was pushed before its second pop); the last thread to finish pops
// the rest, in increasing order (LIFO), and every value 1, 2, 3 is popped
// exactly once overall (a, pushed back, counts once).
template <class C, rl::thread_id_t N>
struct stack_aba_suite : rl::test_suite<stack_aba_suite<C, N>, N> {
    typename C::type stack = make_queue<typename C::type>(4);
    P::atomic<int> finished{0};
    int popped_by_0 = 0;    // written by thread 0 only, read by the last thread after `finished`
    int popped_by_1[2] = {};  // thread 1's a and b

    void before() {
        for (std::uint64_t v = 3; v >= 1; --v) RL_ASSERT(stack.try_push(v));
    }

    void thread(unsigned i) {
        if (i == 0) {
            const std::optional<std::uint64_t> v = stack.try_pop();
            RL_ASSERT(v.has_value());  // three values, thread 1 takes at most two at a time
            popped_by_0 = v ? int(*v) : 0;
        } else if (i == 1) {
            const std::optional<std::uint64_t> a = stack.try_pop();
            const std::optional<std::uint64_t> b = stack.try_pop();
            RL_ASSERT(a.has_value() && b.has_value());
            if (a && b) {
                RL_ASSERT(*a < *b);
                popped_by_1[0] = int(*a);
                popped_by_1[1] = int(*b);
                RL_ASSERT(stack.try_push(*a));  // A back on top
            }
        }
        // acq_rel inside: the last thread sees both threads' records.
        if (semaphore_detail::last_to_finish(finished, N)) {
            int seen[4] = {};
            if (popped_by_0 >= 1 && popped_by_0 <= 3) ++seen[popped_by_0];
            if (popped_by_1[1] >= 1 && popped_by_1[1] <= 3) ++seen[popped_by_1[1]];
            int last = 0;
            while (const std::optional<std::uint64_t> v = stack.try_pop()) {
                RL_ASSERT(*v >= 1 && *v <= 3);
                RL_ASSERT(int(*v) > last);  // what is left pops newest (smallest) first
                last = int(*v);
                if (*v >= 1 && *v <= 3) ++seen[*v];
            }
            for (int v = 1; v <= 3; ++v) RL_ASSERT(seen[v] == 1);  // nothing lost or popped twice
        }
    }
};

struct stack_aba_suite_entry : suite<stack_aba_suite, "aba"> {
    template <class E>
    static constexpr bool applies_to() {
        return E::properties.order == container_order::lifo;
    }
};

// The full/empty suite needs a capacity: bounded entries only.
struct queue_full_empty_suite_entry : suite<queue_full_empty_suite, "full_empty"> {
    template <class E>
    static constexpr bool applies_to() {
        return E::properties.bounded;
    }
};

using queue_suites = suite_list<suite<queue_transfer_suite, "transfer">, queue_full_empty_suite_entry,
                                queue_close_suite_entry, stack_aba_suite_entry>;


// The queue concept of the model layer: its implementations, its broken variants,
// its suites and its default plan (listed by primitives/concepts.tsv).
// Storage variants only the model layer lists beside the registry: the same
// algorithm source under another policy, so Relacy checks the form a shared
// mapping holds too. queue.mpmc.cells_in_place is queue.mpmc with its cells
// inside the object (cells_in_place, primitives/queue/cell_storage.hpp), as a
// queue placed in a region shared by processes keeps them (no pointer),
// sized 2, the capacity every queue suite builds with. (The futex primitives
// need no such entry: private or shared is the platform binding's futex flag,
// and the source under Relacy is the one source.)
template <class P, class F>
using mpmc_ring_cells_in_place = mpmc_queue<queue_item, P, F, cells_in_place<2>>;
using queue_storage_variants = registry<implementation<
    "queue.mpmc.cells_in_place", mpmc_ring_cells_in_place,
    "queue.mpmc with its 2 cells in the object, as in a shared mapping (model layer only)",
    queue_registry::at<queue_registry::index_of("queue.mpmc")>::properties>>;

struct queue_concept {
    static constexpr std::string_view name = "queue";
    // The registry, then the storage variants above.
    using implementations = concat_registries<queue_registry, queue_storage_variants>::type;
    // primitives/queue/mutants.hpp (every suite runs them), then its toys (primitives/queue/toys.hpp)
    using broken = concat_registries<queue_mutants, queue_toys>::type;
    using suites = queue_suites;
    static std::vector<configuration> default_plan();
};

// Queues, measured here (2 cores, RelWithDebInfo), per suite transfer /
// full_empty / close:
//   full, 2 threads (1P1C) x 3 values through capacity 2 (the ring wraps):
//     none ends within 1M iterations (every spin on an empty or full queue is
//     a yield, so a branch); 1M transfer iterations take 3-5 s, full_empty
//     5-25 s (queue.blocking), close 4.8 s (queue.blocking; the close suite
//     is built for closable entries only). Every mutant of primitives/queue/mutants.hpp
//     fails at iteration 1 of the full transfer search.
//   bound 2, 3 threads x 2 values: transfer ends for spsc (1.8k), mpmc (213k),
//     blocking (27k); the semaphore queue passes 500k without ending (1.8 s).
//   random, 4 threads x 3 values: 100k iterations in 0.5-2 s per suite.
inline std::vector<configuration> queue_concept::default_plan() {
    return {
        // 2 threads (one producer, one consumer), every interleaving, capped.
        make_configuration<queue_concept>(search::full, 0, [](std::string_view family) {
            return family == "transfer" ? knobs{3, 500'000} : knobs{3, 150'000};
        }),
        // 3 threads (two producers, one consumer where allowed), at most 2 preemptions, capped.
        make_configuration<queue_concept>(search::bound, 2, [](std::string_view) { return knobs{2, 300'000}; }),
        // 4 threads (two and two where allowed), random interleavings.
        make_configuration<queue_concept>(search::random, 0, [](std::string_view) { return knobs{3, 50'000}; }),
    };
}

}  // namespace synclab::models
