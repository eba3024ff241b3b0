// Peers from oneTBB and Concurrency Kit, adapted to Lockable.
#include "mutex_scenarios.hpp"

#include <cstdlib>

#include <oneapi/tbb/mutex.h>
#include <oneapi/tbb/queuing_mutex.h>
#include <oneapi/tbb/spin_mutex.h>

#include "peers/ck_peers.h"

namespace synclab::bench {
namespace {

// tbb::queuing_mutex is an MCS lock reached only through scoped_lock, whose
// object is the queue node. The adapter keeps a per-thread stack of
// scoped_locks: lock() acquires with the next one, unlock() releases the top
// one (so nested locks must be released in reverse order, as lock_guard does).
struct tbb_queuing_lock {
    static constexpr int depth = 8;
    tbb::queuing_mutex m;
    struct node_stack {
        tbb::queuing_mutex::scoped_lock nodes[depth];
        int top = 0;
    };
    static node_stack& stack() {
        thread_local node_stack s;
        return s;
    }
    void lock() {
        auto& s = stack();
        if (s.top == depth) std::abort();
        s.nodes[s.top++].acquire(m);
    }
    void unlock() { stack().nodes[--stack().top].release(); }
};

// Concurrency Kit through its C wrappers (peers/ck_peers.c): one call per operation.
struct ck_ticket_lock {
    synclab_ck_ticket* l = synclab_ck_ticket_new();
    ~ck_ticket_lock() { synclab_ck_ticket_delete(l); }
    void lock() { synclab_ck_ticket_lock(l); }
    void unlock() { synclab_ck_ticket_unlock(l); }
};

// MCS node per acquisition: a per-thread stack of nodes in peers/ck_peers.c.
struct ck_mcs_lock {
    synclab_ck_mcs* l = synclab_ck_mcs_new();
    ~ck_mcs_lock() { synclab_ck_mcs_delete(l); }
    void lock() { synclab_ck_mcs_lock(l); }
    void unlock() { synclab_ck_mcs_unlock(l); }
};

}  // namespace

std::vector<lock_entry> peers_tbb_ck() {
    return {
        make_entry<tbb::spin_mutex>("peer.tbb_spin_mutex"),
        make_entry<tbb_queuing_lock>("peer.tbb_queuing_mutex"),
        make_entry<tbb::mutex>("peer.tbb_mutex"),
        make_entry<ck_ticket_lock>("peer.ck_ticket"),
        make_entry<ck_mcs_lock>("peer.ck_mcs"),
    };
}

}  // namespace synclab::bench
