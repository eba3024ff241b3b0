// mutex.robust: a futex mutex that survives the death of its owner. The word
// names the owner by its thread id, so that when a thread or a whole process
// dies holding the lock, the next locker can tell, take the lock over, learn
// that the owner died (as pthread's EOWNERDEAD), repair the state the lock
// protects and mark it consistent; a lock left inconsistent becomes unusable
// with a clear error (as ENOTRECOVERABLE). Built for process-shared mappings
// (robust_mutex<platform::native_shared>): it holds no pointers.
//
// The word (32 bits, the shape of the kernel's robust futexes, futex(2)):
//
//     free             0
//     owned            id                      owner id in bits 0..29 (P::owner_id(): the
//                                              kernel thread id natively, never 0)
//     owned, waited    id | waiters            some thread may sleep on the word
//     not recoverable  not_recoverable (id bits all ones: no thread has that id)
//
// and consistent_, read and written by the owner only: false from taking the
// lock over from a dead owner until mark_consistent().
//
// Transitions:
//
//     (A)  acquire     0 -> me                    lock()/try_lock(): CAS, the fast path
//     (A') acquire     0 -> me | waiters          lock() after it has waited: CAS; others may sleep
//     (W)  want        id -> id | waiters         lock(): CAS, before sleeping
//     (S)  sleep       futex_wait_polling(word, id | waiters, poll_interval)
//     (T)  take over   dead | w -> me | waiters   lock(), after a sleep timed out and
//                                                 P::owner_alive(dead) said no: CAS;
//                                                 returns owner_died, consistent_ = false
//     (U)  release     me[|waiters] -> 0          unlock(): exchange; waiters -> futex_wake(1)
//     (X)  give up     me[|waiters] -> not_recoverable   unlock() while not consistent:
//                                                 exchange, futex_wake(all); from then on
//                                                 lock() and try_lock() throw
//     (C)  repair      consistent_ = true         mark_consistent(), by the owner
//
// Why it is correct. Mutual exclusion: the owner bits change only by a CAS
// from 0 ((A), (A')) or from the id of an owner that no longer runs ((T)), or
// by the owner itself ((U), (X)); two CASes cannot both succeed from one value,
// and a dead owner executes nothing more, so taking over from it cannot
// overlap its critical section. No lost wake-up: a waiter sleeps only on
// id | waiters after (W) put the bit there, and (U) exchanges the whole word,
// so an unlock after (W) sees the bit and wakes one; a woken waiter takes the
// lock with the bit set ((A')) for those still asleep (at most one needless
// wake when the last leaves). No waiter hangs: every sleep is bounded by the
// poll interval, after which the waiter asks whether the owner lives. So a
// dead owner (who will never unlock or wake anyone), a process killed between
// (U) and its wake, and a lock that became not recoverable while a waiter
// slept are all found within one poll interval (default 10 ms).
//
// Why owner ids checked for liveness and not the kernel's robust futex list.
// The kernel walks a per-thread list of held robust futexes when a thread
// dies and marks them FUTEX_OWNER_DIED, with no polling. But a thread has one
// list head (set_robust_list), and glibc registers it for every thread, for
// pthread's own robust mutexes: replacing it would break those silently in
// the same program, and joining glibc's list would depend on the private
// layout of pthread_mutex_t (its futex_offset). Checking the owner's id
// depends on nothing but the id: natively, /proc/<id>/stat says whether the
// thread still runs (a killed process that its parent has not reaped yet is
// a zombie, and counts as dead). The price: detection takes up to a poll
// interval, and a waiter that times out reads /proc (microseconds; waiters
// only, never the owner's path).
//
// What it lacks: not FIFO and not starvation-free (barging, as mutex.futex).
// try_lock() never asks whether the owner lives (that is a /proc read): a
// dead owner's lock is found by lock(). If the dead owner's id is reused by a
// new thread before a waiter asks, the waiter keeps waiting while that thread
// runs (liveness, not safety; ids are reused only after the kernel has gone
// round its pid space). It guards against an owner that dies, not one that
// hangs.
//
// Fault sites: lock ((A), (A'), (T)), unlock ((U)), wake (its futex_wake).
#pragma once

#include <chrono>
#include <climits>
#include <string>
#include <system_error>

#include "../contract.hpp"
#include "../fault.hpp"

