// Queue peers from Boost.Lockfree, moodycamel and oneTBB, adapted to the
// queue scenarios' shape (explicit Q(capacity), try_push, try_pop(T&)) as
// people use them, each bounded at the scenario's capacity where it can be:
//   boost::lockfree::spsc_queue  runtime capacity; push/pop (single producer and consumer)
//                                and, as peer.boost_spsc_queue_ct, capacity<1024> at compile time
//   boost::lockfree::queue       a node pool of `capacity`; bounded_push (never allocates)/pop
//   moodycamel ConcurrentQueue   constructed for `capacity`; try_enqueue (never allocates)/try_dequeue,
//                                no producer or consumer tokens (implicit producers)
//   moodycamel BlockingConcurrentQueue  the same, plus its semaphore
//   tbb::concurrent_bounded_queue  set_capacity; try_push/try_pop
//   tbb::concurrent_queue        unbounded: try_push refuses when size() >= capacity (a soft bound,
//                                so the producers cannot run ahead without limit), push/try_pop
//   ck_ring (spsc and mpmc)      `capacity` slots (it holds capacity - 1 items), through a C wrapper
//                                (peers/ck_ring_peers.c: one call per operation, not inlined)
//   boost::lockfree::stack       a node pool of `capacity`; bounded_push (never allocates)/pop
//                                (the peer of stack.treiber; tagged pointers against ABA)
//   liburcu cds_lfq              unbounded RCU lock-free queue (memb flavour), nodes freed by
//                                call_rcu, through a C wrapper (peers/urcu_lfq_peers.c); under the
//                                soft bound of soft_bounded, as our unbounded queue.ms; each
//                                thread registers with RCU on its first operation
#include "queue_scenarios.hpp"

#include <boost/lockfree/queue.hpp>
#include <boost/lockfree/spsc_queue.hpp>
#include <boost/lockfree/stack.hpp>
#include <concurrentqueue/concurrentqueue.h>
#include <concurrentqueue/blockingconcurrentqueue.h>
#include <oneapi/tbb/concurrent_queue.h>

#include <cstdint>
#include <stdexcept>

#include "peers/ck_ring_peers.h"
#include "peers/urcu_lfq_peers.h"

