// Safe memory reclamation with hazard pointers (Maged M. Michael, "Hazard
// Pointers: Safe Memory Reclamation for Lock-Free Objects", IEEE TPDS 15(6),
// 2004), written once for the lock-free structures of primitives/queue/
// (stack.treiber, queue.ms), in two forms that differ only in their fences:
//
//     symmetric    every announce and every validation is a seq_cst access
//                  (the paper's form; on x86 each announce is an xchg)
//     asymmetric   the announce is a release store and a light fence; the
//                  scan pays one heavy fence for a whole batch (folly's
//                  hazptr does this): natively a compiler barrier against a
//                  membarrier system call (the platform seam,
//                  asymmetric_fence_light / asymmetric_fence_heavy)
//
// Hazard pointers bound the garbage even when a thread stalls mid-operation
// (epochs.hpp, the other scheme, does not), and need nothing from the
// platform but atomics, P::create / P::destroy and, for the asymmetric form,
// its fences (so under Relacy every node is tracked: leaks, double frees,
// accesses to freed memory).
//
// Words. A domain owns a list of hazard records (records.hpp: the paper's
// HPRec list, records only ever added; an operation takes one for its
// duration and gives it back). A record has Slots hazard pointers and a
// private list of retired nodes with its length:
//
//     hazard[s]   null, or a node its owner may dereference (published)
//     retired     nodes unlinked from the structure, not yet freed (owner only)
//
// A record's retired list goes with the record to its next owner (as in the
// paper, where a new thread inherits a deactivated record's list).
//
// Transitions (the labels the code carries; records.hpp has take, join (J)
// and give-back):
//     (A) announce   hazard[s] := p. Symmetric: seq_cst. Asymmetric: release,
//                    then the light fence (light)
//     (V) validate   reload the word p came from (symmetric: seq_cst;
//                    asymmetric: acquire, after the light fence); still p ->
//                    p is protected, dereference it; else announce the new one
//     (U) unlink     the structure's CAS that removes p (seq_cst, in the caller)
//     (R) retire     clear this operation's own hazards on p (C), append p to
//                    the owner's retired list; when the list reaches the
//                    batch, scan
//     (heavy)        asymmetric only: the scan starts with the heavy fence
//     (L) list       the scan reads the record list (symmetric: seq_cst;
//                    asymmetric: acquire, after the heavy fence)
//     (S) scan       for each retired node: if no record's hazard[s] holds
//                    it (symmetric: seq_cst loads; asymmetric: acquire),
//                    destroy it; else keep it
//     (C) clear      hazard[s] := null (release), at retire or at the end of
//                    the operation
//
// Why it is correct (the invariant): a node is destroyed only by a scan that
// found no hazard naming it, and that scan runs after the node was unlinked.
// A reader dereferences p only after (A) then (V) saw p still in place.
// Symmetric: J, A, V, U, L and S are seq_cst, so they have one total order,
// consistent with each thread's program order: J < A < V in the reader's
// thread, U < L < S in the reclaimer's. If V saw p, V came before U (after U
// the word no longer holds p, unless p was freed and reused, which makes the
// new p the one protected), so J < A < V < U < L < S: the scan's list read
// comes after J and finds the reader's record, and its load of the hazard
// comes after A and finds p. So a reader either is seen by the scan (the node
// survives) or never dereferences the node. A and V against U and S is a
// store-load pair (Dekker's pattern): with (A) a release store and (V) an
// acquire load, both threads could read the other's word before the other's
// store is visible (store buffering), the scan free p and the reader use it:
// release/acquire orders nothing between a store and a later load of another
// word. J against L is the same pair one level up: with J a release CAS the
// scan may read the list as it was before the reader's record joined it and
// never look at the hazard.
// Asymmetric: the pair is made by the two fences instead of the accesses.
// The reader runs J, A, (light), V; the reclaimer U, (heavy), L, S. The two
// fences order as two seq_cst fences (natively: membarrier runs a full
// barrier on the reader's CPU at a point of its program, which is before or
// after its compiler-ordered (light)). Light before heavy: L and S see J
// and A (p survives). Heavy before light: V sees U (the reader re-announces).
// The announce stays a release store (a plain store on x86): it orders the
// reader's reads of the node it protected before, in the slot it overwrites,
// before a scan that reads the new value.
// The guard's clear (C) is a release store and the scan's loads are acquire
// (or seq_cst): a scan that sees null (or another node) orders every access
// the reader made before its destroy. Retire clears the operation's own
// hazards on p before the scan: only the operation that unlinked p can retire
// it, so they protect nothing, and left in place they would keep p from this
// scan (it would wait for the owner's next scan).
//
// What the model checker shows (`./synclab orders stack.treiber`, and
// queue.ms): each of J, A, V, U, L and S, one step weaker, is refuted with
// ACCESS TO FREED MEMORY within seconds (J as a release CAS: a scan reads
// the list without the reader's record; the others: the store buffering
// above). For the asymmetric form Relacy has no membarrier: both fences are
// modelled as seq_cst fences (platform/relacy.hpp), and dropping either one
// is a mutant it catches; each one step weaker (acq_rel) is refuted with
// ACCESS TO FREED MEMORY. The model's light fence is a full fence, which
// natively it is not (a compiler barrier): so in the asymmetric entries the
// audit also passes weakened the orders that fence then does the work of,
// the release of (A), (S)'s acquire, the structures' unlink CAS and the
// queue's link CAS and acquire loads, and those stay as written: natively
// nothing else orders them. In the symmetric form two orders pass
// weakened, both kept.
// (C) relaxed: Relacy checks an access made after a free, not a free made
// after an unordered access; by the standard the release orders the owner's
// reads of the node before the destroy of the scan that reads the null.
// The same holds for the asymmetric announce's release. The records'
// (free-all) acquire: see records.hpp. The checker sees the pairs only
// with its model binary built without GCC's lifetime dead-store elimination
// (cmake/model_options.cmake) and with retire clearing the operation's own
// hazards: with them left in place the node waits for a later scan, and the
// reader would have to stall across two of the reclaimer's operations, past
// what the searches reach.
//
// Bounded garbage: a scan frees every retired node that no hazard names; at
// most H * Slots hazards exist, so with a batch of R each record holds fewer
// than R retired nodes and the domain fewer than H * R, whatever threads
// stall (the paper's O(H^2 K) bound). Symmetric: R = 2 H Slots + 16.
// Asymmetric: R = 2 H Slots + 512, since a scan costs a system call (a few
// microseconds) that a batch of 16 would pay every 16 pops. Under Relacy the
// batch is 1 (P::reclaim_batch): every retire scans, so the search meets
// every interleaving of a scan with a reader.
//
// What it lacks: an operation pays one exchange to take a record and one
// store to give it back (a thread_local record would save both; the record
// list's hint keeps both on a line this thread owns); a scan is
// O(R * H * Slots) loads (no sorting of the hazards: nothing to allocate
// under Relacy); records are never freed before the domain, so H is the peak
// number of operations in flight. Nodes still retired when the domain is
// destroyed are freed then: the domain outlives every operation on it.
//
// Requirements on Node: a member `typename P::template plain<Node*>
// retired_next` that the domain owns from retire() on, and P::destroy<Node>.
//
// Fault sites (mutants in queue/mutants.hpp): protect (the validation V:
// skipped, a node freed between the read and the announce is used),
// reclaim (the scan's hazard check: skipped, a retired node is freed at once
// while readers hold it: the ABA of an unprotected stack), announce (A
// weakened to relaxed; asymmetric: the light fence dropped), observe
// (asymmetric: the heavy fence dropped).
#pragma once