namespace synclab {

// What lock() and try_lock() report. Converts to true when the caller now
// owns the lock (so `if (m.try_lock())` and std::lock_guard work).
struct robust_lock_status {
    enum class kind : unsigned char {
        busy,        // try_lock(): somebody holds it
        acquired,    // the caller owns it; the state it protects is consistent
        owner_died,  // the caller owns it, taken over from an owner that died holding it:
                     // repair the state, then mark_consistent() before unlock()
    } value;


    constexpr operator bool() const noexcept { return value != kind::busy; }
    constexpr bool owner_died() const noexcept { return value == kind::owner_died; }
    friend constexpr bool operator==(robust_lock_status, robust_lock_status) = default;
};

template <class P, class F = faithful>
class robust_mutex {
public:
    static constexpr int id_mask = 0x3fffffff;
    static constexpr int waiters = 0x40000000;
    static constexpr int not_recoverable = id_mask;
    static constexpr unsigned default_spin_budget = 100;
    static constexpr std::chrono::nanoseconds default_poll_interval = std::chrono::milliseconds(10);

    explicit robust_mutex(std::chrono::nanoseconds poll_interval = default_poll_interval,
                          unsigned spin_budget = default_spin_budget)
        : poll_interval_(checked_poll_interval(poll_interval)), spin_budget_(spin_budget) {}
    robust_mutex(const robust_mutex&) = delete;
    robust_mutex& operator=(const robust_mutex&) = delete;

    // Waits for the lock. Throws std::system_error (state_not_recoverable) once
    // an owner has unlocked it without mark_consistent() after owner_died.
    robust_lock_status lock() {
        const int me = P::owner_id();
        int seen = 0;
        // (A) 0 -> me. acquire: pairs with the release exchange of (U) in unlock().
        if (word_.compare_exchange_strong(seen, me, F::order(site::lock, std::memory_order_acquire),
                                          std::memory_order_relaxed)) {
            return {robust_lock_status::kind::acquired};
        }
        return lock_contended(me, seen);
    }

    // Never blocks; busy while anyone holds it, the caller included, dead or
    // alive (see the top).
    robust_lock_status try_lock() {
        const int me = P::owner_id();
        int seen = 0;
        // (A) 0 -> me. acquire: pairs with the release exchange of (U) in unlock().
        if (word_.compare_exchange_strong(seen, me, F::order(site::try_lock, std::memory_order_acquire),
                                          std::memory_order_relaxed)) {
            return {robust_lock_status::kind::acquired};
        }
        if (seen == not_recoverable) throw_not_recoverable("try_lock");
        return {robust_lock_status::kind::busy};  // held, by another thread or by the caller (as EBUSY)
    }

    void unlock() {
        const int me = P::owner_id();
        // relaxed: our own id, which nobody else changes while we own the lock.
        const int seen = word_.load(std::memory_order_relaxed);
        if ((seen & id_mask) != me) violate("unlock", "called by a thread that does not own it", seen);
        if (!consistent_.get()) {
            // (X) -> not recoverable. release: pairs with the acquire loads that
            // find not_recoverable, so nobody acts on the abandoned state.
            word_.exchange(not_recoverable, std::memory_order_release);
            // Everyone learns it now, not at their next poll. Dropped, the
            // model still passes (`./synclab orders mutex.robust`): every
            // sleep here is bounded by its poll interval, so this wake buys
            // promptness (up to one interval per waiter), not correctness.
            P::futex_wake(word_, INT_MAX);
            return;
        }
        // (U) -> 0. release: pairs with the acquire CASes of (A), (A') and (T).
        if ((word_.exchange(0, F::order(site::unlock, std::memory_order_release)) & waiters) != 0 &&
            !F::skips(site::wake)) {
            P::futex_wake(word_, 1);
        }
    }

    // (C): after lock() returned owner_died and the caller repaired the state.
    void mark_consistent() {
        // relaxed: our own id, as in unlock().
        const int seen = word_.load(std::memory_order_relaxed);
        if ((seen & id_mask) != P::owner_id()) violate("mark_consistent", "called by a thread that does not own it", seen);
        if (consistent_.get()) violate("mark_consistent", "called while consistent (only after owner_died)", seen);
        consistent_.set(true);
    }

