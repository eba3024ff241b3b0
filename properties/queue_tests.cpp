// The queue family and its peers, checked for linearizability on real threads
// (queue_scenario.hpp: rapidcheck generates per-thread programs, the history
// is judged by the Wing & Gong / Lowe checker of linearizability.hpp against
// the specs of container_spec.hpp, and a failure shrinks to a minimal
// non-linearizable history, printed step by step):
//
//   Queue.<id>         every queue_registry entry, as a bounded FIFO buffer of
//                      its capacity (2 or 4: the rings take powers of two).
//                      Entries that allow one producer and one consumer
//                      (queue.spsc) get two-thread programs, thread 0 only
//                      try_push, thread 1 only try_pop; the rest get 2-3
//                      threads mixing them (and blocking push/pop where the
//                      entry blocks). Entries whose properties say
//                      exact_try_failures = false (queue.mpmc, queue.semaphore)
//                      are held to the strict spec except that a try_ failure
//                      may overlap another thread's unfinished operation (see
//                      mpmc_queue.hpp and queue_scenario.hpp for why).
//   QueuePeer.<peer>   the peers that claim a FIFO queue, as a bounded FIFO
//                      queue of capacity 64 (these programs never fill it, so
//                      it judges them as an unbounded queue would), each
//                      with its expected verdict: moodycamel::ConcurrentQueue
//                      is expected to be refuted (its consumers take from one
//                      producer's sub-queue at a time, so an item pushed after
//                      another producer's completed push can come out first:
//                      FIFO per producer only, as its documentation says); the
//                      others to hold.
//                      Unbounded entries (stack.treiber, queue.ms) get 2-3
//                      threads of try_push / try_pop against an unbounded
//                      stack (lifo) or FIFO queue spec, exact failures.
//   QueueCanFail.*     the two-thread generator finds a LIFO buffer; the
//                      stack spec refutes a FIFO queue.
#include <bit>
#include <cstdint>
#include <deque>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <boost/lockfree/queue.hpp>
#include <boost/lockfree/spsc_queue.hpp>
#include <concurrentqueue/concurrentqueue.h>
#include <concurrentqueue/blockingconcurrentqueue.h>
#include <oneapi/tbb/concurrent_queue.h>

#include <gtest/gtest.h>

#include "primitives/queue/toys.hpp"
#include "primitives/platform/native.hpp"
#include "primitives/queue/mutants.hpp"
#include "queue_properties.hpp"
#include "queue_scenario.hpp"
#include "registration.hpp"
#include "test_registration.hpp"

// Concurrency Kit's ck_ring, through the bench's C wrapper.
#include "peers/ck_ring_peers.h"

