// condvar.futex: a condition variable on one futex word, a sequence number that
// every notify advances and that waiters sleep on (the futex(2) idiom "sleep
// while the word still holds the value I saw"; the shape of Rust std's futex
// Condvar, 2022), plus a count of sleepers so that notify_one/notify_all make no
// syscall when nobody sleeps, and a short bounded spin on the sequence before
// sleeping.
//
// Two words:
//
//     seq_       the futex word: advanced by one by every notify (wraps at 2^32)
//     sleepers_  waiters that announced they may sleep on seq_
//
// Transitions. A waiter (wait, wait_until, wait_for; the caller's lock held):
//
//     (R) read      seen = seq_, while the caller's lock is still held
//     (U) unlock    the caller's lock
//     (P) spin      up to spin_budget pauses while seq_ == seen; changed: go to (L)
//     (A) announce  sleepers_ + 1
//     (C) check     seq_ still seen? if not, skip (S)
//     (S) sleep     futex_wait(seq_, seen), or futex_wait_until: sleeps only
//                   while seq_ == seen (the kernel compares and sleeps atomically)
//     (D) depart    sleepers_ - 1
//     (L) lock      the caller's lock again, and return (Mesa semantics: the
//                   caller re-checks its predicate; a wake-up is a hint)
//
// A notifier (notify_one, notify_all; the caller's lock held or not):
//
//     (N) notify    seq_ + 1
//     (O) observe   sleepers_ > 0?  then
//     (W) wake      futex_wake(seq_, 1), or all for notify_all
//
// Why no notification is lost. A notify must end every wait that began before
// it, that is, whose (R)..(U) happen-before the notify: the notifier changed
// the waited-for state under the caller's lock after the waiter released it.
// (The standard asks no more: a notify that races with the start of a wait, not
// ordered with it by the lock, may or may not end it.) Then:
//   1. (N) comes after `seen` in seq_'s modification order: (R) happens-before
//      (U), which the notifier's lock synchronizes with, which happens-before
//      (N) (read-write coherence). So seq_ differs from `seen` from (N) on
//      (until 2^32 notifies wrap it).
//   2. A waiter that sees the change in (P) or (C) does not sleep.
//   3. (A), (C), (N) and (O) are seq_cst, so they fall in one total order. If
//      (C) precedes (N), then (A) precedes (O), and the notifier sees
//      sleepers_ > 0 and wakes. If (N) precedes (C), (C) reads the new value
//      and the waiter does not sleep. This is Dekker's store-load pattern: the
//      waiter announces after the caller's lock is gone, so nothing else orders
//      (A) with (O); with either side weaker, both loads may read the old
//      values, the waiter sleeps and the notifier sees no sleeper.
//   4. A wake that comes before the waiter is in the kernel is not lost: the
//      waker advanced seq_ before its wake, so the compare in (S) fails.
// What the model checker shows (and `./synclab orders condvar.futex`
// agrees): with (A) or (O) relaxed, Relacy finds the sleeper nobody wakes
// within tens of iterations (a DEADLOCK, in the bounded buffer, in notify_all
// and in notify_one hand-offs). With (N) or (C) relaxed it passes: its futex model puts a seq_cst fence before the compare in (S),
// which stands in for (C), and its fences are stronger than the standard's.
// By the standard ([atomics.order]) a relaxed (N) lets (C) read the old value
// while (O) reads no sleeper; so (N) stays seq_cst, as does (C), which keeps
// the argument independent of the fence inside the futex (on x86 both cost
// nothing extra: (N) is a locked read-modify-write either way, (C) a plain
// load, and (C) runs only on the way to a syscall).
// A spinning waiter costs its notifier nothing: it announces only after its
// spin, so a notify that catches it spinning sees sleepers_ == 0, makes no
// syscall, and the spinner sees seq_ move. A hand-off that does not sleep costs
// ~100x less than one that does; the budget is a constructor argument, swept
// by the benchmark, as for mutex.futex.
//
// notify_one advances seq_ for everyone: waiters still spinning, or between (R)
// and (S), return as well (spurious wake-ups, which the interface allows); it
// wakes at most one sleeper.
//
// Fault sites: announce (A), spin_wait (C), notify (N), observe (O), wake (W),
// and sleep (the predicate loop of condvar_waits, run once).
//
// What it lacks:
//   - Not FIFO: the kernel picks the sleeper, and a notify_one may be taken by
//     a waiter that began after it (its (R) read the new value, it slept, and
//     the wake chose it). Harmless for waiters of one condition (the usual use;
//     blocking_queue's), not for one notify_one meant for one of several
//     different predicates on one condition variable: use notify_all there, or
//     condvar.ticket.
//   - notify_all wakes every sleeper at once into the caller's lock (a
//     thundering herd: no requeue, the condition variable does not know the
//     caller's lock).
//   - ABA: exactly a multiple of 2^32 notifies between (R) and (S) let a
//     waiter sleep through them.
//   - A timed wait may overrun its deadline by its spin (spin_budget pauses).
#pragma once