    std::chrono::nanoseconds poll_interval() const noexcept { return poll_interval_; }
    unsigned spin_budget() const noexcept { return spin_budget_; }

private:
    [[gnu::noinline, gnu::cold]] robust_lock_status lock_contended(const int me, int seen) {
        // Spin while an owner runs and nobody sleeps. relaxed: a hint; the CASes synchronize.
        const unsigned budget = P::spin_budget(spin_budget_);
        for (unsigned spins = 0; spins < budget && seen != 0 && (seen & waiters) == 0 && seen != not_recoverable;
             ++spins) {
            P::spin_pause();
            seen = word_.load(std::memory_order_relaxed);  // relaxed: as above
        }
        bool waited = false;
        for (;;) {
            if (seen == not_recoverable) throw_not_recoverable("lock");
            const int owner = seen & id_mask;
            if (owner == 0) {
                // (A), or (A') once we have waited: keep the mark for the sleepers behind us.
                // acquire: pairs with the release exchange of (U) in unlock().
                if (word_.compare_exchange_strong(seen, waited ? me | waiters : me,
                                                  F::order(site::lock, std::memory_order_acquire),
                                                  std::memory_order_relaxed)) {
                    return {robust_lock_status::kind::acquired};
                }
                continue;  // seen is the word now
            }
            if (owner == me) violate("lock", "called by its owner (it is not recursive: it would wait forever)", seen);
            if ((seen & waiters) == 0) {
                // (W). relaxed: only marks the word; the exchange of (U) reads it
                // (one read-modify-write chain), and the futex compares it.
                if (!word_.compare_exchange_strong(seen, seen | waiters, std::memory_order_relaxed)) continue;
                seen |= waiters;
            }
            waited = true;
            // (S): sleeps while the word is still seen, up to one poll interval.
            if (!P::futex_wait_polling(word_, seen, poll_interval_) &&
                !P::owner_alive(owner)) {
                // (T) dead owner -> me. acquire: as (A); what the dead owner
                // wrote comes with owner_alive()'s answer (the kernel's exit).
                // Relaxed passes under Relacy (`./synclab orders mutex.robust`),
                // where owner_alive() is an acquire load pairing with die()
                // and so orders, transitively, every owner before the dead one.
                // Kept: natively owner_alive() reads /proc, which is no acquire
                // in C++'s terms, and this acquire (the release sequence of the
                // last unlock, which the dead owner's (A) continued) is what
                // orders the owners before the dead one; it runs once per death.
                if (word_.compare_exchange_strong(seen, me | waiters, F::order(site::lock, std::memory_order_acquire),
                                                  std::memory_order_relaxed)) {
                    consistent_.set(false);
                    return {robust_lock_status::kind::owner_died};
                }
                continue;  // somebody else took it over first: seen is the word now
            }
            P::spin_pause();  // under the model checker: the owner's turn
            seen = word_.load(std::memory_order_relaxed);  // relaxed: a hint, as above
        }
    }

    static std::chrono::nanoseconds checked_poll_interval(std::chrono::nanoseconds poll) {
        if (poll <= std::chrono::nanoseconds::zero()) {
            throw contract_violation("robust_mutex(poll_interval = " + std::to_string(poll.count()) +
                                     " ns): the poll interval must be > 0 (it bounds how long a dead owner goes unseen)");
        }
        return poll;
    }

    [[noreturn, gnu::cold]] static void violate(const char* call, const char* what, int word) {
        throw contract_violation("robust_mutex::" + std::string(call) + "(): " + what + " (caller id " +
                                 std::to_string(P::owner_id()) + ", owner id " + std::to_string(word & id_mask) +
                                 ((word & waiters) != 0 ? ", waiters" : "") + ")");
    }

    [[noreturn, gnu::cold]] void throw_not_recoverable(const char* call) {
        // acquire: pairs with the release exchange of (X): whoever is refused
        // sees what the owner that gave up wrote (e.g. why, in the protected state).
        (void)word_.load(std::memory_order_acquire);
        throw std::system_error(std::make_error_code(std::errc::state_not_recoverable),
                                "robust_mutex::" + std::string(call) +
                                    "(): an owner took it over from a dead owner and unlocked it without "
                                    "mark_consistent(); the state it protects is lost");
    }

    typename P::futex_word word_{0};
    typename P::template plain<bool> consistent_{true};  // the owner's only
    const std::chrono::nanoseconds poll_interval_;
    const unsigned spin_budget_;
};

}  // namespace synclab
