// rwlock.futex: a writer-preferring reader-writer lock on one futex word,
// with readers and writers sleeping on separate words (the shape of Rust
// std's futex RwLock, 2022, after Drepper's "Futexes Are Tricky" for the
// sleeping). Uncontended, a read lock is one CAS and a read unlock one
// fetch_sub, as for a mutex.
//
// Words.
//
//     state_          count | readers_waiting | writers_waiting
//         count       0: unlocked; 1 .. max_readers: that many readers
//                     inside; write_locked (all count bits set): a writer
//         readers_waiting   readers sleep (or are about to) on state_
//         writers_waiting   writers sleep (or are about to) on notify_
//     notify_         a counter the writers sleep on: every wake of a writer
//                     increments it first, so a writer that read it before
//                     re-checking state_ cannot sleep through the wake
//
// A reader may enter only when the count is below max_readers and neither
// waiting bit is set: a waiting writer keeps new readers out (writer
// preference), and a readers_waiting bit means an unlocker is about to wake
// them (or a writer) and decides who goes first.
//
// Transitions (the labels the code carries):
//     (R)   lock_shared     state_ read-lockable -> CAS +1 (acquire)
//     (Rs)                  else spin a while, then set readers_waiting
//                           (CAS, relaxed) and futex_wait on state_ while it
//                           holds that value; woken -> retry (R)
//     (Ru)  unlock_shared   fetch_sub 1 (release); the last reader out with
//                           writers_waiting set -> (Wake)
//     (W)   lock            CAS 0 -> write_locked (acquire)
//     (Ws)                  else spin a while; unlocked -> CAS to
//                           write_locked, keeping writers_waiting if this
//                           writer ever set it (other writers may sleep);
//                           else set writers_waiting (CAS, relaxed), read
//                           notify_ (acquire), re-read state_: still locked
//                           with the bit -> futex_wait on notify_
//     (Wu)  unlock          fetch_sub write_locked (release); a waiting bit
//                           set -> (Wake)
//     (Wake) the lock is unlocked with waiters: only writers -> clear the
//                           bit (CAS) and wake one writer (notify_ +1,
//                           release; futex_wake 1); both -> clear the
//                           writers' bit, wake one writer, and if no writer
//                           was asleep to take it, go on to the readers;
//                           only readers -> clear the bit (CAS) and wake
//                           them all. A CAS that fails means someone locked
//                           it meanwhile: that owner's unlock will wake.
//
// Why it is correct (the invariant): every entry is a CAS from a value
// whose count says it may (readers: below max_readers, not write_locked;
// writer: 0), so inside there are readers only or one writer. No lost
// wake-up: a reader sleeps only while state_ still holds the value with its
// readers_waiting bit (the kernel compares and sleeps in one step), and that
// bit is cleared only by an unlocker that then wakes every reader on state_
// (or hands the lock to a writer, whose unlock will see the bit again). A
// writer sleeps only if notify_ still holds the value it read before it saw
// state_ locked with writers_waiting set; an unlocker clears writers_waiting
// before it increments notify_, so either the writer's re-read of state_
// sees the bit gone (it retries) or its read of notify_ comes before the
// increment (its futex_wait returns at once, or the wake finds it asleep).
// The writer's acquire read of notify_ makes the first case work: it reads
// the waker's release increment, so its later read of state_ sees the
// waker's clearing CAS. Orders of the data: (R) and (W) acquire pair with
// the release of (Ru) and (Wu).
//
// What it lacks: writers are preferred, so a steady stream of writers can
// starve readers (a reader waits while any writer waits); not FIFO among
// writers (a writer arriving at an unlocked moment takes the lock before
// sleepers); readers all share one word (each reader's entry and exit is a
// read-modify-write on it). An unlock with both kinds waiting wakes a
// writer, and the readers only if no writer was asleep: a writer about to
// sleep that was not yet asleep may then be passed by the readers, which is
// correct, only not writer-first.
//
// Fault sites (mutants in mutants.hpp): lock_shared, unlock_shared, lock,
// try_lock, unlock, wake (the unlocker's futex wakes: skipped, a sleeper is
// never woken), observe (the writer's read of notify_: relaxed, its re-read
// of state_ may miss the cleared bit and it sleeps through the wake; no
// mutant: see mutants.hpp).
#pragma once

#include <atomic>
#include <string>

