// Safe memory reclamation with epochs (Keir Fraser, "Practical lock-freedom",
// PhD thesis, Cambridge 2004, section 5.2.3; measured against hazard
// pointers by Hart, McKenney, Demke Brown and Walpole, "Performance of memory
// reclamation for lockless synchronization", JPDC 67(12), 2007), with the
// interface of hazard_pointers.hpp, so that stack.treiber and queue.ms take
// either as a template parameter.
//
// The idea: a reader does not say which nodes it holds, only that it is
// inside an operation and since which epoch. A node unlinked in epoch e is
// freed once the global epoch has moved on twice: every operation that could
// have seen the node has ended by then. Cheaper than hazard pointers for the
// reader (one announcement per operation, none per node, no validation), but
// one reader stalled inside an operation stops the epoch, and then nothing
// is freed by anyone: the garbage is unbounded.
//
// Words. global_ counts epochs (0, 1, 2, ...). Each record (records.hpp;
// taken by an operation for its duration) has:
//
//     epoch       0: its owner is outside; 2e + 1: inside, entered in epoch e
//     limbo[3]    retired nodes, by the epoch they were retired in (e mod 3),
//     limbo_epoch and which epoch each list holds (owner only)
//     retired_since_collect   retires since the last advance tried (owner only)
//
// Transitions:
//     (E) enter      e := global_ (relaxed: an older epoch only delays);
//                    epoch := 2e + 1 (release); seq_cst fence (enter)
//     (X) exit       epoch := 0 (release)
//     (U) unlink     the structure's CAS that removes p (seq_cst, in the caller)
//     (T) retire     g := global_ (seq_cst, after U); p goes on limbo[g mod 3]
//                    (its older contents, from epoch g - 3 or before, are
//                    freed first); after a batch of retires, advance, then
//                    free every list of an epoch <= global - 2
//     (F) advance    G := global_ (relaxed); seq_cst fence (advance); read
//                    the record list (L) and each record's epoch (S,
//                    acquire); if every one is outside or inside epoch G,
//                    CAS global_ G -> G + 1 (N, seq_cst); then the retirer
//                    reads global_ (free, acquire) and frees its lists of
//                    an epoch <= that - 2
//
// Why it is correct (the invariant): a node retired with tag g is freed only
// once global_ >= g + 2, and then no operation that could reach it is still
// inside. Take such an operation, the reader. All orders below are in the
// total order S of seq_cst operations and fences.
// 1. The reader read the node from a word before the unlink U changed it,
//    after its fence (enter); had U come before (enter) in S, that load
//    would have seen U. So (enter) < U < T.
// 2. The reader's epoch e is at most g: it read global_ before (enter), so
//    the advance that wrote e precedes (enter) in S, hence T, which reads
//    the latest epoch before it.
// 3. The advance from g + 1 to g + 2 was made by a thread that read
//    global_ = g + 1 before its fence (advance): the advance to g + 1
//    follows T (T read g), so (enter) < U < T < advance to g + 1 <
//    (advance). A load after (advance) sees the reader's epoch store, made
//    before (enter), or a later one: the advancer finds the reader inside
//    at e <= g < g + 1 and does not advance, unless the reader had exited.
//    It saw the exit (X) or a later owner's entry (release, after taking
//    the record with acquire from the reader's give-back), so every access
//    of the reader happens before the advance, and before the free, which
//    reads global_ from it (acquire).
// Reading global_ before the fence (advance) matters: with the fence first,
// the standard lets the load after it read an advance that comes later in S
// than a reader's (enter) the fence precedes, and the records' loads miss
// that reader's epoch.
//
// What the model checker shows (`./synclab orders stack.treiber_epoch`, and
// queue.ms_epoch): the fence (enter) is needed (acq_rel: ACCESS TO FREED
// MEMORY). Passed weakened and kept: the release of (E) and (X), the
// acquire of (S) and (free), which order a free after an access (Relacy
// checks an access after a free, not a free after an unordered access);
// (T), the fence (advance) and the CAS (N), whose windows need an advance
// to overtake a reader's entry between two of its loads, past what the
// searches reach (the argument above is the standard's, step 3).
//
// Mutants (queue/mutants.hpp): the advance that skips the readers' check
// (reclaim), the reader's fence dropped (announce). The advancer's fence
// dropped (observe) passes the default plan: the window needs a reader to
// enter between an advancer's read of global_ and its loads of the records
// with its epoch store not yet visible, and the 4-thread random search of
// queue.ms_epoch meets it only at iteration 119173 (seed 0); kept by the
// argument above (3), which is the standard's, not the checker's.
//
// What it lacks: unbounded garbage while any operation stalls inside (the
// benchmark's stalled-reader run plots it); the fence on every enter is a
// full barrier (an mfence on x86), where the asymmetric hazard pointers pay
// a compiler barrier; a retire that finds the epoch stuck only tries again
// at its next batch. Records are taken per operation (records.hpp), not per
// thread, so an epoch is announced per operation; a thread-owned record
// would let a thread stay inside across operations (RCU's shape).
//
// Requirements on Node: a member `typename P::template plain<Node*>
// retired_next` that the domain owns from retire() on, and P::destroy<Node>.
// Slots is unused (an epoch protects every node the operation reads).
#pragma once