#include <atomic>
#include <cstddef>
#include <utility>

#include "../fault.hpp"
#include "node_pool.hpp"
#include "records.hpp"

namespace synclab {

enum class hazard_fences { symmetric, asymmetric };

// The batch R at which a record of a domain with `records` records scans
// (see "Bounded garbage" above): the domain's own rule, public so that a
// harness states the bound H * R from it rather than from a copy.
constexpr std::size_t hazard_batch(hazard_fences fences, std::size_t records, unsigned slots) noexcept {
    return 2 * records * slots + (fences == hazard_fences::asymmetric ? 512 : 16);
}

template <class Node, class P, class F, unsigned Slots, hazard_fences Fences>
class basic_hazard_domain {
    static_assert(Slots >= 1, "a hazard record has at least one slot");
    static constexpr bool asymmetric = Fences == hazard_fences::asymmetric;

    struct record {
        typename P::template atomic<Node*> hazard[Slots];
        typename P::template atomic<bool> active{true};  // created owned by its first guard (records.hpp)
        record* next = nullptr;                           // set before publication, constant after
        typename P::template plain<Node*> retired;        // owner only (see active)
        typename P::template plain<std::size_t> retired_count;
        typename node_pool<Node, P>::stash spare;         // owner only: nodes for reuse
    };