namespace synclab::bench {
namespace {

template <bool Spsc>
struct ck_ring {
    explicit ck_ring(std::size_t capacity) : h(synclab_ck_ring_create(static_cast<unsigned>(capacity))) {}
    ~ck_ring() { synclab_ck_ring_destroy(h); }
    ck_ring(const ck_ring&) = delete;
    ck_ring& operator=(const ck_ring&) = delete;
    bool try_push(std::uint64_t v) { return Spsc ? synclab_ck_ring_push_spsc(h, v) : synclab_ck_ring_push_mpmc(h, v); }
    bool try_pop(std::uint64_t& v) { return Spsc ? synclab_ck_ring_pop_spsc(h, &v) : synclab_ck_ring_pop_mpmc(h, &v); }
    void* h;
};

struct boost_spsc {
    explicit boost_spsc(std::size_t capacity) : q(capacity) {}
    bool try_push(std::uint64_t v) { return q.push(v); }
    bool try_pop(std::uint64_t& v) { return q.pop(v); }
    boost::lockfree::spsc_queue<std::uint64_t> q;
};

// The same queue with its capacity fixed at compile time (boost's fastest
// configuration: the index arithmetic folds to constants).
struct boost_spsc_ct {
    explicit boost_spsc_ct(std::size_t capacity) {
        if (capacity != queue_capacity) throw std::invalid_argument("boost_spsc_ct: capacity is fixed at 1024");
    }
    bool try_push(std::uint64_t v) { return q.push(v); }
    bool try_pop(std::uint64_t& v) { return q.pop(v); }
    boost::lockfree::spsc_queue<std::uint64_t, boost::lockfree::capacity<queue_capacity>> q;
};

struct boost_queue {
    explicit boost_queue(std::size_t capacity) : q(capacity) {}
    bool try_push(std::uint64_t v) { return q.bounded_push(v); }
    bool try_pop(std::uint64_t& v) { return q.pop(v); }
    boost::lockfree::queue<std::uint64_t> q;
};

struct boost_stack {
    explicit boost_stack(std::size_t capacity) : s(capacity) {}
    bool try_push(std::uint64_t v) { return s.bounded_push(v); }
    bool try_pop(std::uint64_t& v) { return s.pop(v); }
    boost::lockfree::stack<std::uint64_t> s;
};

// A thread's RCU registration, from its first operation to its exit.
struct urcu_thread_registration {
    urcu_thread_registration() { synclab_urcu_register_thread(); }
    ~urcu_thread_registration() { synclab_urcu_unregister_thread(); }
    urcu_thread_registration(const urcu_thread_registration&) = delete;
    urcu_thread_registration& operator=(const urcu_thread_registration&) = delete;
};

inline void urcu_register_this_thread() { thread_local urcu_thread_registration registration; }

struct urcu_lfq {
    explicit urcu_lfq(std::size_t) : h(synclab_urcu_lfq_create()) {}
    ~urcu_lfq() {
        urcu_register_this_thread();  // the drain in destroy pops (a read-side section)
        synclab_urcu_lfq_destroy(h);
    }
    urcu_lfq(const urcu_lfq&) = delete;
    urcu_lfq& operator=(const urcu_lfq&) = delete;
    bool try_push(std::uint64_t v) {
        urcu_register_this_thread();
        synclab_urcu_lfq_push(h, v);
        return true;
    }
    bool try_pop(std::uint64_t& v) {
        urcu_register_this_thread();
        return synclab_urcu_lfq_pop(h, &v);
    }
    void* h;
};

struct moodycamel_queue {
    explicit moodycamel_queue(std::size_t capacity) : q(capacity) {}
    bool try_push(std::uint64_t v) { return q.try_enqueue(v); }
    bool try_pop(std::uint64_t& v) { return q.try_dequeue(v); }
    moodycamel::ConcurrentQueue<std::uint64_t> q;
};

struct moodycamel_blocking_queue {
    explicit moodycamel_blocking_queue(std::size_t capacity) : q(capacity) {}
    bool try_push(std::uint64_t v) { return q.try_enqueue(v); }
    bool try_pop(std::uint64_t& v) { return q.try_dequeue(v); }
    moodycamel::BlockingConcurrentQueue<std::uint64_t> q;
};

struct tbb_bounded_queue {
    explicit tbb_bounded_queue(std::size_t capacity) { q.set_capacity(static_cast<std::ptrdiff_t>(capacity)); }
    bool try_push(std::uint64_t v) { return q.try_push(v); }
    bool try_pop(std::uint64_t& v) { return q.try_pop(v); }
    tbb::concurrent_bounded_queue<std::uint64_t> q;
};

struct tbb_queue {
    explicit tbb_queue(std::size_t capacity) : capacity(capacity) {}
    bool try_push(std::uint64_t v) {
        if (q.unsafe_size() >= capacity) return false;
        q.push(v);
        return true;
    }
    bool try_pop(std::uint64_t& v) { return q.try_pop(v); }
    const std::size_t capacity;
    tbb::concurrent_queue<std::uint64_t> q;
};

}  // namespace

std::vector<queue_entry> peer_queues() {
    constexpr unsigned any = ~0u;
    return {
        make_queue_entry<boost_spsc>("peer.boost_spsc_queue", 1, 1),
        make_queue_entry<boost_spsc_ct>("peer.boost_spsc_queue_ct", 1, 1),
        make_queue_entry<boost_queue>("peer.boost_queue", any, any),
        make_queue_entry<moodycamel_queue>("peer.moodycamel_queue", any, any),
        make_queue_entry<moodycamel_blocking_queue>("peer.moodycamel_blocking_queue", any, any),
        make_queue_entry<tbb_bounded_queue>("peer.tbb_concurrent_bounded_queue", any, any),
        make_queue_entry<tbb_queue>("peer.tbb_concurrent_queue", any, any),
        make_queue_entry<ck_ring<true>>("peer.ck_ring_spsc", 1, 1),
        make_queue_entry<ck_ring<false>>("peer.ck_ring_mpmc", any, any),
        make_queue_entry<boost_stack>("peer.boost_stack", any, any),
        make_queue_entry<soft_bounded<urcu_lfq>>("peer.urcu_lfq", any, any),
    };
}

}  // namespace synclab::bench