#include <atomic>
#include <cstddef>
#include <utility>
#include <cstdint>

#include "../fault.hpp"
#include "node_pool.hpp"
#include "records.hpp"

namespace synclab {

template <class Node, class P, class F = faithful, unsigned Slots = 1>
class epoch_domain {
    static constexpr unsigned lists = 3;  // the epochs a retired node can be from while not yet freeable

    struct record {
        typename P::template atomic<std::uint64_t> epoch{0};
        typename P::template atomic<bool> active{true};  // created owned by its first guard (records.hpp)
        record* next = nullptr;                           // set before publication, constant after
        typename P::template plain<Node*> limbo[lists];   // owner only
        typename P::template plain<std::uint64_t> limbo_epoch[lists];
        typename P::template plain<std::size_t> retired_since_collect;
        typename node_pool<Node, P>::stash spare;         // owner only: nodes for reuse
    };

public:
    epoch_domain() = default;
    epoch_domain(const epoch_domain&) = delete;
    epoch_domain& operator=(const epoch_domain&) = delete;

    // No operation runs any more: free every limbo list (the record list's
    // destructor then frees the records).
    ~epoch_domain() {
        records_.for_each_record([](record& r) {
            for (unsigned b = 0; b < lists; ++b) node_pool<Node, P>::destroy_list(r.limbo[b].get());
            node_pool<Node, P>::destroy_list(r.spare.nodes.get());
        });
    }

    // One operation inside the epoch: enter at construction, exit at the end
    // of the scope. The nodes it reads stay allocated until it exits.
    class guard {
    public:
        explicit guard(epoch_domain& domain) : domain_(domain), record_(domain.records_.take()) {
            // relaxed: (E), an epoch older than the current one is safe (it
            // only holds the next advance back); the fence orders what matters.
            const std::uint64_t e = domain_.global_.load(std::memory_order_relaxed);
            // release: pairs with the acquire load in advance(), through the
            // previous owners of this record (their exits happen before this
            // store, by the record's take and give-back).
            record_->epoch.store(2 * e + 1, std::memory_order_release);  // (E)
            if constexpr (F::order(site::announce, std::memory_order_seq_cst) != std::memory_order_relaxed) {
                // seq_cst: the store-load pair with advance(): either an
                // advancer's fence comes after this one and its loads see the
                // epoch just stored, or this thread's loads of the structure
                // see every unlink made before that advancer's fence.
                P::fence(std::memory_order_seq_cst);  // (enter)
            }
        }
        guard(const guard&) = delete;
        guard& operator=(const guard&) = delete;
        ~guard() {
            // release: (X), pairs with the acquire load in advance(): every
            // access of this operation happens before a free that follows
            // the advance.
            record_->epoch.store(0, std::memory_order_release);  // (X)
            domain_.records_.give_back(record_);
        }

