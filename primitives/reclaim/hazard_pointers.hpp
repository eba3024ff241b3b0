// Safe memory reclamation with hazard pointers (Maged M. Michael, "Hazard
// Pointers: Safe Memory Reclamation for Lock-Free Objects", IEEE TPDS 15(6),
// 2004), written once for the lock-free structures of primitives/queue/
// (stack.treiber, queue.ms). Chosen over epochs/RCU because its garbage is
// bounded even when a thread stalls mid-operation, and it needs nothing from
// the platform but atomics and P::create / P::destroy (so under Relacy every
// node is tracked: leaks, double frees, accesses to freed memory).
//
// Words. A domain owns a list of hazard records (the paper's HPRec list:
// records are only ever added, never removed, until the domain dies). A
// record has Slots hazard pointers, an `active` flag and a private list of
// retired nodes with its length:
//
//     active      false: free for any operation to take; true: owned by one
//     hazard[s]   null, or a node its owner may dereference (published)
//     retired     nodes unlinked from the structure, not yet freed (owner only)
//
// No thread_local: an operation takes a record for its duration (a guard:
// exchange `active` false -> true, or add a fresh record) and gives it back
// at the end, so the number of records is the most operations ever in flight
// at once (H), and the same code runs under Relacy, where threads are not OS
// threads. A record's retired list goes with the record to its next owner
// (as in the paper, where a new thread inherits a deactivated record's list).
//
// Transitions:
//     (A) announce   hazard[s] := p (seq_cst)
//     (V) validate   reload the word p came from (seq_cst); still p -> p is
//                    protected, dereference it; else announce the new value
//     (U) unlink     the structure's CAS that removes p (seq_cst, in the caller)
//     (R) retire     append the unlinked p to the owner's retired list; when
//                    the list reaches the batch (2 H Slots + 16), scan
//     (S) scan       for each retired node: if no record's hazard[s] holds
//                    it (seq_cst loads), destroy it; else keep it
//     (C) clear      hazard[s] := null (release), at the end of the operation
//
// Why it is correct (the invariant): a node is destroyed only by a scan that
// found no hazard naming it, and that scan runs after the node was unlinked.
// A reader dereferences p only after (A) then (V) saw p still in place. The
// four operations A, V, U, S are seq_cst, so they have one total order, and
// A precedes V, U precedes S in it. If S missed the hazard, S came before A,
// so U < S < A < V: V reads the word after U and cannot see p there (unless
// p was freed and reused, which makes the new p the one protected). So a
// reader either is seen by the scan (the node survives) or never
// dereferences the node. This is a store-load pair (Dekker's pattern): with
// (A) a release store and (V) an acquire load, both threads could read the
// other's word before the other's store is visible (store buffering), the
// scan free p and the reader use it: release/acquire orders nothing between a
// store and a later load of another word. The guard's clear (C) is a release
// store and the scan's loads are seq_cst (acquire): a scan that sees null
// (or another node) orders every access the reader made before its destroy.
//
// What the model checker shows: not this, yet. `./synclab orders queue.ms`
// (and stack.treiber) finds (A), (S) and (C) weakenable to relaxed and (V) to
// acquire, each alone, under the default plan, and the structures' unlinks
// (U) weakenable to release. Relacy's memory model is not what hides it: the
// pair alone, as a two-thread test (announce then validate, against unlink
// then scan), fails with any one of the four weakened within 17 iterations
// of the full search, and passes as written (20). Inside the structures'
// suites it is not met, in the default plan nor in a suite of two pops of
// one node searched for 2M iterations under each search; what in the
// structure hides it is not yet known. The argument above is the
// standard's ([atomics.order]: one total order S over the seq_cst
// operations), and on x86 it is the store buffer: a release (A) is a plain
// store that the scan's load can overtake.
// Kept, all of them. (C) stays release: by the standard it orders the
// owner's reads of a node before the destroy of the scan that reads the
// null (Relacy checks an access made after a free, not a free made after an
// unordered access). The destructor's acquire load of records_ is also
// weakenable under Relacy, where the suites destroy the domain after joining
// every thread; it is kept for a domain destroyed by a thread that joined
// none of them by name (it learned through some release that they were done).
//
// Bounded garbage: a scan frees every retired node that no hazard names; at
// most H * Slots hazards exist, so with a batch of R = 2 H Slots + 16 each
// record holds fewer than R retired nodes and the domain fewer than H * R,
// whatever threads stall (the paper's O(H^2 K) bound). Under Relacy the batch
// is 1 (P::reclaim_batch): every retire scans, so the search meets every
// interleaving of a scan with a reader.
//
// What it lacks: an operation pays one exchange to take a record and one
// store to give it back (a thread_local record would save both); a scan is
// O(R * H * Slots) loads (no sorting of the hazards: nothing to allocate under
// Relacy); records are never freed before the domain, so H is the peak
// number of operations in flight. Nodes still retired when the domain is
// destroyed are freed then: the domain outlives every operation on it.
//
// Requirements on Node: a member `typename P::template plain<Node*>
// retired_next` that the domain owns from retire() on, and P::destroy<Node>.
//
// Fault sites (mutants in queue/mutants.hpp): protect (the validation V:
// skipped, a node freed between the read and the announce is used),
// reclaim (the scan's hazard check: skipped, a retired node is freed at once
// while readers hold it: the ABA of an unprotected stack), announce (A,
// weakened: the store-load pair no longer holds).
#pragma once