    // The orders of the protocol's loads: seq_cst where the accesses make the
    // store-load pairs (symmetric), acquire where the fences do (asymmetric).
    static constexpr std::memory_order pair_load = asymmetric ? std::memory_order_acquire : std::memory_order_seq_cst;

public:
    basic_hazard_domain() = default;
    basic_hazard_domain(const basic_hazard_domain&) = delete;
    basic_hazard_domain& operator=(const basic_hazard_domain&) = delete;

    // No operation runs any more: free what is still retired (the record
    // list's destructor then frees the records).
    ~basic_hazard_domain() {
        records_.for_each_record([](record& r) {
            node_pool<Node, P>::destroy_list(r.retired.get());
            node_pool<Node, P>::destroy_list(r.spare.nodes.get());
        });
    }

    // One operation's hold on a record: announce, validate, retire; clears
    // its hazards and gives the record back at the end of the scope.
    class guard {
    public:
        explicit guard(basic_hazard_domain& domain) : domain_(domain), record_(domain.records_.take()) {}
        guard(const guard&) = delete;
        guard& operator=(const guard&) = delete;
        ~guard() {
            for (unsigned s = 0; s < Slots; ++s) {
                if (announced_[s] != nullptr) clear(s);  // a null slot stays null
            }
            domain_.records_.give_back(record_);
        }

        // (A) then (V) until the word holds what was announced: the node
        // returned (or null) may be dereferenced until this slot changes.
        Node* protect(unsigned slot, const typename P::template atomic<Node*>& word) {
            // relaxed: a guess; the reload below validates it.
            Node* p = word.load(std::memory_order_relaxed);
            for (;;) {
                announce(slot, p);
                if constexpr (F::skips(site::protect)) return p;  // mutant: trusts the guess
                // (V): the load half of the store-load pair with the
                // reclaimer's unlink and scan (symmetric: seq_cst; asymmetric:
                // acquire, ordered by the light fence, see the protocol); also
                // acquires the node's contents from the CAS that published it.
                Node* const now = word.load(pair_load);  // (V)
                if (now == p) return p;
                p = now;
            }
        }

        // (A) for a node read from another node (p), validated by a reload of
        // a word that must still hold `expected` (as protect's (V)): true if it
        // does, and p may be dereferenced; false: the caller starts over.
        bool protect_from(unsigned slot, Node* p, const typename P::template atomic<Node*>& word, Node* expected) {
            announce(slot, p);
            if constexpr (F::skips(site::protect)) return true;  // mutant: no validation
            // As (V) in protect.
            return word.load(pair_load) == expected;
        }

