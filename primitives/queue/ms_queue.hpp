// queue.ms: an unbounded lock-free FIFO queue (Maged M. Michael and Michael
// L. Scott, "Simple, Fast, and Practical Non-Blocking and Blocking
// Concurrent Queue Algorithms", PODC 1996), with a dummy node, helping on
// the tail, and its dequeued nodes reclaimed by a scheme it takes as a
// template parameter: hazard pointers in the way of Michael 2004, figure 9
// (../reclaim/hazard_pointers.hpp, symmetric or asymmetric), or epochs
// (../reclaim/epochs.hpp). The registry has one entry per scheme.
//
// Words. A singly linked list from head_ to its last node. head_ points at
// the dummy: the node whose item has been taken (at first, an empty node);
// the items are in the nodes after it. tail_ points at the last node or at
// the one before it (it lags by at most one link). A node's next is null
// until an enqueuer links the following node, then never changes; its value
// is written before the node is linked and never again.
//
// Transitions:
//     (E) push      n := node(v) (N: a reclaimed one if the domain has
//                   one, else a new one); t := tail_, protected (hazard 0); next
//                   := t.next; next null -> CAS t.next null -> n (release;
//                   the linearization point), then try CAS tail_ t -> n;
//                   next not null -> tail_ lags: help, CAS tail_ t -> next,
//                   retry.
//     (D) pop       h := head_, protected (hazard 0); next := h.next,
//                   announced (hazard 1), then head_ reloaded: not h ->
//                   retry (next may already be freed; with epochs there is
//                   nothing to announce or reload). next null -> empty (the
//                   linearization point is the read of h.next). next.next
//                   null (next may be the last node) and tail_ == h -> tail_
//                   lags behind a linked node: help, retry. Else read next's
//                   value, CAS head_ h -> next (seq_cst); won -> retire h
//                   (next is the new dummy).
//
// Why it is correct (the invariant): the list is never broken: nodes are
// only appended at a null next and head_ only moves forward along next, and
// head_ never passes tail_ (a dequeuer helps tail_ forward before it moves
// head_ past it), so a retired node is behind both. Items leave in the
// order their links were made (FIFO). A node is freed only when no hazard
// names it (hazard_pointers.hpp): hazard 0 protects h or t (validated
// against head_ / tail_), hazard 1 protects next: while head_ still holds h,
// next is h's successor in the list, not yet dequeued, so not retired; the
// re-read of head_ after announcing next is that validation. (With epochs
// the operation's epoch keeps every node it reads: epochs.hpp.) The release
// CAS of the link pairs with the acquire load of next by a dequeuer (it
// reads the value the enqueuer wrote) and by the helpers of tail_. The
// seq_cst CAS on head_ is the unlink (U) of the hazard-pointer protocol;
// the CASes on tail_ are seq_cst as well, so the validation of hazard 0
// against tail_ is in the same total order as the unlink behind it.
//
// What it lacks: every push hits tail_ and every pop head_ (two cache lines
// for all threads); a push takes a node (from the domain's reclaimed ones,
// node_pool.hpp, or the allocator) and a pop retires one; lock-free, not
// wait-free; unbounded; try_pop may fail only when the queue was empty at
// its read of h.next (exact failures: linearizable).
//
// Fault sites: those of the reclamation domain (hazard pointers: protect,
// reclaim, announce, observe; epochs: reclaim, announce, observe); the
// mutant queue.ms~free-while-read skips the validation of a hazard (protect):
// a node freed between the read of head_ and the announce is read.
#pragma once

#include <optional>
#include <utility>

#include "../fault.hpp"
#include "../reclaim/hazard_pointers.hpp"

namespace synclab {

template <class T, class P, class F = faithful,
          template <class Node, class, class, unsigned Slots> class Reclaim = hazard_domain>
class ms_queue {
    struct node {
        node() = default;
        explicit node(T v) : value(std::move(v)) {}
        typename P::template plain<T> value;
        typename P::template atomic<node*> next{nullptr};
        typename P::template plain<node*> retired_next;  // the reclamation domain's, from retire() on
    };
    using domain = Reclaim<node, P, F, 2>;

public:
    ms_queue() {
        node* const dummy = P::template create<node>();
        // relaxed: before the queue is shared; its publication orders these.
        head_.store(dummy, std::memory_order_relaxed);
        tail_.store(dummy, std::memory_order_relaxed);
    }
    ms_queue(const ms_queue&) = delete;
    ms_queue& operator=(const ms_queue&) = delete;
    // No operation runs any more: free the dummy and the queued nodes (the
    // domain frees the retired ones after this body).
    ~ms_queue() {
        // relaxed: single-threaded now; whoever ends the operations orders them.
        node* n = head_.load(std::memory_order_relaxed);
        while (n != nullptr) {
            node* const next = n->next.load(std::memory_order_relaxed);
            P::destroy(n);
            n = next;
        }
    }

