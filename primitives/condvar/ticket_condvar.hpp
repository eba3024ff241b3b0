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
// and in each node one hand_off_word (../hand_off_word.hpp): waiting, handed
// (a notifier unlinked the node and handed it the notification), or sleeping
// on it.
//
// Transitions:
//
//     (Q) queue    wait: under guard_, append a node, while the caller's lock is
//                  still held; then release the caller's lock
//     (Z) doze     the waiter, after spinning its budget, sleeps on its word
//                  until it is handed the notification (hand_off_word.hpp:(Z))
//     (H) hand     notify_one: under guard_, unlink the head node and hand its
//                  word the notification, waking the waiter if it sleeps
//                  (hand_off_word.hpp:(H)); notify_all: the same for every
//                  node, oldest first
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
// expires; and the hand-off word loses no wake-up (see there).
// Why FIFO: (Q) appends at the tail and (H) takes from the head, both under
// guard_, so notify_one hands its notification to the oldest node queued.
// Node lifetime: a notifier touches a node only while holding guard_ (the wake
// included), and the node's owner leaves only after passing through guard_
// once more, (E) or (X), after it saw the hand-off: so the notifier is done.
// That holds with every access to the word relaxed: the pass through guard_
// either follows the notifier's critical section in guard_'s order (its lock
// then synchronizes with the notifier's unlock), or precedes it, and then the
// owner's read of the hand-off would happen before the write it read, which
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
#include "../hand_off_word.hpp"
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

    struct waiter {
        hand_off_word<P> word;
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
        w.word.hand(/*wake=*/!F::skips(site::wake));
    }

    // Waits until w is notified, or the deadline (if any) passes; false only
    // when it expired still queued.
    bool await(waiter& w, const std::chrono::steady_clock::time_point* deadline) {
        if (!w.word.await(P::spin_budget(spin_budget_), deadline)) return expire(w);  // (Z), (X)
        // (E): the notifier may still be inside futex_wake on w's word, under
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
        // guard_ orders the read: hand() changes the word only under guard_.
        const bool still_queued = !w.word.handed();
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