    private:
        void announce(unsigned slot, Node* p) {
            announced_[slot] = p;
            if constexpr (!asymmetric) {
                // seq_cst: the store half of the store-load pair; pairs with the
                // seq_cst load of the scan (hazardous) and the validation (V).
                record_->hazard[slot].store(p, F::order(site::announce, std::memory_order_seq_cst));  // (A)
            } else {
                // release: orders this owner's reads of the node the slot named
                // before a scan that reads the new value (acquire, (S)). The
                // store-load pair is the light fence's, not this store's.
                record_->hazard[slot].store(p, std::memory_order_release);  // (A)
                // The light fence: pairs with the scan's heavy fence (see the
                // protocol); a compiler barrier natively while membarrier works.
                if constexpr (F::order(site::announce, std::memory_order_seq_cst) != std::memory_order_relaxed) {
                    P::asymmetric_fence_light();  // (light)
                }
            }
        }

    public:
        // A node built from args, in a reclaimed node's memory where the
        // domain has one (node_pool.hpp), else newly allocated.
        template <class... Args>
        Node* make(Args&&... args) {
            return domain_.pool_.make(record_->spare, std::forward<Args>(args)...);
        }

        // (C): the slot's node may be freed from now on.
        void clear(unsigned slot) {
            announced_[slot] = nullptr;
            // release: pairs with the acquire (or seq_cst) load in hazardous(),
            // so this owner's reads of the node happen before its destroy.
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
        basic_hazard_domain& domain_;
        record* const record_;
        // What each slot holds: this thread's plain copy, so retire and the
        // destructor need no load of the slot (no extra step for the model
        // checker, no read of a line the scans share).
        Node* announced_[Slots] = {};
    };

private:
    std::size_t batch() const { return P::reclaim_batch(hazard_batch(Fences, records_.count(), Slots)); }

    // Whether any record's hazard names p.
    bool hazardous(const Node* p) const {
        if constexpr (F::skips(site::reclaim)) return false;  // mutant: frees what readers hold
        // (L), the scan's read of the record list, after the unlink (U) in
        // the total order (symmetric: seq_cst; pairs with the seq_cst CAS
        // that published each record, (J), so a record whose owner announced
        // before (U) is seen; asymmetric: acquire, after the heavy fence).
        for (record* r = records_.first(pair_load); r != nullptr; r = r->next) {  // (L)
            for (unsigned s = 0; s < Slots; ++s) {
                // (S), the load half of the reclaimer's side of the store-load
                // pair with (A) (symmetric: seq_cst; asymmetric: acquire, after
                // the heavy fence); pairs with announce's store.
                if (r->hazard[s].load(pair_load) == p) return true;  // (S)
            }
        }
        return false;
    }

    // (S) over the owner's retired list: reclaim what no hazard names (to
    // the pool, node_pool.hpp, which reuses or frees it), keep the rest.
    void scan(record& owner) {
        if constexpr (asymmetric && F::order(site::observe, std::memory_order_seq_cst) != std::memory_order_relaxed) {
            // The heavy fence: after every unlink of the nodes on the list
            // (this owner's earlier operations), before every load of a
            // hazard; pairs with each reader's light fence.
            P::asymmetric_fence_heavy();  // (heavy)
        }
        Node* keep = nullptr;
        std::size_t kept = 0;
        Node* reclaimed = nullptr;
        Node* n = owner.retired.get();
        while (n != nullptr) {
            Node* const next = n->retired_next.get();
            if (hazardous(n)) {
                n->retired_next.set(keep);
                keep = n;
                ++kept;
            } else {
                n->retired_next.set(reclaimed);
                reclaimed = n;
            }
            n = next;
        }
        owner.retired.set(keep);
        owner.retired_count.set(kept);
        pool_.give(reclaimed);
    }

    record_list<record, P> records_;
    node_pool<Node, P> pool_;
};

// The two forms, as the structures take them (a template of Node, P, F, Slots).
template <class Node, class P, class F = faithful, unsigned Slots = 1>
using hazard_domain = basic_hazard_domain<Node, P, F, Slots, hazard_fences::symmetric>;
template <class Node, class P, class F = faithful, unsigned Slots = 1>
using asymmetric_hazard_domain = basic_hazard_domain<Node, P, F, Slots, hazard_fences::asymmetric>;

}  // namespace synclab
