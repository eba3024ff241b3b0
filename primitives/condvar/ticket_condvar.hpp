// condvar.ticket: a FIFO condition variable: notify_one wakes the waiter that
// has waited longest. Each waiter queues a node on its own stack, with its own
// futex word, in an intrusive FIFO list, and a notify hands the notification to
// a node explicitly (the specific-notification queue of Cargill's "Specific
// Notification for Java Thread Synchronization", PLoP 1996, and of the Linux
// kernel's exclusive wait queues; here over futexes).
//
// State, guarded by guard_ (a mutex.futex of our own, the checked one):
//
//     head_, tail_   the FIFO of waiting nodes (doubly linked: prev_, next_)
//     queued_        their number (an atomic, written only under guard_, so
//                    that a notify with nobody queued takes no lock)
//
// and in each node one futex word, state_:
//
//     waiting   (0)  queued, its owner spinning
//     notified  (1)  a notifier unlinked it and handed it the notification
//     sleeping  (2)  queued, its owner asleep (or about to be) on state_
//
// Transitions:
//
//     (Q) queue    wait: under guard_, append a node, while the caller's lock is
//                  still held; then release the caller's lock
//     (Z) doze     the waiter, after spinning its budget on state_:
//                  CAS waiting -> sleeping, then futex_wait(state_, sleeping)
//                  until it reads notified
//     (H) hand     notify_one: under guard_, unlink the head node, exchange its
//                  state_ -> notified, futex_wake it if it was sleeping;
//                  notify_all: the same for every node, oldest first
//     (X) expire   a timed waiter whose futex_wait_until timed out: under
//                  guard_, if its node is still queued (not notified), unlink
//                  it and report the time-out; if notified, report no time-out
//                  (the notification is taken, not lost)
//     (E) exit     a notified waiter passes through guard_ once, then re-takes
//                  the caller's lock
//
// Why no notification is lost: a waiter is queued, in (Q), before it releases
// the caller's lock, so every notify that must end its wait (ordered after that
// release by the caller's lock) sees it queued, in queued_ (coherence) and in
// the list; and it stays queued until a notify hands it the notification or it
// expires. (Z)'s CAS and (H)'s exchange are read-modify-writes of one word, so
// either the waiter announced sleeping first and the notifier sees it and
// wakes, or the notifier came first and the CAS fails on notified.
// Why FIFO: (Q) appends at the tail and (H) takes from the head, both under
// guard_, so notify_one hands its notification to the oldest node queued.
// Node lifetime: a notifier touches a node only while holding guard_ (the wake
// included), and the node's owner leaves only after passing through guard_
// once more, (E) or (X), after it saw notified: so the notifier is done. That
// holds with every access to state_ relaxed: the pass through guard_ either
// follows the notifier's critical section in guard_'s order (its lock then
// synchronizes with the notifier's unlock), or precedes it, and then the
// owner's read of notified would happen before the write it read, which
// coherence forbids. The caller's data needs nothing from us either: the
// caller's lock, re-taken after the wait, publishes it.
//
// Fault sites: wake (H's futex_wake), hand_off (the pass through guard_ in
// (E): without it a notifier may still be waking a node whose owner returned).
//
// What it lacks: every wait and every notify to a non-empty queue takes guard_,
// and a woken waiter takes it once more, so it costs more than condvar.futex;
// the FIFO is of wake-ups only: a woken waiter still competes for the caller's
// lock with threads that never waited, and one that finds its predicate false
// again queues anew, at the tail.
#pragma once

#include <chrono>
#include <cstddef>

#include "../fault.hpp"
#include "../mutex/futex_mutex.hpp"
#include "waits.hpp"

namespace synclab {

template <class P, class F = faithful>
class ticket_condvar : public condvar_waits<ticket_condvar<P, F>, P> {
public:
    static constexpr unsigned default_spin_budget = 100;

    explicit ticket_condvar(unsigned spin_budget = default_spin_budget) : spin_budget_(spin_budget) {}
    ticket_condvar(const ticket_condvar&) = delete;
    ticket_condvar& operator=(const ticket_condvar&) = delete;

    void notify_one() {
        if (nobody_queued()) return;
        guard_.lock();
        if (waiter* w = head_.get()) {
            unlink(*w);
            hand(*w);
        }
        guard_.unlock();
    }

    void notify_all() {
        if (nobody_queued()) return;
        guard_.lock();
        for (waiter* w = head_.get(); w != nullptr;) {
            waiter* next = w->next_.get();
            unlink(*w);
            hand(*w);
            w = next;
        }
        guard_.unlock();
    }

    // Waiters queued now (read under guard_): lets a test line waiters up in a
    // known order.
    std::size_t waiting() const {
        guard_.lock();
        // relaxed: guard_ orders it with every change (all made under guard_).
        const std::size_t n = queued_.load(std::memory_order_relaxed);
        guard_.unlock();
        return n;
    }