#include <atomic>
#include <cstddef>

#include "../fault.hpp"

namespace synclab {

template <class Node, class P, class F = faithful, unsigned Slots = 1>
class hazard_domain {
    static_assert(Slots >= 1, "a hazard record has at least one slot");

    struct record {
        typename P::template atomic<Node*> hazard[Slots];
        typename P::template atomic<bool> active{true};  // created owned by its first guard
        record* next = nullptr;                           // set before publication, constant after
        typename P::template plain<Node*> retired;        // owner only (see active)
        typename P::template plain<std::size_t> retired_count;
    };

public:
    hazard_domain() = default;
    hazard_domain(const hazard_domain&) = delete;
    hazard_domain& operator=(const hazard_domain&) = delete;

    // No operation runs any more: free what is still retired, then the records.
    ~hazard_domain() {
        // acquire: pairs with the release CAS that published each record
        // (Relacy cannot show it needed: see the top).
        record* r = records_.load(std::memory_order_acquire);
        while (r != nullptr) {
            free_list(r->retired.get());
            record* const next = r->next;
            P::destroy(r);
            r = next;
        }
    }

    // One operation's hold on a record: announce, validate, retire; clears
    // its hazards and gives the record back at the end of the scope.
    class guard {
    public:
        explicit guard(hazard_domain& domain) : domain_(domain), record_(domain.take_record()) {}
        guard(const guard&) = delete;
        guard& operator=(const guard&) = delete;
        ~guard() {
            for (unsigned s = 0; s < Slots; ++s) clear(s);
            // release: pairs with the acquire exchange in take_record, so the
            // next owner sees this owner's retired list.
            record_->active.store(false, std::memory_order_release);
        }

        // (A) then (V) until the word holds what was announced: the node
        // returned (or null) may be dereferenced until this slot changes.
        Node* protect(unsigned slot, const typename P::template atomic<Node*>& word) {
            // relaxed: a guess; the seq_cst reload below validates it.
            Node* p = word.load(std::memory_order_relaxed);
            for (;;) {
                announce(slot, p);
                if constexpr (F::skips(site::protect)) return p;  // mutant: trusts the guess
                // seq_cst: (V), the load half of the store-load pair with the
                // reclaimer's unlink CAS and scan (see the protocol); also
                // acquires the node's contents from the CAS that published it.
                // (Relacy shows only the acquire needed: see the top.)
                Node* const now = word.load(std::memory_order_seq_cst);
                if (now == p) return p;
                p = now;
            }
        }