    // Always true: unbounded (an allocation failure throws).
    bool try_push(T v) {
        typename domain::guard hazards(domain_);
        node* const n = hazards.make(std::move(v));  // (N)
        for (;;) {
            node* t = hazards.protect(0, tail_);
            // acquire: pairs with the release CAS that linked next, so a
            // helper that swings tail_ to it publishes a complete node.
            node* next = t->next.load(std::memory_order_acquire);
            if (next == nullptr) {
                // release: pairs with the acquire loads of next (pop, and
                // helpers here): n's value is written before it is linked.
                // relaxed on failure: the loop reads everything again.
                if (t->next.compare_exchange_strong(next, n, std::memory_order_release, std::memory_order_relaxed)) {
                    // seq_cst: the unlink (U) of t from tail_, in the total
                    // order with an enqueuer's validation of its hazard on t
                    // (a non-seq_cst swing would let that validation read t
                    // after the swing, and a dequeue that saw the swing free t
                    // unseen; acq_rel is refuted with ACCESS TO FREED MEMORY).
                    // May fail: helped.
                    tail_.compare_exchange_strong(t, n, std::memory_order_seq_cst, std::memory_order_relaxed);
                    return true;
                }
            } else {
                // seq_cst: as above (helping a lagging tail_). Relacy passes
                // it relaxed: the swing that matters is then the helper's
                // alone, and the window holds a whole dequeue of t between an
                // enqueuer's announce and its validation, longer than its
                // searches reach.
                tail_.compare_exchange_strong(t, next, std::memory_order_seq_cst, std::memory_order_relaxed);
            }
        }
    }

    // Nothing when the queue is empty at the read of the dummy's next.
    std::optional<T> try_pop() {
        typename domain::guard hazards(domain_);
        for (;;) {
            node* h = hazards.protect(0, head_);
            // acquire: pairs with the release CAS of the link in try_push.
            node* const next = h->next.load(std::memory_order_acquire);
            // (hazard 1) validated by a reload of head_: h still the dummy,
            // so next is not retired (the domain's validation order: the
            // load half of the store-load pair with the scan). Relacy passes
            // a relaxed reload: next is retired only by the dequeue after the
            // one that makes it the dummy, so the stale read must reach head_
            // two stores back, where its tree searches do not read and its
            // random search has not met the window.
            if (!hazards.protect_from(1, next, head_, h)) continue;
            if (next == nullptr) return std::nullopt;
            // (L2) Does tail_ lag at h? Only if next is the last node: tail_
            // is the last node or the one before it, so a successor of next
            // means tail_ had reached next, and head_ may move to next. That
            // successor was linked by an enqueuer that had read tail_ == next
            // (acquire: pairs with its release link CAS, and so orders its
            // read of tail_ before this), so the swing of tail_ past h happens
            // before our CAS. Reading tail_ only here spares the consumer a
            // load of the line every push writes while the queue holds two
            // items or more.
            if (next->next.load(std::memory_order_acquire) == nullptr) {  // (L2)
                // acquire: the tail_ read by the dequeuer whose head_ CAS we
                // saw (it found tail_ past our h's predecessor) happens before
                // this load, so t is no older than h: h == t is seen whenever
                // tail_ lags at h, and head_ never passes tail_. (relaxed could
                // read a tail_ from before head_ reached h, move head_ past a
                // tail_ that still names h, and an enqueuer would then protect
                // a retired h. Relacy cannot show it: that tail_ is more than
                // one store back, where its tree searches do not read, and its
                // random search has not met the window.)
                node* t = tail_.load(std::memory_order_acquire);
                if (h == t) {
                    // seq_cst: helping a lagging tail_, as in try_push (Relacy
                    // passes it release, for the reason given at the helper there).
                    tail_.compare_exchange_strong(t, next, std::memory_order_seq_cst, std::memory_order_relaxed);
                    continue;
                }
            }
            std::optional<T> v(next->value.get());
            // seq_cst: the unlink (U) of the reclamation protocol (as in
            // treiber_stack.hpp: hazard pointers order it before this
            // operation's scan, epochs before the retire's read of the epoch).
            // relaxed on failure: the loop protects head_ anew.
            if (head_.compare_exchange_strong(h, next, std::memory_order_seq_cst, std::memory_order_relaxed)) {
                hazards.retire(h);
                return v;
            }
        }
    }

private:
    static constexpr std::size_t cache_line = 128;  // see spsc_queue.hpp

    alignas(cache_line) typename P::template atomic<node*> head_{nullptr};
    alignas(cache_line) typename P::template atomic<node*> tail_{nullptr};
    alignas(cache_line) domain domain_;
};

}  // namespace synclab
