// rwlock.reader_pref: the reader-preference counter lock, spinning (the
// "readers have priority" solution of Courtois, Heymans and Parnas,
// "Concurrent control with 'readers' and 'writers'", CACM 14(10), 1971, in
// the one-word form of Mellor-Crummey and Scott, "Scalable reader-writer
// synchronization for shared-memory multiprocessors", PPoPP 1991, section 2:
// the readers' count and the writer's flag share a word).
//
// The word. word_ = 2 r + w:
//
//     0           free
//     2 r         r readers counted in (inside, or waiting for a writer to leave)
//     2 r + 1     a writer inside, and r readers counted in, waiting for it
//
// Transitions (the labels the code carries):
//     (R)  lock_shared     fetch_add 2 (acquire); the writer's bit was clear
//                          -> inside
//     (Rw)                 the bit was set: spin until a load sees it clear
//                          (acquire) -> inside. The reader stays counted
//                          while it waits, so no new writer can get in.
//     (R-try) try_lock_shared  as (R); (Rt) the bit was set -> fetch_sub 2 (relaxed) and
//                          fail
//     (Ru) unlock_shared   fetch_sub 2 (release)
//     (W)  lock            CAS 0 -> 1 (acquire); else spin until the word
//                          reads 0 (relaxed), and CAS again
//     (Wu) unlock          fetch_sub 1 (release)
//
// Why it is correct (the invariant): a writer is inside only after its CAS
// found the word 0, so at that point nobody was counted and no writer was
// inside; from then on the bit is set until (Wu), so a reader that counts
// itself in sees it and waits, and every other writer's CAS fails. A reader
// is inside only after it saw the bit clear while counted, and while it is
// counted the word is not 0, so no writer's CAS succeeds. So inside there
// is either one writer and no reader, or readers only. The orders: a
// reader's (R) or (Rw) acquire reads the value of a writer's release (Wu)
// (or a later read-modify-write in its release sequence), so the writer's
// writes happen before the reader's reads; a writer's (W) acquire reads the
// value of the last reader's release (Ru), or a writer's (Wu), so their
// accesses happen before its own.
//
// What it lacks: writers starve. Readers that keep overlapping keep the
// count above 0 forever and a writer's CAS never finds 0 (Spin refutes
// writer starvation freedom for it; that is why this lock is in the family).
// Readers do not starve: once counted, a reader waits only for the writer
// inside. Every waiter spins on the one word (each reader's arrival and
// departure is a read-modify-write on the line every waiter reads); nobody
// sleeps.
//
// Fault sites (mutants in mutants.hpp): lock_shared (the reader's count;
// split into a check of the bit and a count that is not looked at,
// check-then-act),
// spin_wait (the reader's wait for the writer's bit: skipped, a reader
// enters beside a writer), unlock_shared, lock, unlock.
#pragma once

#include <atomic>

#include "../fault.hpp"

namespace synclab {

template <class P, class F = faithful>
class reader_pref_rwlock {
    static constexpr unsigned writer = 1;
    static constexpr unsigned reader = 2;

public:
    reader_pref_rwlock() = default;
    reader_pref_rwlock(const reader_pref_rwlock&) = delete;
    reader_pref_rwlock& operator=(const reader_pref_rwlock&) = delete;

    void lock_shared() {
        if constexpr (F::splits(site::lock_shared)) {
            // Mutant (rwlock.reader_pref~check-then-count): checks the
            // writer's bit, then counts itself in, two steps where (R) is
            // one, and does not look again: a writer whose CAS lands between
            // them is inside, and the reader enters beside it. (The count
            // itself stays exact, so the lock goes on working: the fault
            // shows as the race, not as a hang.)
            for (;;) {
                // acquire: as (R).
                if ((word_.load(std::memory_order_acquire) & writer) == 0) {
                    // A gap between the check and the act, as a preemption
                    // opens: some 10 us of pauses where the threads run on
                    // two CPUs, a yield where they share one (to the model
                    // checker, one more interleaving point). Without it a
                    // writer landed in the window in about one stress run
                    // of two.
                    P::spin_pause(1024);
                    P::yield_thread();
                    // acquire: as (R); its result goes unread.
                    word_.fetch_add(reader, std::memory_order_acquire);
                    return;
                }
                P::spin_pause();
            }
        }
        // acquire: pairs with the release fetch_sub of a writer's unlock().
        if ((word_.fetch_add(reader, F::order(site::lock_shared, std::memory_order_acquire)) & writer) == 0) return;  // (R)
        if constexpr (F::skips(site::spin_wait)) return;  // mutant: enters beside the writer
        // acquire: pairs with the release fetch_sub of the writer's unlock().
        while ((word_.load(F::order(site::spin_wait, std::memory_order_acquire)) & writer) != 0) P::spin_pause();  // (Rw)
    }

    bool try_lock_shared() {
        // acquire: as in lock_shared.
        if ((word_.fetch_add(reader, F::order(site::lock_shared, std::memory_order_acquire)) & writer) == 0) return true;  // (R-try)
        // relaxed: this reader read nothing; only the count goes back.
        word_.fetch_sub(reader, std::memory_order_relaxed);  // (Rt)
        return false;
    }

    void unlock_shared() {
        // release: pairs with the acquire CAS of a writer's lock(), so this
        // reader's reads happen before the writer's writes.
        word_.fetch_sub(reader, F::order(site::unlock_shared, std::memory_order_release));  // (Ru)
    }

    void lock() {
        for (;;) {
            if (try_lock()) return;
            // relaxed: a hint; the CAS synchronizes.
            while (word_.load(std::memory_order_relaxed) != 0) P::spin_pause();
        }
    }

    bool try_lock() {
        unsigned expected = 0;
        // acquire: pairs with the release fetch_sub of the last reader's
        // unlock_shared() or of a writer's unlock().
        return word_.compare_exchange_strong(expected, writer, F::order(site::lock, std::memory_order_acquire),
                                             std::memory_order_relaxed);  // (W)
    }

    void unlock() {
        // release: pairs with the acquire loads and read-modify-writes of the
        // readers waiting (R, Rw) and with the next writer's CAS (W).
        word_.fetch_sub(writer, F::order(site::unlock, std::memory_order_release));  // (Wu)
    }

private:
    typename P::template atomic<unsigned> word_{0};
};

}  // namespace synclab
