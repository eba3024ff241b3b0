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
//   Concurrency Kit, with its own reclamation, through a C wrapper (peers/ck_reclaim_peers.c),
//   each unbounded and under soft_bounded as queue.ms; each thread registers a record with
//   the structure on its first operation (ck_reclaimed below):
//     ck_hp_fifo                 Michael and Scott's queue with CK's hazard pointers (ck_hp:
//                                2 slots, a fence per announce as in our symmetric ones, a scan
//                                every 64 retired nodes), the peer of queue.ms (and of
//                                queue.ms_asym_hp, whose announce costs no fence)
//     ck_hp_stack                Treiber's stack with CK's hazard pointers (1 slot), the peer of
//                                stack.treiber beside boost::lockfree::stack
//     ck_fifo_mpmc + ck_epoch    CK's MPMC fifo (Michael and Scott's, with generation-tagged
//                                links) with CK's epochs: each operation in an epoch section,
//                                the dequeued stub deferred with ck_epoch_call, a ck_epoch_poll
//                                every 64 of them; the peer of queue.ms_epoch
#include "queue_scenarios.hpp"

#include <boost/lockfree/queue.hpp>
#include <boost/lockfree/spsc_queue.hpp>
#include <boost/lockfree/stack.hpp>
#include <concurrentqueue/concurrentqueue.h>
#include <concurrentqueue/blockingconcurrentqueue.h>
#include <oneapi/tbb/concurrent_queue.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

#include "peers/ck_reclaim_peers.h"
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

// Concurrency Kit's structures with their own reclamation
// (peers/ck_reclaim_peers.c). Each structure has its own ck_hp_t or
// ck_epoch_t, and each thread that uses it a record of that domain: taken on
// the thread's first operation on the structure, given back (unregistered,
// emptied) when the thread exits, as urcu_thread_registration does for RCU.
// A record belongs to its structure, which frees all of its records when it
// is destroyed. The scenarios (queue_scenarios.hpp) create a queue per
// window and destroy it after joining the window's threads, so theirs exit
// first; but the main thread, which drains each queue after the join
// (balanced()) and destroys it, lives on and keeps its records of queues
// long gone, and the round trip uses two queues at once. So a thread keys
// its records by a per-structure id (ids are never reused, where addresses
// are) and holds each structure by a weak_ptr: at exit it gives back only
// the records of structures still alive, keeping the structure alive while
// it does; the record of a destroyed structure is never touched again, and
// is dropped from the list at the thread's next registration. (Giving the
// records back at the end of each scenario instead would need a hook that
// the adapter shape does not have.)
inline std::uint64_t next_ck_structure_id() {
    static std::atomic<std::uint64_t> last{0};
    return last.fetch_add(1, std::memory_order_relaxed) + 1;  // relaxed: a unique number only
}

template <class Ops>
class ck_reclaimed {
public:
    explicit ck_reclaimed(std::size_t)
        : shared_(std::make_shared<structure>()), handle_(shared_->handle), id_(shared_->id) {}
    ck_reclaimed(const ck_reclaimed&) = delete;
    ck_reclaimed& operator=(const ck_reclaimed&) = delete;
    bool try_push(std::uint64_t v) {
        Ops::push(handle_, record(), v);
        return true;
    }
    bool try_pop(std::uint64_t& v) { return Ops::pop(handle_, record(), &v); }

private:
    struct structure {
        structure() : handle(Ops::create()) {}
        ~structure() { Ops::destroy(handle); }  // frees the nodes, the retired ones and every record
        structure(const structure&) = delete;
        structure& operator=(const structure&) = delete;
        void* const handle;
        const std::uint64_t id = next_ck_structure_id();
    };
    // This thread's records, one per structure it has used (Ops's kind only).
    struct thread_records {
        struct entry {
            std::uint64_t id;
            void* record;
            std::weak_ptr<structure> of;
        };
        std::vector<entry> entries;
        thread_records() = default;
        thread_records(const thread_records&) = delete;
        thread_records& operator=(const thread_records&) = delete;
        ~thread_records() {
            for (const auto& e : entries)
                if (const auto s = e.of.lock()) Ops::unregister(s->handle, e.record);
        }
    };
    void* record() {
        thread_local thread_records mine;
        for (const auto& e : mine.entries)
            if (e.id == id_) return e.record;
        std::erase_if(mine.entries, [](const auto& e) { return e.of.expired(); });
        mine.entries.push_back({id_, Ops::register_thread(handle_), shared_});
        return mine.entries.back().record;
    }
    std::shared_ptr<structure> shared_;  // the adapter's reference; threads hold weak ones
    void* const handle_;
    const std::uint64_t id_;
};

// One structure's calls of peers/ck_reclaim_peers.h, as ck_reclaimed takes them.
template <void* (*Create)(), void (*Destroy)(void*), void* (*Register)(void*), void (*Unregister)(void*, void*),
          void (*Push)(void*, void*, std::uint64_t), bool (*Pop)(void*, void*, std::uint64_t*)>
struct ck_ops {
    static void* create() { return Create(); }
    static void destroy(void* h) { Destroy(h); }
    static void* register_thread(void* h) { return Register(h); }
    static void unregister(void* h, void* r) { Unregister(h, r); }
    static void push(void* h, void* r, std::uint64_t v) { Push(h, r, v); }
    static bool pop(void* h, void* r, std::uint64_t* v) { return Pop(h, r, v); }
};
using ck_hp_fifo_ops = ck_ops<synclab_ck_hp_fifo_create, synclab_ck_hp_fifo_destroy, synclab_ck_hp_fifo_register,
                              synclab_ck_hp_fifo_unregister, synclab_ck_hp_fifo_push, synclab_ck_hp_fifo_pop>;
using ck_hp_stack_ops = ck_ops<synclab_ck_hp_stack_create, synclab_ck_hp_stack_destroy, synclab_ck_hp_stack_register,
                               synclab_ck_hp_stack_unregister, synclab_ck_hp_stack_push, synclab_ck_hp_stack_pop>;
using ck_epoch_fifo_ops =
    ck_ops<synclab_ck_epoch_fifo_create, synclab_ck_epoch_fifo_destroy, synclab_ck_epoch_fifo_register,
           synclab_ck_epoch_fifo_unregister, synclab_ck_epoch_fifo_push, synclab_ck_epoch_fifo_pop>;

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
        make_queue_entry<soft_bounded<ck_reclaimed<ck_hp_fifo_ops>>>("peer.ck_hp_fifo", any, any),
        make_queue_entry<soft_bounded<ck_reclaimed<ck_hp_stack_ops>>>("peer.ck_hp_stack", any, any),
        make_queue_entry<soft_bounded<ck_reclaimed<ck_epoch_fifo_ops>>>("peer.ck_epoch_fifo", any, any),
    };
}

}  // namespace synclab::bench
