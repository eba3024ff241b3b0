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
//     (J) join       a fresh record joins the list: CAS records_ (seq_cst)
//     (A) announce   hazard[s] := p (seq_cst)
//     (V) validate   reload the word p came from (seq_cst); still p -> p is
//                    protected, dereference it; else announce the new value
//     (U) unlink     the structure's CAS that removes p (seq_cst, in the caller)
//     (R) retire     clear this operation's own hazards on p (C), append p to
//                    the owner's retired list; when the list reaches the
//                    batch (2 H Slots + 16), scan
//     (L) list       the scan reads the record list (seq_cst)
//     (S) scan       for each retired node: if no record's hazard[s] holds
//                    it (seq_cst loads), destroy it; else keep it
//     (C) clear      hazard[s] := null (release), at retire or at the end of
//                    the operation
//
// Why it is correct (the invariant): a node is destroyed only by a scan that
// found no hazard naming it, and that scan runs after the node was unlinked.
// A reader dereferences p only after (A) then (V) saw p still in place. The
// operations J, A, V, U, L and S are seq_cst, so they have one total order,
// consistent with each thread's program order: J < A < V in the reader's
// thread, U < L < S in the reclaimer's.
// If V saw p, V came before U (after U the word no longer holds p, unless p
// was freed and reused, which makes the new p the one protected), so
// J < A < V < U < L < S: the scan's list read comes after J and finds the
// reader's record, and its load of the hazard comes after A and finds p. So
// a reader either is seen by the scan (the node survives) or never
// dereferences the node. A and V against U and S is a store-load pair
// (Dekker's pattern): with (A) a release store and (V) an acquire load, both
// threads could read the other's word before the other's store is visible
// (store buffering), the scan free p and the reader use it:
// release/acquire orders nothing between a store and a later load of another
// word. J against L is the same pair one level up: with J a release CAS
// the scan may read the list as it was before the reader's record joined it
// and never look at the hazard. The guard's clear (C) is a
// release store and the scan's loads are seq_cst (acquire): a scan that sees
// null (or another node) orders every access the reader made before its
// destroy. Retire clears the operation's own hazards on p before the scan:
// only the operation that unlinked p can retire it, so they protect nothing,
// and left in place they would keep p from this scan (it would wait for the
// owner's next scan).
//
// What the model checker shows (`./synclab orders stack.treiber`, and
// queue.ms): each of J, A, V, U, L and S, one step weaker, is refuted with
// ACCESS TO FREED MEMORY within seconds (J as a release CAS: a scan reads
// the list without the reader's record; the others: the store buffering
// above). Two orders pass weakened, both kept.
// (C) relaxed: Relacy checks an access made after a free, not a free made
// after an unordered access; by the standard the release orders the owner's
// reads of the node before the destroy of the scan that reads the null. The
// destructor's acquire load of records_: the suites destroy the domain after
// joining every thread; it is kept for a domain destroyed by a thread that
// joined none of them by name (it learned through some release that they
// were done). The checker sees the pair only with its model binary built
// without GCC's lifetime dead-store elimination (cmake/model_options.cmake)
// and with retire clearing the operation's own hazards: with them left in
// place the node waits for a later scan, and the reader would have to stall
// across two of the reclaimer's operations, past what the searches reach.
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
        // acquire: pairs with the CAS that published each record (J)
        // (Relacy cannot show it needed: see the top).
        record* r = records_.load(std::memory_order_acquire);  // (free-all)
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
            for (unsigned s = 0; s < Slots; ++s) {
                if (announced_[s] != nullptr) clear(s);  // a null slot stays null
            }
            // release: pairs with the acquire exchange in take_record, so the
            // next owner sees this owner's retired list.
            record_->active.store(false, std::memory_order_release);  // (give-back)
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
                Node* const now = word.load(std::memory_order_seq_cst);  // (V)
                if (now == p) return p;
                p = now;
            }
        }

        // (A) alone, for a caller that validates with its own reload
        // (seq_cst, as in protect) of a word other than the one p came from.
        void announce(unsigned slot, Node* p) {
            announced_[slot] = p;
            // seq_cst: the store half of the store-load pair; pairs with the
            // seq_cst load of the scan (hazardous) and the caller's validation.
            record_->hazard[slot].store(p, F::order(site::announce, std::memory_order_seq_cst));  // (A)
        }

        // (C): the slot's node may be freed from now on.
        void clear(unsigned slot) {
            announced_[slot] = nullptr;
            // release: pairs with the seq_cst (acquire) load in hazardous(), so
            // this owner's reads of the node happen before its destroy.
            // (Relacy cannot show it needed: see the top.)
            record_->hazard[slot].store(nullptr, std::memory_order_release);  // (C)
        }

        // (R): p was unlinked by this operation (a seq_cst CAS) and is not
        // used by it any more; it is freed once no hazard names it. This
        // guard's own hazards on p are cleared first (C): the operation that
        // unlinked p is the only one that can retire it, so they protect
        // nothing, and left in place they would keep this scan from freeing p.
        void retire(Node* p) {
            for (unsigned s = 0; s < Slots; ++s) {
                if (announced_[s] == p) clear(s);
            }
            p->retired_next.set(record_->retired.get());
            record_->retired.set(p);
            record_->retired_count.set(record_->retired_count.get() + 1);
            if (record_->retired_count.get() >= domain_.batch()) domain_.scan(*record_);
        }

    private:
        hazard_domain& domain_;
        record* const record_;
        // What each slot holds: this thread's plain copy, so retire and the
        // destructor need no load of the slot (no extra step for the model
        // checker, no read of a line the scans share).
        Node* announced_[Slots] = {};
    };

private:
    record* take_record() {
        // acquire: pairs with the CAS that published each record (J).
        for (record* r = records_.load(std::memory_order_acquire); r != nullptr; r = r->next) {  // (list)
            // relaxed: a cheap look before the exchange; acquire: pairs with
            // the release store in ~guard (the previous owner's retired list).
            if (!r->active.load(std::memory_order_relaxed) && !r->active.exchange(true, std::memory_order_acquire)) {  // (take)
                return r;
            }
        }
        record* const fresh = P::template create<record>();
        // relaxed: the CAS below re-reads it on failure.
        fresh->next = records_.load(std::memory_order_relaxed);
        // seq_cst: (J), publishes the fresh record's words to take_record
        // and the scan (their loads of records_), and, being in the total
        // order before this owner's first announce, makes every scan that
        // must see that announce see the record too (the scan's seq_cst load
        // of records_). Release alone lets a scan read the list as it was
        // before this record, skip its hazards and free what it protects.
        while (!records_.compare_exchange_weak(fresh->next, fresh, std::memory_order_seq_cst,
                                               std::memory_order_relaxed)) {  // (J)
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
        // seq_cst: (L), the scan's read of the record list, after the unlink
        // (U) in the total order; pairs with the seq_cst CAS that published
        // each record (J), so a record whose owner announced before (U) is seen.
        for (record* r = records_.load(std::memory_order_seq_cst); r != nullptr; r = r->next) {  // (L)
            for (unsigned s = 0; s < Slots; ++s) {
                // seq_cst: (S), the load half of the reclaimer's side of the
                // store-load pair with (A); pairs with announce's seq_cst store.
                if (r->hazard[s].load(std::memory_order_seq_cst) == p) return true;  // (S)
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
