// stack.treiber: an unbounded lock-free stack (R. Kent Treiber, "Systems
// Programming: Coping with Parallelism", IBM Almaden RJ 5118, 1986), its
// popped nodes reclaimed by a scheme it takes as a template parameter: hazard
// pointers (../reclaim/hazard_pointers.hpp, Michael 2004; symmetric or
// asymmetric) or epochs (../reclaim/epochs.hpp). The registry has one entry
// per scheme. The protocol below is told with hazard pointers; with epochs
// "protected" means "read inside the operation's epoch", which keeps the
// node as the hazard does.
//
// Words. top_ points at the newest node or is null (empty). A node holds its
// value and next, both written once before the node is published and never
// again (the value is plain data: Relacy checks that the publication orders
// it; next is an atomic read relaxed, see node).
//
// Transitions:
//     (P) push  n := node(v) (a reclaimed one if the domain has one, else a
//               new one: node_pool.hpp); n.next := top_; CAS top_ n.next -> n
//               (release); on failure n.next := what top_ holds, retry.
//     (O) pop   t := top_, protected (announce t, reload top_ until it holds
//               the announced node); null -> nothing; read t.next; CAS top_
//               t -> t.next (seq_cst); on success read t's value and retire
//               t; on failure retry.
//
// Why it is correct (the invariant): the nodes reachable from top_ are the
// items pushed and not popped, newest first, and each node is reachable from
// top_ by one path. Every change of top_ is a CAS from the value the thread
// read, so a push or pop that succeeds saw the stack as it was at its CAS
// (its linearization point). The ABA problem: a pop reads top_ = A and
// A.next = B, stalls; others pop A and B and push a node that reuses A's
// memory; the stalled CAS A -> B succeeds and B, already popped (maybe
// freed), is on top again. Hazard pointers rule out the reuse: A is freed
// only when no hazard names A, and the stalled pop announced A before it
// read A.next (and validated that top_ still held A), so A's memory cannot
// come back as a new node while the CAS may still run; and a popped node is
// pushed again only once reclaimed, as memory the allocator gives back would
// be (the domain's pool, node_pool.hpp). The release CAS of push pairs
// with the seq_cst (acquire) validation in protect: a popper reads the
// value and next the pusher wrote. The seq_cst CAS of pop is the unlink (U)
// of the hazard-pointer protocol, in its store-load pair with the scan.
//
// What it lacks: every operation hits one word (top_): no elimination, no
// back-off, so it scales no further than one cache line; unbounded (try_push
// fails only if allocation throws, and then it throws); lock-free, not
// wait-free (a pop may retry while others keep winning); a push takes a
// node (reclaimed, or from the allocator) and a record of the domain to hold
// the reclaimed ones; a pop retires a node.
//
// Fault sites: those of the reclamation domain (hazard pointers: protect,
// reclaim, announce, observe; epochs: reclaim, announce, observe); the
// mutant stack.treiber~no-reclaim-aba frees popped nodes at once (reclaim
// skipped), the stack without protection that the ABA scenario breaks.
#pragma once

#include <optional>
#include <utility>

#include "../fault.hpp"
#include "../reclaim/hazard_pointers.hpp"

namespace synclab {

template <class T, class P, class F = faithful,
          template <class Node, class, class, unsigned Slots> class Reclaim = hazard_domain>
class treiber_stack {
    struct node {
        explicit node(T v) : value(std::move(v)) {}
        typename P::template plain<T> value;
        // Written before publication only, but atomic: a pop reads it right
        // after validating its hazard, and without the hazard (the mutant) the
        // node may be freed in between; a plain word would be a data race there.
        typename P::template atomic<node*> next{nullptr};
        typename P::template plain<node*> retired_next;  // the reclamation domain's, from retire() on
    };
    using domain = Reclaim<node, P, F, 1>;

public:
    treiber_stack() = default;
    treiber_stack(const treiber_stack&) = delete;
    treiber_stack& operator=(const treiber_stack&) = delete;
    // No operation runs any more: free the nodes still on the stack (the
    // domain frees the retired ones after this body).
    ~treiber_stack() {
        // relaxed: single-threaded now; whoever ends the operations orders them.
        node* n = top_.load(std::memory_order_relaxed);
        while (n != nullptr) {
            node* const next = n->next.load(std::memory_order_relaxed);  // relaxed: single-threaded
            P::destroy(n);
            n = next;
        }
    }

    // Always true: unbounded (an allocation failure throws).
    bool try_push(T v) {
        node* const n = make_node(std::move(v));
        // relaxed: a guess at the top; the CAS below checks it.
        node* old = top_.load(std::memory_order_relaxed);
        for (;;) {
            // relaxed: published by the release CAS below.
            n->next.store(old, std::memory_order_relaxed);
            // release: pairs with the seq_cst (acquire) load that validates
            // a popper's hazard on n (protect), so it reads n's value and next.
            if (top_.compare_exchange_weak(old, n, std::memory_order_release, std::memory_order_relaxed)) {  // (P)
                return true;
            }
        }
    }

    // Nothing when the stack is empty at the validating load.
    std::optional<T> try_pop() {
        typename domain::guard hazards(domain_);
        for (;;) {
            node* t = hazards.protect(0, top_);
            if (t == nullptr) return std::nullopt;
            // relaxed: protect's validating load (acquire or seq_cst)
            // acquired t's contents (pairs with the release CAS of push).
            node* const next = t->next.load(std::memory_order_relaxed);
            // seq_cst: the unlink (U) of the reclamation protocol: hazard
            // pointers order it before this operation's scan (retire)
            // against every announce; epochs before the retire's read of
            // the epoch. (The asymmetric scheme's heavy fence would order a
            // weaker one; one source serves every scheme, and on x86 every
            // CAS is a full barrier anyway.)
            // relaxed on failure: the loop protects top_ anew.
            if (top_.compare_exchange_weak(t, next, std::memory_order_seq_cst, std::memory_order_relaxed)) {  // (O)
                std::optional<T> v(t->value.get());
                hazards.retire(t);
                return v;
            }
        }
    }

private:
    // A node for v, in a reclaimed node's memory where the domain has one
    // (node_pool.hpp). The guard is held for the record's share of the pool
    // only (a push reads no node), so where the platform recycles nothing
    // (Relacy) no record is taken.
    node* make_node(T v) {
        if constexpr (!P::recycles_nodes) return P::template create<node>(std::move(v));
        typename domain::guard hazards(domain_);
        return hazards.make(std::move(v));
    }

    static constexpr std::size_t cache_line = 128;  // see spsc_queue.hpp

    alignas(cache_line) typename P::template atomic<node*> top_{nullptr};
    alignas(cache_line) domain domain_;
};

}  // namespace synclab
