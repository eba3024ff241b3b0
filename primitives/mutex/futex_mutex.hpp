// mutex.futex: the three-state futex mutex (Drepper, "Futexes Are Tricky", 2011,
// mutex 3), with a bounded wait (pauses, then yields) before sleeping.
//
// One futex word, three named states:
//
//     unlocked  (0)  nobody owns it
//     locked    (1)  owned, and no thread sleeps on it
//     contended (2)  owned, and some thread may sleep on it
//
// Transitions:
//
//     (A) unlocked  -> locked     lock()/try_lock(): CAS, the uncontended fast path
//     (B) *         -> contended  lock_contended(): exchange; if it returned
//                                 unlocked, the caller owns it (marked contended,
//                                 to be safe: a sleeper may exist)
//     (C) contended -> contended  lock_contended(): futex_wait(word, contended)
//                                 sleeps only while the word is still contended
//     (D) locked|contended -> unlocked   unlock(): exchange; if it returned
//                                 contended, futex_wake(1)
//
// Why no wake-up is lost: a thread sleeps (C) only on the value contended, and
// the kernel compares and sleeps atomically. Any unlock after the sleeper's (B)
// sees contended (nobody but unlock() stores anything else, and a thread that
// takes the lock in (B) stores contended), so it wakes one. A woken thread
// redoes (B) and so keeps the word contended for the sleepers behind it; the
// price is at most one needless wake when the last sleeper leaves.
//
// Before (B) the contended path spins up to spin_budget pauses while the word
// is locked (owner running, no sleeper) and retries (A) when it sees unlocked:
// a hand-off that avoids sleeping costs ~100x less than one that sleeps.
// The budget is a constructor argument (the benchmark sweeps it; libstdc++,
// glibc and Rust chose 0, ~100 and 100 respectively). The default is 0: with
// the yields below in place, three sweeps here (2026-12-02, 3 runs each) put
// 0 first (scores 0.90, 0.999, 0.87; 16 next at 0.80, 0.82, 0.68). Back to
// back a spinner's loads steal the owner's cache line (the hammer: 67M for 0,
// 20M for 16); with work outside the lock 16 can win (9.2M against 7.3M).
// After the pauses, while the word is still locked, up to yield_budget (4)
// yields of the CPU: with more threads than cores the owner may be preempted,
// and a yield lets it run and release instead of the waiter sleeping and
// making every later unlock pay a wake. Measured here (2026-12-02, 8 threads,
// 2 cores, 3 runs, spin 16): the hammer went from 20M to 40M acquisitions/s.
//
// Fault sites: lock, try_lock, unlock, wake (skipped, or issued before (D)),
// sleep (the (B)/(C) loop, run once).
//
// What it lacks: not FIFO and not starvation-free. An unlocking thread can
// re-take the lock before the woken one runs (barging): throughput over
// fairness. (Rust std's futex mutex has the same shape.)
#pragma once

#include "../fault.hpp"

namespace synclab {

template <class P, class F = faithful>
class futex_mutex {
public:
    enum state : int { unlocked = 0, locked = 1, contended = 2 };
    static constexpr unsigned default_spin_budget = 0;
    static constexpr unsigned yield_budget = 4;

    explicit futex_mutex(unsigned spin_budget = default_spin_budget) : spin_budget_(spin_budget) {}
    futex_mutex(const futex_mutex&) = delete;
    futex_mutex& operator=(const futex_mutex&) = delete;

    void lock() {
        int expected = unlocked;
        // (A) unlocked -> locked. acquire: pairs with the release exchange in unlock().
        if (word_.compare_exchange_strong(expected, locked, F::order(site::lock, std::memory_order_acquire),
                                          std::memory_order_relaxed)) {  // (A)
            return;
        }
        lock_contended();
    }

    bool try_lock() {
        int expected = unlocked;
        // (A) unlocked -> locked. acquire: pairs with the release exchange in unlock().
        return word_.compare_exchange_strong(expected, locked, F::order(site::try_lock, std::memory_order_acquire),
                                             std::memory_order_relaxed);  // (A-try)
    }

    void unlock() {
        if constexpr (F::wakes_early(site::wake)) {
            // Mutant (mutex.futex~wake-before-unlock): the wake goes out before
            // the store it announces. The woken sleeper redoes (B), finds the
            // word still contended and sleeps again; the exchange below then
            // finds contended with the wake already spent: a lost wake-up.
            // relaxed: pairs with nothing; it only decides whether to wake.
            if (word_.load(std::memory_order_relaxed) == contended) P::futex_wake(word_, 1);
            // (D). release: pairs with the acquire CAS/exchange in lock().
            word_.exchange(unlocked, F::order(site::unlock, std::memory_order_release));
            return;
        }
        // (D) -> unlocked. release: pairs with the acquire CAS/exchange in lock().
        if (word_.exchange(unlocked, F::order(site::unlock, std::memory_order_release)) == contended) {  // (D)
            if (!F::skips(site::wake)) P::futex_wake(word_, 1);  // (D-wake)
        }
    }

    unsigned spin_budget() const noexcept { return spin_budget_; }

private:
    [[gnu::noinline, gnu::cold]] void lock_contended() {
        // Spin while the owner runs and nobody sleeps. relaxed: a hint; the
        // CAS or exchange that follows synchronizes.
        int seen = word_.load(std::memory_order_relaxed);
        const unsigned budget = P::spin_budget(spin_budget_);
        for (unsigned spins = 0; seen == locked && spins < budget; ++spins) {  // (spin)
            P::spin_pause();
            seen = word_.load(std::memory_order_relaxed);  // relaxed: as above, a hint
        }
        // Then yield the CPU, still only while locked (an owner may be preempted).
        const unsigned yields = P::yield_budget(yield_budget);
        for (unsigned y = 0; seen == locked && y < yields; ++y) {  // (yield)
            P::yield_thread();
            seen = word_.load(std::memory_order_relaxed);  // relaxed: as above, a hint
        }
        if (seen == unlocked) {
            int expected = unlocked;
            // (A) again. acquire: pairs with the release exchange in unlock().
            if (word_.compare_exchange_strong(expected, locked, F::order(site::lock, std::memory_order_acquire),
                                              std::memory_order_relaxed)) {  // (A-again)
                return;
            }
        }
        // (B) -> contended; we own it if it was unlocked.
        // acquire: pairs with the release exchange in unlock().
        while (word_.exchange(contended, F::order(site::lock, std::memory_order_acquire)) != unlocked) {  // (B)
            // (C) sleep while contended (returns at once if it changed).
            P::futex_wait(word_, contended);  // (C)
            // Mutant (mutex.futex~if-not-while): takes the wake-up as ownership
            // without redoing (B); a spurious wake-up, or a barger that took
            // the lock first, leaves two owners.
            if constexpr (F::waits_once(site::sleep)) return;
        }
    }

    typename P::futex_word word_{unlocked};  // (word_)
    const unsigned spin_budget_;
};

}  // namespace synclab