namespace synclab::properties {
namespace {

// ---------------------------------------------------------------- peers

constexpr std::size_t peer_capacity = 64;

struct boost_spsc_queue {
    explicit boost_spsc_queue(std::size_t) : q(peer_capacity) {}
    bool try_push(int v) { return q.push(v); }
    std::optional<int> try_pop() {
        int v;
        return q.pop(v) ? std::optional<int>(v) : std::nullopt;
    }
    boost::lockfree::spsc_queue<int> q;
};

struct boost_queue {
    explicit boost_queue(std::size_t) : q(peer_capacity) {}
    bool try_push(int v) { return q.bounded_push(v); }
    std::optional<int> try_pop() {
        int v;
        return q.pop(v) ? std::optional<int>(v) : std::nullopt;
    }
    boost::lockfree::queue<int> q;
};

// enqueue, not try_enqueue: each implicit producer needs a block of its own,
// which try_enqueue may not allocate (a "full" that is not a real one).
template <class Moody>
struct moodycamel_queue {
    explicit moodycamel_queue(std::size_t) : q(peer_capacity) {}
    bool try_push(int v) { return q.enqueue(v); }
    std::optional<int> try_pop() {
        int v;
        return q.try_dequeue(v) ? std::optional<int>(v) : std::nullopt;
    }
    Moody q;
};

struct tbb_bounded_queue {
    explicit tbb_bounded_queue(std::size_t) { q.set_capacity(peer_capacity); }
    bool try_push(int v) { return q.try_push(v); }
    std::optional<int> try_pop() {
        int v;
        return q.try_pop(v) ? std::optional<int>(v) : std::nullopt;
    }
    tbb::concurrent_bounded_queue<int> q;
};

struct tbb_queue {
    explicit tbb_queue(std::size_t) {}
    bool try_push(int v) {
        q.push(v);
        return true;
    }
    std::optional<int> try_pop() {
        int v;
        return q.try_pop(v) ? std::optional<int>(v) : std::nullopt;
    }
    tbb::concurrent_queue<int> q;
};

template <bool Spsc>
struct ck_ring {
    explicit ck_ring(std::size_t) : h(synclab_ck_ring_create(2 * peer_capacity)) {}
    ~ck_ring() { synclab_ck_ring_destroy(h); }
    ck_ring(const ck_ring&) = delete;
    ck_ring& operator=(const ck_ring&) = delete;
    bool try_push(int v) {
        const auto u = static_cast<std::uint64_t>(v);
        return Spsc ? synclab_ck_ring_push_spsc(h, u) : synclab_ck_ring_push_mpmc(h, u);
    }
    std::optional<int> try_pop() {
        std::uint64_t v = 0;
        const bool got = Spsc ? synclab_ck_ring_pop_spsc(h, &v) : synclab_ck_ring_pop_mpmc(h, &v);
        return got ? std::optional<int>(static_cast<int>(v)) : std::nullopt;
    }
    void* h;
};

// Registers QueuePeer.<name>: linearizable as a FIFO queue iff `holds`.
template <class Q>
void register_peer(const std::string& name, bool spsc, bool holds, const settings& s) {
    register_test("QueuePeer", name, __FILE__, __LINE__, [name, spsc, holds, s] {
        auto property = [runs = s.buffer_runs, spsc] {
            buffer_scenario sc = spsc ? *gen_spsc_scenario() : *gen_buffer_scenario(false);
            sc.capacity = peer_capacity;  // as the spec says (the peer ignores it)
            check_container_scenario<Q>(sc, runs, bounded_buffer_spec(peer_capacity));
        };
        if (holds) {
            expect_property("QueuePeer/" + name, property, s.buffer_cases);
            return;
        }
        // Expected to be refuted: the shrunk counterexample is the finding.
        const auto result = run_property("QueuePeer/" + name, property, 300, /*expected_to_fail=*/true);
        std::cout << "[refuted as expected] QueuePeer/" << name << ": " << result_message(result) << std::endl;
        EXPECT_TRUE(result.template is<rc::detail::FailureResult>())
            << name << " was expected not to be linearizable as a FIFO queue; no counterexample found in "
            << "300 cases: " << result_message(result);
    });
}

}  // namespace

void register_queue_properties(const settings& s) {
    register_queue_entries<queue_registry, queue_mutants>(s);
    register_peer<boost_spsc_queue>("boost_spsc_queue", /*spsc=*/true, /*holds=*/true, s);
    register_peer<boost_queue>("boost_queue", false, true, s);
    register_peer<tbb_bounded_queue>("tbb_concurrent_bounded_queue", false, true, s);
    register_peer<tbb_queue>("tbb_concurrent_queue", false, true, s);
    register_peer<ck_ring<true>>("ck_ring_spsc", true, true, s);
    register_peer<ck_ring<false>>("ck_ring_mpmc", false, true, s);
    register_peer<moodycamel_queue<moodycamel::ConcurrentQueue<int>>>("moodycamel_queue", false, false, s);
    register_peer<moodycamel_queue<moodycamel::BlockingConcurrentQueue<int>>>("moodycamel_blocking_queue", false,
                                                                               false, s);
}

namespace {

// The two-thread generator can fail: a LIFO buffer is refuted with it.
TEST(QueueCanFail, SpscScenariosFindLifoBuffer) {
    const auto result = run_property(
        "QueueCanFail/spsc/lifo_buffer",
        [] {
            const buffer_scenario sc = *with_ring_capacity(gen_spsc_scenario());
            check_container_scenario<lifo_buffer<platform::native>>(sc, 3, bounded_buffer_spec(sc.capacity));
        },
        200, /*expected_to_fail=*/true);
    std::cout << "[can-fail] QueueCanFail/spsc/lifo_buffer: " << result_message(result) << std::endl;
    EXPECT_TRUE(result.template is<rc::detail::FailureResult>());
}

// The stack spec can fail: a FIFO queue (queue.ms) is refuted as a stack
// (two pushes then two pops by one thread already tell them apart).
TEST(QueueCanFail, StackSpecRefutesFifoQueue) {
    using fifo = ms_queue<std::uint64_t, platform::native>;
    const auto result = run_property(
        "QueueCanFail/stack_spec/queue.ms",
        [] { check_container_scenario<fifo>(*gen_buffer_scenario(false), 3, lifo_stack_spec()); }, 200,
        /*expected_to_fail=*/true);
    std::cout << "[can-fail] QueueCanFail/stack_spec/queue.ms: " << result_message(result) << std::endl;
    EXPECT_TRUE(result.template is<rc::detail::FailureResult>());
}

}  // namespace
}  // namespace synclab::properties