#include <chrono>
#include <climits>

#include "../fault.hpp"
#include "waits.hpp"

namespace synclab {

template <class P, class F = faithful>
class futex_condvar : public condvar_waits<futex_condvar<P, F>, P, F> {
public:
    // 1000 pauses: the bench's spin-budget sweep (0, 16, 100, 1000, 4000) on
    // this 2-core machine, quiet, picked 1000 (2026-11-25) and 4000 with 1000
    // next (2026-12-01); against 100 it hands off 1.5-1.7x faster for ~0.65x
    // the CPU per op, since a sleep and a wake cost more than the spin.
    static constexpr unsigned default_spin_budget = 1000;

    explicit futex_condvar(unsigned spin_budget = default_spin_budget) : spin_budget_(spin_budget) {}
    futex_condvar(const futex_condvar&) = delete;
    futex_condvar& operator=(const futex_condvar&) = delete;

    void notify_one() noexcept { notify(1); }
    void notify_all() noexcept { notify(INT_MAX); }

    unsigned spin_budget() const noexcept { return spin_budget_; }

private:
    friend class condvar_waits<futex_condvar, P, F>;

    void notify(int sleepers_to_wake) noexcept {
        // (N). seq_cst: the store half of the store-load pair with (C) in
        // block(); with (O) below it pairs with the seq_cst fetch_add (A).
        // (No release needed for the caller's data: the caller's lock
        // publishes it.) Relacy cannot show the seq_cst needed: see the top.
        seq_.fetch_add(1, F::order(site::notify, std::memory_order_seq_cst));  // (N)
        // (O). seq_cst: the load half; pairs with the seq_cst fetch_add (A).
        if (sleepers_.load(F::order(site::observe, std::memory_order_seq_cst)) != 0 && !F::skips(site::wake)) {  // (O)
            P::futex_wake(seq_, sleepers_to_wake);  // (W)
        }
    }

    // See condvar_waits: false only when the deadline passed.
    template <class Lock>
    bool block(Lock& lock, const std::chrono::steady_clock::time_point* deadline) {
        // (R). relaxed: the caller's lock orders it before every notify that
        // must end this wait (our unlock below releases, the notifier's lock
        // acquires; see the top, 1). A stale value only makes a spurious return.
        const int seen = seq_.load(std::memory_order_relaxed);  // (R)
        lock.unlock();  // (U)
        bool in_time = true;
        if (!spin_while_unchanged(seen)) {
            // (A). seq_cst: the store half of the store-load pair with (O) in
            // notify(); pairs with its seq_cst load of sleepers_.
            sleepers_.fetch_add(1, F::order(site::announce, std::memory_order_seq_cst));  // (A)
            // (C). seq_cst: the load half of the pair with (N); pairs with the
            // seq_cst fetch_add of seq_ in notify(). Relacy cannot show it
            // needed: see the top.
            if (seq_.load(F::order(site::spin_wait, std::memory_order_seq_cst)) == seen) {  // (C)
                if (deadline == nullptr) {
                    P::futex_wait(seq_, seen);  // (S)
                } else {
                    in_time = P::futex_wait_until(seq_, seen, *deadline);  // (S-timed)
                }
            }
            // (D). relaxed: every change of sleepers_ is a read-modify-write,
            // so a notifier whose (O) follows our (A) in the total order reads
            // a count that includes us unless this decrement came first, and
            // then we are no longer asleep; a stale larger count costs only a
            // needless wake.
            sleepers_.fetch_sub(1, std::memory_order_relaxed);  // (D)
        }
        lock.lock();  // (L)
        return in_time;
    }

    // (P): true as soon as seq_ moves from `seen`, false when the budget is spent.
    bool spin_while_unchanged(int seen) noexcept {
        const unsigned budget = P::spin_budget(spin_budget_);
        for (unsigned spins = 0; spins < budget; ++spins) {  // (P)
            P::spin_pause();
            // relaxed: a hint; a change only ends the wait (the caller's lock,
            // re-taken in (L), orders the data), and no change leads to (C).
            if (seq_.load(std::memory_order_relaxed) != seen) return true;  // (P-check)
        }
        return false;
    }

    typename P::futex_word seq_{0};
    typename P::template atomic<int> sleepers_{0};  // (sleepers_)
    const unsigned spin_budget_;
};

}  // namespace synclab
