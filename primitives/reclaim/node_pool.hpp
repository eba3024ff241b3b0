// The spare nodes of a reclamation domain (hazard_pointers.hpp, epochs.hpp):
// a node the domain has proved unreachable goes back to the structure that
// made it, for its next push, instead of to the allocator. The shape of a
// per-structure free list (Treiber's, and the freelists of Michael's 2004
// allocator paper), made safe against ABA by taking the whole list at once.
//
// Why: an unbounded lock-free structure allocates on every push and frees on
// every reclaimed pop. With glibc's allocator a free on one thread of memory
// malloc'ed on another goes through the arena's lock or the tcache's remote
// path; measured in queue.ms at one producer and one consumer, malloc and
// free were over a third of the time. Here a node costs a pop from a list
// its record owns; the list changes hands twice per batch of reclaimed
// nodes, not twice per node.
//
// Words. spare_ heads a list of nodes (linked through the node's
// retired_next, which the domain owns from retire() on); each record of the
// domain carries a stash, a list its owner alone pops from:
//
//     spare_      null, or the first of the nodes given back and not yet taken
//     stash       the owner's nodes (plain: one owner at a time, records.hpp)
//     pooled_     how many nodes spare_ and the stashes hold (approximate)
//
// Transitions:
//     (G) give    a list of reclaimed nodes: over the limit -> destroyed;
//                 else its last node is linked to spare_ and spare_ is CASed
//                 to its first (release)
//     (K) take    the stash is empty: spare_ is exchanged with null
//                 (acquire) and becomes the stash; then the stash's first
//                 node is popped, its old contents destroyed and a new node
//                 built in its memory (make); nothing to take -> the node is
//                 allocated
//
// Why it is correct (the invariant): a node is in at most one place: the
// structure, a retired list, spare_, or one stash. A list given back was
// reclaimed: no operation can reach its nodes (the domain's proof, as for a
// free). Taking all of spare_ with one exchange is what makes it safe: a
// taker that popped one node by CAS could see the head, lose it to another
// taker, and CAS a stale successor in when the head came back (the ABA of
// a Treiber stack without reclamation). Pushing a list by CAS is immune: the
// CAS checks only that spare_ still holds what the new last node links to.
// Order: the give's CAS is a release and the take's exchange an acquire, so
// the reclaimer's last accesses to the nodes (its retired_next links, and,
// through the acquire with which it saw no reader, every reader's accesses)
// happen before the new node's construction in that memory. An exchange and
// later CASes are read-modify-writes, so they continue each give's release
// sequence.
//
// The limit. The pool never returns memory by itself: a structure that once
// held a million items would keep them. A give that would take pooled_ past
// `limit` nodes destroys its list instead. pooled_ is a count, not a lock:
// gives and takes race on it (relaxed), so the limit is approximate by at
// most one list per thread in flight.
//
// Under Relacy the platform says no (P::recycles_nodes): every reclaimed
// node is destroyed, so the model checker keeps its check of accesses to
// freed memory, the evidence every reclamation mutant is caught with (a
// recycled node is live memory, and a reader of it would read a value, not
// a free). The pool's own orders are checked where it runs: natively, under
// ThreadSanitizer in the stress layer, which sees the give's CAS and the
// take's exchange and would report the new owner's writes racing with the
// reclaimer's if they were not ordered.
//
// What it lacks: memory held is up to `limit` nodes beyond what the
// structure holds, until the structure is destroyed; nodes keep their last
// value until reused (a T that owns memory keeps it).
//
// Requirements on Node: `typename P::template plain<Node*> retired_next`
// (free for the pool's use once the domain reclaims the node), P::destroy.
#pragma once

#include <atomic>
#include <cstddef>
#include <new>
#include <utility>

namespace synclab {

template <class Node, class P>
class node_pool {
public:
    // The most nodes the pool holds (see the limit above): 16384 nodes of a
    // queue of ints is half a megabyte.
    static constexpr std::size_t limit = 16384;

    // A record's share of the pool: owner only, handed on with the record.
    struct stash {
        typename P::template plain<Node*> nodes;
        typename P::template plain<std::size_t> taken;  // popped since the stash was last filled
    };

    node_pool() = default;
    node_pool(const node_pool&) = delete;
    node_pool& operator=(const node_pool&) = delete;
    // No operation runs any more: free what is pooled (the domain frees the
    // stashes, through destroy_list).
    ~node_pool() {
        // relaxed: after every operation, ordered by whoever ended them.
        destroy_list(spare_.load(std::memory_order_relaxed));
    }

    // (G): nodes no operation can reach any more, linked by retired_next.
    void give(Node* first) {
        if (first == nullptr) return;
        if constexpr (!P::recycles_nodes) {
            destroy_list(first);
        } else {
            Node* last = first;
            std::size_t count = 1;
            for (Node* n = first->retired_next.get(); n != nullptr; n = n->retired_next.get()) {
                last = n;
                ++count;
            }
            // relaxed (both): a size for the limit only; no data hangs on it.
            if (pooled_.load(std::memory_order_relaxed) + count > limit) {
                destroy_list(first);
                return;
            }
            pooled_.fetch_add(count, std::memory_order_relaxed);
            // relaxed: a guess; the CAS checks it.
            Node* head = spare_.load(std::memory_order_relaxed);
            do {
                last->retired_next.set(head);
                // release: pairs with the acquire exchange in take(), so the
                // links above and every access ordered before this reclaim
                // happen before the new owner's writes to the nodes.
                // relaxed on failure: only the head is re-read.
            } while (!spare_.compare_exchange_weak(head, first, std::memory_order_release,
                                                   std::memory_order_relaxed));  // (G)
        }
    }

    // A node built from args: in the memory of a reclaimed one if the
    // record's stash or spare_ has one (K), else newly allocated.
    template <class... Args>
    Node* make(stash& s, Args&&... args) {
        if constexpr (!P::recycles_nodes) {
            return P::template create<Node>(std::forward<Args>(args)...);
        } else {
            Node* const n = take(s);
            if (n == nullptr) return P::template create<Node>(std::forward<Args>(args)...);
            n->~Node();  // its last value, kept since the reclaim
            return ::new (static_cast<void*>(n)) Node(std::forward<Args>(args)...);
        }
    }

    // Frees a list linked by retired_next.
    static void destroy_list(Node* n) {
        while (n != nullptr) {
            Node* const next = n->retired_next.get();
            P::destroy(n);
            n = next;
        }
    }

private:
    // (K): a reclaimed node's memory, or null.
    Node* take(stash& s) {
        Node* n = s.nodes.get();
        if (n == nullptr) {
            // relaxed: a look before the exchange, so an empty pool costs a
            // read of its line, not a write.
            if (spare_.load(std::memory_order_relaxed) == nullptr) return nullptr;
            // acquire: pairs with the release CAS in give() (see above).
            n = spare_.exchange(nullptr, std::memory_order_acquire);  // (K)
            if (n == nullptr) return nullptr;
        }
        s.nodes.set(n->retired_next.get());
        s.taken.set(s.taken.get() + 1);
        if (s.nodes.get() == nullptr) {
            // relaxed: the count, as in give().
            pooled_.fetch_sub(s.taken.get(), std::memory_order_relaxed);
            s.taken.set(0);
        }
        return n;
    }

    // On a line of its own (see spsc_queue.hpp for 128): written once per
    // batch, by reclaimers and takers only.
    alignas(128) typename P::template atomic<Node*> spare_{nullptr};
    typename P::template atomic<std::size_t> pooled_{0};
};

}  // namespace synclab