#include "../contract.hpp"
#include "../fault.hpp"

namespace synclab {

template <class P, class F = faithful>
class futex_rwlock {
    static constexpr int count_mask = (1 << 29) - 1;
    static constexpr int write_locked = count_mask;
    static constexpr int max_readers = count_mask - 1;
    static constexpr int readers_waiting = 1 << 29;
    static constexpr int writers_waiting = 1 << 30;

    static constexpr bool unlocked(int s) { return (s & count_mask) == 0; }
    static constexpr bool read_lockable(int s) {
        return (s & count_mask) < max_readers && (s & (readers_waiting | writers_waiting)) == 0;
    }

public:
    // Spins before sleeping, in pauses (as mutex.futex).
    static constexpr unsigned spin_budget = 100;

    futex_rwlock() = default;
    futex_rwlock(const futex_rwlock&) = delete;
    futex_rwlock& operator=(const futex_rwlock&) = delete;

    void lock_shared() {
        // relaxed: a guess; the CAS synchronizes.
        int s = state_.load(std::memory_order_relaxed);
        // acquire: pairs with the release fetch_sub of a writer's unlock().
        if (read_lockable(s) && state_.compare_exchange_weak(s, s + 1, F::order(site::lock_shared, std::memory_order_acquire),
                                                             std::memory_order_relaxed)) {  // (R)
            return;
        }
        lock_shared_contended();
    }

    bool try_lock_shared() {
        // relaxed: a guess; the CAS synchronizes.
        int s = state_.load(std::memory_order_relaxed);
        while (read_lockable(s)) {
            // acquire: as (R).
            if (state_.compare_exchange_weak(s, s + 1, F::order(site::lock_shared, std::memory_order_acquire),
                                             std::memory_order_relaxed)) {  // (R-try)
                return true;
            }
        }
        return false;
    }

    void unlock_shared() {
        // release: pairs with the acquire CAS of a writer's lock().
        const int s = state_.fetch_sub(1, F::order(site::unlock_shared, std::memory_order_release)) - 1;  // (Ru)
        // Readers sleep only while a writer waits, so the last reader out
        // wakes a writer (or, if none is asleep, the readers).
        if (unlocked(s) && (s & writers_waiting) != 0) wake_writer_or_readers(s);
    }

    void lock() {
        int expected = 0;
        // acquire: pairs with the release of (Ru) and (Wu).
        if (state_.compare_exchange_weak(expected, write_locked, F::order(site::lock, std::memory_order_acquire),
                                         std::memory_order_relaxed)) {  // (W)
            return;
        }
        lock_contended();
    }

    bool try_lock() {
        // relaxed: a guess; the CAS synchronizes.
        int s = state_.load(std::memory_order_relaxed);
        while (unlocked(s)) {
            // acquire: as (W). The waiting bits stay: their sleepers are still asleep.
            if (state_.compare_exchange_weak(s, s | write_locked, F::order(site::try_lock, std::memory_order_acquire),
                                             std::memory_order_relaxed)) {  // (W-try)
                return true;
            }
        }
        return false;
    }

    void unlock() {
        // release: pairs with the acquire CAS of the next reader or writer.
        const int s = state_.fetch_sub(write_locked, F::order(site::unlock, std::memory_order_release)) - write_locked;  // (Wu)
        if ((s & (readers_waiting | writers_waiting)) != 0) wake_writer_or_readers(s);
    }

private:
    // Spins while `keep_spinning(state)` and the budget lasts; the last state read.
    template <class Keep>
    int spin_while(Keep keep_spinning) {
        // relaxed: hints; every decision is a CAS or a futex compare.
        int s = state_.load(std::memory_order_relaxed);
        const unsigned budget = P::spin_budget(spin_budget);
        for (unsigned spins = 0; keep_spinning(s) && spins < budget; ++spins) {
            P::spin_pause();
            s = state_.load(std::memory_order_relaxed);  // relaxed: as above
        }
        return s;
    }

    // Readers spin only while a writer is inside and nobody sleeps yet.
    int spin_read() {
        return spin_while([](int s) {
            return (s & count_mask) == write_locked && (s & (readers_waiting | writers_waiting)) == 0;
        });
    }
    // Writers spin while the lock is held and no writer sleeps.
    int spin_write() {
        return spin_while([](int s) { return !unlocked(s) && (s & writers_waiting) == 0; });
    }

