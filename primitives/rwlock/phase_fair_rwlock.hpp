// rwlock.phase_fair: the phase-fair ticket reader-writer lock, PF-T
// (Brandenburg and Anderson, "Spin-based reader-writer synchronization for
// multiprocessor real-time systems", Real-Time Systems 46(1), 2010). Reader
// phases and writer phases alternate: a reader that arrives while a writer
// waits or writes enters in the next reader phase, after that one writer,
// and a writer waits for at most one reader phase. Neither side starves.
//
// Words (unsigned, wrapping; only compared for equality):
//
//     rin    readers that ever arrived, in units of 0x100; its low two bits
//            are the writer's: PRES (0x2) while a writer is present (waiting
//            for the readers, or inside), PHID (0x1) the parity of that
//            writer's ticket, so two writers in a row differ
//     rout   readers that ever left, in units of 0x100
//     win    writers' tickets taken (a ticket lock among writers)
//     wout   writers' tickets served
//
// Transitions (the labels the code carries):
//     (R)   lock_shared      w := fetch_add(rin, 0x100) & 3 (acquire);
//                            w == 0 -> inside
//     (Rw)                   else spin until rin's low bits differ from w
//                            (acquire): that writer has left (bits clear) or
//                            the next one came (the other parity) -> inside
//     (Ru)  unlock_shared    fetch_add(rout, 0x100) (release)
//     (Wt)  lock             t := fetch_add(win, 1) (relaxed); spin until
//                            wout == t (acquire): this writer's turn
//     (Wp)                   r := fetch_add(rin, PRES | (t & PHID))
//                            (relaxed): readers arriving from now on wait;
//                            r (its reader count) counts those that came before
//     (Wr)                   spin until rout == r (acquire): they all left -> inside
//     (Wu)  unlock           fetch_and(rin, ~3) (release): the waiting readers
//                            go; then wout := wout + 1 (release): the next writer
//
// Why it is correct (the invariant): a writer is inside only after (Wr):
// every reader whose (R) came before its (Wp) in rin's modification order
// has left (rout counts them), and every reader whose (R) came after saw
// PRES and waits for the bits to change, which happens only at (Wu), or when
// the next writer's (Wp) sets the other parity, which comes after this
// writer's (Wu) (writers go one at a time, by ticket). Writers exclude each
// other by the ticket lock (win, wout). So inside there is one writer and no
// reader, or readers only. Phase fairness: a reader waits for one writer at
// most (the one present at its (R): the bits change when it leaves, and a
// later writer's bits have the other parity); a writer waits for the readers
// present at its (Wp) and for the writers ahead of it, each of which waits
// for one reader phase at most. The orders: (Ru) release -> (Wr) acquire
// orders the readers' reads before the writer's writes; (Wu)'s release
// fetch_and -> (R) or (Rw) acquire orders the writer's writes before the
// readers' reads; (Wu)'s release store of wout -> (Wt) acquire orders them
// before the next writer's. (Wp) itself orders nothing: a reader counted
// before it is waited for through rout, one after it waits through rin.
//
// What it lacks: everyone spins, readers on rin, so each reader's arrival
// writes the line every waiting reader reads (one word for all readers:
// it scales no better than one cache line); nobody sleeps. try_lock_shared
// fails while a writer is present (inside or waiting for readers);
// try_lock fails while a writer is inside or queued, or readers are inside,
// and may wait for the critical sections of readers that arrive during it.
//
// Fault sites (mutants in mutants.hpp): lock_shared, spin_wait (the
// reader's wait (Rw): skipped, a late reader overtakes the writer present),
// unlock_shared, lock, hand_off (the writer's wait for the readers (Wr)),
// unlock.
#pragma once

#include <atomic>
#include <cstddef>

#include "../fault.hpp"

namespace synclab {

template <class P, class F = faithful>
class phase_fair_rwlock {
    static constexpr unsigned reader = 0x100;  // RINC
    static constexpr unsigned writer_bits = 0x3;  // WBITS
    static constexpr unsigned present = 0x2;   // PRES
    static constexpr unsigned phase = 0x1;     // PHID

public:
    phase_fair_rwlock() = default;
    phase_fair_rwlock(const phase_fair_rwlock&) = delete;
    phase_fair_rwlock& operator=(const phase_fair_rwlock&) = delete;