        // (A) alone, for a caller that validates with its own reload
        // (seq_cst, as in protect) of a word other than the one p came from.
        void announce(unsigned slot, Node* p) {
            // seq_cst: the store half of the store-load pair; pairs with the
            // seq_cst load of the scan (hazardous) and the caller's validation.
            // (Relacy cannot show it needed: see the top.)
            record_->hazard[slot].store(p, F::order(site::announce, std::memory_order_seq_cst));
        }

        // (C): the slot's node may be freed from now on.
        void clear(unsigned slot) {
            // release: pairs with the seq_cst (acquire) load in hazardous(), so
            // this owner's reads of the node happen before its destroy.
            // (Relacy cannot show it needed: see the top.)
            record_->hazard[slot].store(nullptr, std::memory_order_release);
        }

        // (R): p was unlinked by this operation (a seq_cst CAS); it is freed
        // once no hazard names it.
        void retire(Node* p) {
            p->retired_next.set(record_->retired.get());
            record_->retired.set(p);
            record_->retired_count.set(record_->retired_count.get() + 1);
            if (record_->retired_count.get() >= domain_.batch()) domain_.scan(*record_);
        }

    private:
        hazard_domain& domain_;
        record* const record_;
    };

private:
    record* take_record() {
        // acquire: pairs with the release CAS that published each record.
        for (record* r = records_.load(std::memory_order_acquire); r != nullptr; r = r->next) {
            // relaxed: a cheap look before the exchange; acquire: pairs with
            // the release store in ~guard (the previous owner's retired list).
            if (!r->active.load(std::memory_order_relaxed) && !r->active.exchange(true, std::memory_order_acquire)) {
                return r;
            }
        }
        record* const fresh = P::template create<record>();
        // relaxed: the CAS below re-reads it on failure.
        fresh->next = records_.load(std::memory_order_relaxed);
        // release: publishes the fresh record's words to take_record and scan
        // (their acquire loads of records_).
        while (!records_.compare_exchange_weak(fresh->next, fresh, std::memory_order_release,
                                               std::memory_order_relaxed)) {
        }
        // relaxed: a count for the batch size only; no data hangs on it.
        record_count_.fetch_add(1, std::memory_order_relaxed);
        return fresh;
    }

    std::size_t batch() const {
        // relaxed: as in take_record.
        const std::size_t h = record_count_.load(std::memory_order_relaxed);
        return P::reclaim_batch(2 * h * Slots + 16);
    }

    // Whether any record's hazard names p.
    bool hazardous(const Node* p) const {
        if constexpr (F::skips(site::reclaim)) return false;  // mutant: frees what readers hold
        // acquire: pairs with the release CAS that published each record.
        for (record* r = records_.load(std::memory_order_acquire); r != nullptr; r = r->next) {
            for (unsigned s = 0; s < Slots; ++s) {
                // seq_cst: (S), the load half of the reclaimer's side of the
                // store-load pair with (A); pairs with announce's seq_cst store.
                // (Relacy cannot show it needed: see the top.)
                if (r->hazard[s].load(std::memory_order_seq_cst) == p) return true;
            }
        }
        return false;
    }

    // (S) over the owner's retired list: free what no hazard names, keep the rest.
    void scan(record& owner) {
        Node* keep = nullptr;
        std::size_t kept = 0;
        Node* n = owner.retired.get();
        while (n != nullptr) {
            Node* const next = n->retired_next.get();
            if (hazardous(n)) {
                n->retired_next.set(keep);
                keep = n;
                ++kept;
            } else {
                P::destroy(n);
            }
            n = next;
        }
        owner.retired.set(keep);
        owner.retired_count.set(kept);
    }

    static void free_list(Node* n) {
        while (n != nullptr) {
            Node* const next = n->retired_next.get();
            P::destroy(n);
            n = next;
        }
    }

    typename P::template atomic<record*> records_{nullptr};
    typename P::template atomic<std::size_t> record_count_{0};
};

}  // namespace synclab