    [[gnu::noinline, gnu::cold]] void lock_shared_contended() {
        int s = spin_read();
        for (;;) {
            if (read_lockable(s)) {
                // acquire: as (R).
                if (state_.compare_exchange_weak(s, s + 1, F::order(site::lock_shared, std::memory_order_acquire),
                                                 std::memory_order_relaxed)) {  // (R-again)
                    return;
                }
                continue;
            }
            if ((s & count_mask) == max_readers) {
                throw contract_violation("futex_rwlock::lock_shared(): " + std::to_string(max_readers) +
                                         " readers inside already, the most the word counts");
            }
            if ((s & readers_waiting) == 0) {
                // relaxed: the bit only asks for a wake; the futex compare and
                // the unlocker's CAS decide.
                if (!state_.compare_exchange_weak(s, s | readers_waiting, std::memory_order_relaxed,
                                                  std::memory_order_relaxed)) {  // (Rs-bit)
                    continue;
                }
                s |= readers_waiting;
            }
            P::futex_wait(state_, s);  // (Rs)
            s = spin_read();
        }
    }

    [[gnu::noinline, gnu::cold]] void lock_contended() {
        int s = spin_write();
        int keep = 0;  // writers_waiting once this writer has set it (others may sleep too)
        for (;;) {
            if (unlocked(s)) {
                // acquire: as (W).
                if (state_.compare_exchange_weak(s, s | write_locked | keep, F::order(site::lock, std::memory_order_acquire),
                                                 std::memory_order_relaxed)) {  // (W-again)
                    return;
                }
                continue;
            }
            if ((s & writers_waiting) == 0) {
                // relaxed: as the readers' bit.
                if (!state_.compare_exchange_weak(s, s | writers_waiting, std::memory_order_relaxed,
                                                  std::memory_order_relaxed)) {  // (Ws-bit)
                    continue;
                }
            }
            keep = writers_waiting;
            // acquire: pairs with the release fetch_add of a waker
            // (wake_writer): if this reads its increment, the re-read below
            // sees the CAS that cleared writers_waiting before it.
            const int seq = notify_.load(F::order(site::observe, std::memory_order_acquire));  // (Ws-seq)
            // relaxed: ordered after the load above (see there).
            s = state_.load(std::memory_order_relaxed);
            if (unlocked(s) || (s & writers_waiting) == 0) continue;
            P::futex_wait(notify_, seq);  // (Ws)
            s = spin_write();
        }
    }

    // Wakes one writer through notify_; true if one was asleep.
    bool wake_writer() {
        // release: pairs with the acquire load of notify_ in lock_contended().
        notify_.fetch_add(1, std::memory_order_release);  // (Wake-notify)
        if constexpr (F::skips(site::wake)) return false;  // mutant: the sleeper is never woken
        return P::futex_wake(notify_, 1) > 0;  // (Wake-writer)
    }

    // (Wake): the lock was unlocked with s's waiting bits set.
    [[gnu::noinline, gnu::cold]] void wake_writer_or_readers(int s) {
        if (s == writers_waiting) {
            // relaxed: the bit only; a failure means the lock was taken, and
            // its owner's unlock wakes.
            if (state_.compare_exchange_strong(s, 0, std::memory_order_relaxed, std::memory_order_relaxed)) {  // (Wake-w)
                wake_writer();
                return;
            }
        }
        if (s == (readers_waiting | writers_waiting)) {
            // relaxed: as above. The readers stay asleep for now: a writer first.
            if (!state_.compare_exchange_strong(s, readers_waiting, std::memory_order_relaxed,
                                                std::memory_order_relaxed)) {  // (Wake-rw)
                return;
            }
            if (wake_writer()) return;
            // No writer was asleep (it may be about to sleep, and will see
            // the bit gone): the readers go instead.
            s = readers_waiting;
        }
        if (s == readers_waiting) {
            // relaxed: as above.
            if (state_.compare_exchange_strong(s, 0, std::memory_order_relaxed, std::memory_order_relaxed)) {  // (Wake-r)
                if constexpr (!F::skips(site::wake)) P::futex_wake(state_, max_readers);  // every reader
            }
        }
    }

    typename P::futex_word state_{0};
    typename P::futex_word notify_{0};
};

}  // namespace synclab