    unsigned spin_budget() const noexcept { return spin_budget_; }

private:
    friend class condvar_waits<ticket_condvar, P>;

    enum state : int { waiting_state = 0, notified = 1, sleeping = 2 };

    struct waiter {
        typename P::futex_word state_{waiting_state};
        typename P::template plain<waiter*> prev_{nullptr};  // guarded by guard_
        typename P::template plain<waiter*> next_{nullptr};  // guarded by guard_
    };

    // See condvar_waits: false only when the deadline passed.
    template <class Lock>
    bool block(Lock& lock, const std::chrono::steady_clock::time_point* deadline) {
        waiter self;
        guard_.lock();
        enqueue(self);  // (Q), the caller's lock still held
        guard_.unlock();
        lock.unlock();
        const bool in_time = await(self, deadline);
        lock.lock();
        return in_time;
    }

    bool nobody_queued() const noexcept {
        // relaxed: a waiter this notify must wake stored its queued_ + 1 before
        // releasing the caller's lock, which happens-before this notify, so
        // this load reads that store or a later one (read-write coherence);
        // every later store, made under guard_, still counts the waiter until
        // it is handed a notification or expires.
        return queued_.load(std::memory_order_relaxed) == 0;
    }

    void hand(waiter& w) {  // (H), guard_ held, w already unlinked
        // relaxed: a read-modify-write, so it cannot miss the waiter's CAS to
        // sleeping; it orders nothing else (the waiter's pass through guard_
        // does: see the top, node lifetime).
        if (w.state_.exchange(notified, std::memory_order_relaxed) == sleeping &&
            !F::skips(site::wake)) {
            P::futex_wake(w.state_, 1);
        }
    }

    // Waits until w is notified, or the deadline (if any) passes; false only
    // when it expired still queued.
    bool await(waiter& w, const std::chrono::steady_clock::time_point* deadline) {
        const unsigned budget = P::spin_budget(spin_budget_);
        // relaxed (every access to state_ here): state_ only says when to stop
        // waiting; the pass through guard_ below orders the rest.
        for (unsigned spins = 0; spins < budget && w.state_.load(std::memory_order_relaxed) != notified; ++spins) {
            P::spin_pause();
        }
        int expected = waiting_state;
        // (Z). relaxed: as above; a read-modify-write against hand()'s exchange.
        if (w.state_.compare_exchange_strong(expected, sleeping, std::memory_order_relaxed,
                                             std::memory_order_relaxed)) {
            while (w.state_.load(std::memory_order_relaxed) != notified) {
                if (deadline == nullptr) {
                    P::futex_wait(w.state_, sleeping);
                } else if (!P::futex_wait_until(w.state_, sleeping, *deadline)) {
                    return expire(w);  // (X)
                }
            }
        }
        // (E): the notifier may still be inside futex_wake on w.state_, under
        // guard_; w goes out of scope when we return.
        if (!F::skips(site::hand_off)) {
            guard_.lock();
            guard_.unlock();
        }
        return true;
    }

    // (X): the deadline passed. False if w was still queued (now unlinked);
    // true if a notifier handed it the notification first.
    bool expire(waiter& w) {
        guard_.lock();
        // relaxed: guard_ orders it; hand() changes state_ only under guard_.
        const bool still_queued = w.state_.load(std::memory_order_relaxed) != notified;
        if (still_queued) unlink(w);
        guard_.unlock();
        return !still_queued;
    }

    void enqueue(waiter& w) {  // guard_ held
        waiter* tail = tail_.get();
        w.prev_.set(tail);
        if (tail == nullptr) {
            head_.set(&w);
        } else {
            tail->next_.set(&w);
        }
        tail_.set(&w);
        // relaxed: written only under guard_; read under guard_ by waiting(),
        // and by nobody_queued() (see there).
        queued_.store(queued_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    }

    void unlink(waiter& w) {  // guard_ held, w queued
        waiter* prev = w.prev_.get();
        waiter* next = w.next_.get();
        if (prev == nullptr) {
            head_.set(next);
        } else {
            prev->next_.set(next);
        }
        if (next == nullptr) {
            tail_.set(prev);
        } else {
            next->prev_.set(prev);
        }
        // relaxed: as in enqueue().
        queued_.store(queued_.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
    }

    mutable futex_mutex<P> guard_;
    typename P::template plain<waiter*> head_{nullptr};  // guarded by guard_
    typename P::template plain<waiter*> tail_{nullptr};  // guarded by guard_
    typename P::template atomic<std::size_t> queued_{0};  // written under guard_
    const unsigned spin_budget_;
};

}  // namespace synclab