        // A node read inside the operation may be dereferenced until it ends.
        Node* protect(unsigned /*slot*/, const typename P::template atomic<Node*>& word) {
            // acquire: pairs with the release (or seq_cst) CAS that published
            // the node, so its contents are seen.
            return word.load(std::memory_order_acquire);
        }

        // Nothing to validate: the epoch protects p as it protects every node
        // this operation reads.
        bool protect_from(unsigned /*slot*/, Node* /*p*/, const typename P::template atomic<Node*>& /*word*/,
                          Node* /*expected*/) {
            return true;
        }

        // A node built from args, in a reclaimed node's memory where the
        // domain has one (node_pool.hpp), else newly allocated.
        template <class... Args>
        Node* make(Args&&... args) {
            return domain_.pool_.make(record_->spare, std::forward<Args>(args)...);
        }

        // (T): p was unlinked by this operation (a seq_cst CAS); it is freed
        // two epochs after the current one.
        void retire(Node* p) {
            // seq_cst: after the unlink (U) in the total order, so every
            // operation that could still reach p entered in this epoch or
            // an earlier one (see the protocol).
            const std::uint64_t g = domain_.global_.load(std::memory_order_seq_cst);  // (T)
            record& r = *record_;
            const unsigned b = static_cast<unsigned>(g % lists);
            if (r.limbo_epoch[b].get() != g) {
                // The list holds epoch g - 3 or older: free since g - 1.
                domain_.pool_.give(r.limbo[b].get());
                r.limbo[b].set(nullptr);
                r.limbo_epoch[b].set(g);
            }
            p->retired_next.set(r.limbo[b].get());
            r.limbo[b].set(p);
            r.retired_since_collect.set(r.retired_since_collect.get() + 1);
            if (r.retired_since_collect.get() >= domain_.batch()) domain_.collect(r);
        }

    private:
        epoch_domain& domain_;
        record* const record_;
    };

private:
    std::size_t batch() const { return P::reclaim_batch(2 * records_.count() + 64); }

    // (F): move the epoch on if every operation inside is in the current one.
    void advance() {
        // relaxed: the CAS below checks it; read before the fence (see the
        // protocol, 3).
        std::uint64_t g = global_.load(std::memory_order_relaxed);
        if constexpr (F::order(site::observe, std::memory_order_seq_cst) != std::memory_order_relaxed) {
            // seq_cst: pairs with each reader's fence (enter); see the protocol.
            P::fence(std::memory_order_seq_cst);  // (advance)
        }
        if constexpr (!F::skips(site::reclaim)) {  // mutant: advances past readers inside
            // acquire: the record list, pairs with its publishing CAS (J).
            for (record* r = records_.first(std::memory_order_acquire); r != nullptr; r = r->next) {  // (L)
                // acquire: pairs with the release stores (E) and (X): an
                // operation seen outside has ended before what follows.
                const std::uint64_t e = r->epoch.load(std::memory_order_acquire);  // (S)
                if (e != 0 && e != 2 * g + 1) return;
            }
        }
        // seq_cst: in the total order with the retires' loads of global_ (T)
        // and the readers' fences; release for the frees that read it.
        // relaxed on failure: another thread advanced, which is as good.
        global_.compare_exchange_strong(g, g + 1, std::memory_order_seq_cst, std::memory_order_relaxed);  // (N)
    }

    // Advance, then free every list of the owner two epochs old or older.
    void collect(record& owner) {
        advance();
        // acquire: pairs with the CAS (N) that made the epoch, and so with
        // the exits it saw.
        const std::uint64_t g = global_.load(std::memory_order_acquire);  // (free)
        for (unsigned b = 0; b < lists; ++b) {
            if (owner.limbo_epoch[b].get() + 2 <= g) {
                pool_.give(owner.limbo[b].get());
                owner.limbo[b].set(nullptr);
            }
        }
        // The next try after another batch of retires (a stuck epoch costs
        // one advance per batch, not one per retire).
        owner.retired_since_collect.set(0);
    }

    typename P::template atomic<std::uint64_t> global_{0};
    record_list<record, P> records_;
    node_pool<Node, P> pool_;
};

}  // namespace synclab