    void lock_shared() {
        // acquire: pairs with the release fetch_and of a writer's unlock().
        const unsigned w = rin_.fetch_add(reader, F::order(site::lock_shared, std::memory_order_acquire)) & writer_bits;  // (R)
        if (w == 0) return;
        if constexpr (F::skips(site::spin_wait)) return;  // mutant: overtakes the writer present
        // acquire: as above; the bits change at that writer's unlock (or
        // after it, at the next writer's (Wp)).
        while ((rin_.load(F::order(site::spin_wait, std::memory_order_acquire)) & writer_bits) == w) P::spin_pause();  // (Rw)
    }

    // True if no writer is present: then it is (R) with w == 0.
    bool try_lock_shared() {
        // relaxed: a look; the CAS synchronizes.
        unsigned seen = rin_.load(std::memory_order_relaxed);
        while ((seen & writer_bits) == 0) {
            // acquire: as (R).
            if (rin_.compare_exchange_weak(seen, seen + reader, F::order(site::lock_shared, std::memory_order_acquire),
                                           std::memory_order_relaxed)) {  // (R-try)
                return true;
            }
        }
        return false;
    }

    void unlock_shared() {
        // release: pairs with the acquire load of rout in a writer's (Wr).
        rout_.fetch_add(reader, F::order(site::unlock_shared, std::memory_order_release));  // (Ru)
    }

    void lock() {
        // relaxed: a ticket; the wait below synchronizes.
        const unsigned ticket = win_.fetch_add(1, std::memory_order_relaxed);  // (Wt)
        // acquire: pairs with the release store of wout in the previous
        // writer's unlock().
        while (wout_.load(F::order(site::lock, std::memory_order_acquire)) != ticket) P::spin_pause();
        enter_after_readers(ticket);
    }

    // True if no writer is inside or queued and no reader is inside at its
    // look; then it takes the next ticket and enters as lock() does, waiting
    // only for readers that arrived between its look and its (Wp): their
    // critical sections, never a writer. It cannot give a turn back once its
    // presence bits are set: a reader that saw the previous writer's bits and
    // missed both changes would then meet the same parity again in the next
    // writer, which waits for that reader (a deadlock Spin finds).
    bool try_lock() {
        // relaxed: a look at the tickets; the CAS takes one.
        unsigned ticket = win_.load(std::memory_order_relaxed);
        // acquire: pairs with the release store of wout in the previous
        // writer's unlock().
        if (wout_.load(F::order(site::try_lock, std::memory_order_acquire)) != ticket) return false;
        // relaxed: a look; (Wp) and (Wr) below decide.
        const unsigned seen = rin_.load(std::memory_order_relaxed);
        // acquire: as (Wr).
        if ((seen & writer_bits) != 0 ||
            rout_.load(F::order(site::try_lock, std::memory_order_acquire)) != (seen & ~writer_bits)) {
            return false;  // readers inside
        }
        // relaxed: the loads above synchronized; this only takes the ticket
        // (and fails if another writer took it first).
        if (!win_.compare_exchange_strong(ticket, ticket + 1, std::memory_order_relaxed)) return false;  // (Wt-try)
        enter_after_readers(ticket);
        return true;
    }

    void unlock() {
        // release: pairs with the acquire (R) and (Rw) of the readers this
        // writer held back, so its writes happen before their reads.
        rin_.fetch_and(~writer_bits, F::order(site::unlock, std::memory_order_release));  // (Wu)
        // relaxed: only this writer writes wout while it holds the lock.
        const unsigned served = wout_.load(std::memory_order_relaxed);
        // release: pairs with the acquire load of wout in the next writer's lock().
        wout_.store(served + 1, F::order(site::unlock, std::memory_order_release));  // (Wu-next)
    }

private:
    void enter_after_readers(unsigned ticket) {
        // relaxed: the presence bits; see the protocol for why (Wp) orders nothing.
        const unsigned arrived = rin_.fetch_add(present | (ticket & phase), std::memory_order_relaxed) & ~writer_bits;  // (Wp)
        if constexpr (F::skips(site::hand_off)) return;  // mutant: writes beside the readers still inside
        // acquire: pairs with the release fetch_add of each reader's unlock_shared().
        while (rout_.load(F::order(site::hand_off, std::memory_order_acquire)) != arrived) P::spin_pause();  // (Wr)
    }

    static constexpr std::size_t cache_line = 128;  // see ../queue/spsc_queue.hpp
    alignas(cache_line) typename P::template atomic<unsigned> rin_{0};
    alignas(cache_line) typename P::template atomic<unsigned> rout_{0};
    alignas(cache_line) typename P::template atomic<unsigned> win_{0};
    alignas(cache_line) typename P::template atomic<unsigned> wout_{0};
};

}  // namespace synclab
