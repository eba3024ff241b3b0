// condvar.spin: a condition variable whose waiters spin on a sequence word
// (the event count of Reed and Kanodia, "Synchronization with Eventcounts and
// Sequencers", CACM 1979, awaited by busy waiting): every notify advances the
// word, and a waiter spins until it moves from the value it read.
//
// One word, seq_, advanced by one by every notify (wraps at 2^32).
//
// Transitions. A waiter (the caller's lock held):
//
//     (R) read     seen = seq_, while the caller's lock is still held
//     (U) unlock   the caller's lock
//     (P) spin     P::spin_pause while seq_ == seen; a timed wait checks its
//                  deadline at every pause and gives up when it has passed
//     (L) lock     the caller's lock again, and return (Mesa semantics)
//
// A notifier (notify_one and notify_all alike):
//
//     (N) notify   seq_ + 1
//
// Why no notification is lost: a notify that must end a wait is ordered after
// the waiter's (R)..(U) by the caller's lock (as in condvar.futex), so its (N)
// comes after `seen` in seq_'s modification order and seq_ differs from
// `seen` from then on (until 2^32 notifies wrap it); the spinner keeps
// loading seq_ and sees it (a store becomes visible to loads of the same
// atomic in finite time). Nobody sleeps, so no wake-up is needed and the
// orders are all relaxed: the caller's data is published by the caller's lock,
// which the waiter re-takes in (L).
//
// Fault sites: notify (N), which a mutant can skip (a notify that does not
// advance the word: its waiters spin forever). Every order is relaxed already.
//
// What it lacks: notify_one wakes every waiter (each sees seq_ move): every
// notify is a notify_all, and the waiters then compete for the caller's lock.
// Waiters burn a core while they wait; on an oversubscribed machine a spinner
// can hold the core its notifier needs. Not FIFO. ABA: exactly a multiple of
// 2^32 notifies between (R) and a load of (P) go unseen. It never sleeps, so
// it never makes a syscall.
#pragma once

#include <chrono>

#include "../fault.hpp"
#include "waits.hpp"

namespace synclab {

template <class P, class F = faithful>
class spin_condvar : public condvar_waits<spin_condvar<P, F>, P> {
public:
    spin_condvar() = default;
    spin_condvar(const spin_condvar&) = delete;
    spin_condvar& operator=(const spin_condvar&) = delete;

    void notify_one() noexcept { notify(); }
    void notify_all() noexcept { notify(); }

private:
    friend class condvar_waits<spin_condvar, P>;

    void notify() noexcept {
        if (F::skips(site::notify)) return;
        // (N). relaxed: pairs with nothing; the waiter's loads only need to see
        // the word move (coherence), the caller's lock orders the data.
        seq_.fetch_add(1, std::memory_order_relaxed);
    }

    // See condvar_waits: false only when the deadline passed.
    template <class Lock>
    bool block(Lock& lock, const std::chrono::steady_clock::time_point* deadline) {
        // (R). relaxed: the caller's lock orders it before every notify that
        // must end this wait (our unlock releases, the notifier's lock acquires).
        const int seen = seq_.load(std::memory_order_relaxed);
        lock.unlock();  // (U)
        bool in_time = true;
        // (P). relaxed: as (N); a move only ends the wait, (L) orders the data.
        while (seq_.load(std::memory_order_relaxed) == seen) {
            if (deadline != nullptr && P::deadline_passed(*deadline)) {
                in_time = false;
                break;
            }
            P::spin_pause();
        }
        lock.lock();  // (L)
        return in_time;
    }

    typename P::template atomic<int> seq_{0};
};

}  // namespace synclab
