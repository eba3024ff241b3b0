// semaphore.ticket: a FIFO counting semaphore. Waiters queue in arrival order
// and release() hands each permit directly to the oldest waiter (direct
// hand-off, as in the Linux kernel's struct semaphore and Java's fair
// Semaphore): a permit never goes back to the count while someone waits, so a
// later arrival cannot barge past a waiter and no waiter starves.
//
// State, all guarded by guard_ (a mutex.ticket_futex of our own: FIFO, so
// the way in and the pass out cannot starve either):
//
//     count_        permits nobody waits for, 0..max()
//     head_, tail_  the FIFO of waiters; each waiter is a node on its own
//                   stack with one hand_off_word (../hand_off_word.hpp):
//                   waiting, handed (a releaser granted it a permit), or
//                   sleeping on it
//
// Invariant: count_ > 0 implies the queue is empty (release() serves the queue
// before it adds to count_; acquire() queues only when count_ is 0).
//
// Transitions:
//
//     (T) take     acquire()/try_acquire(): count_ > 0 and nobody queued:
//                  count_ - 1, under guard_
//     (Q) queue    acquire(): otherwise append a node, leave guard_
//     (Z) doze     the waiter, after spinning its budget, sleeps on its word
//                  until it is handed a permit (hand_off_word.hpp:(Z))
//     (H) hand     release(n): under guard_, for up to n oldest waiters: unlink,
//                  hand the word a permit, waking the waiter if it sleeps
//                  (hand_off_word.hpp:(H)); the rest of n goes to count_
//     (P) pass     the granted waiter locks and unlocks guard_ once
//     (X) expire   a timed waiter at its deadline: under guard_, if still
//                  queued, unlink itself and report false; if granted, true
//
// No lost wake-up: the hand-off word's (see there). Node lifetime and
// ordering: a releaser touches a node only while holding guard_ (the wake
// included), so a woken waiter passes through guard_ (P) before its node goes
// out of scope; the same pass orders the releaser's writes before the
// waiter's, so the word itself needs no ordering (relaxed).
//
// What it lacks: every operation takes guard_, so uncontended it costs a lock
// round trip more than semaphore.futex, and a hand-off always goes through the
// releaser (no barging also means no stealing a permit while the waiter wakes):
// fairness bought with throughput. guard_ must be FIFO too: with a barging
// guard (a futex_mutex, as an earlier version had) Spin showed another
// thread's failing try_acquire() calls keeping a granted waiter out of its
// pass-through, or a newcomer out of the way in, forever
// (proofs/semaphore_ticket.pml, the variant +futex-guard).
#pragma once

#include <chrono>
#include <climits>
#include <cstddef>

#include "../contract.hpp"
#include "../fault.hpp"
#include "../hand_off_word.hpp"
#include "../mutex/ticket_futex_mutex.hpp"
#include "timed_acquire.hpp"

namespace synclab {

template <class P, class F = faithful>
class ticket_semaphore : public semaphore_timed_acquire<ticket_semaphore<P, F>> {
public:
    static constexpr unsigned default_spin_budget = 100;
    static constexpr std::ptrdiff_t max() noexcept { return INT_MAX; }

    explicit ticket_semaphore(std::ptrdiff_t initial, unsigned spin_budget = default_spin_budget)
        : count_(checked_initial_count("ticket_semaphore", initial, max())), spin_budget_(spin_budget) {}
    ticket_semaphore(const ticket_semaphore&) = delete;
    ticket_semaphore& operator=(const ticket_semaphore&) = delete;

    bool try_acquire() {
        guard_.lock();
        const bool got = take();  // (T-try)
        guard_.unlock();
        return got;
    }

    void acquire() {
        guard_.lock();
        if (take()) {  // (T-acquire)
            guard_.unlock();
            return;
        }
        waiter self;
        enqueue(self);  // (Q)
        guard_.unlock();
        await(self, nullptr);
    }

    void release(std::ptrdiff_t n = 1) {
        if (n < 0) violate_release("ticket_semaphore", n, 0, max());
        guard_.lock();
        const std::ptrdiff_t count = count_.get();
        if (n > max() - count) {
            guard_.unlock();
            violate_release("ticket_semaphore", n, count, max());
        }
        // (H): the oldest waiters first.
        for (; n > 0; --n) {  // (H)
            waiter* w = head_.get();
            if (w == nullptr) break;
            unlink_head(*w);
            // What the waiter must see of this release() reaches it through
            // guard_, which the waiter takes once after it is handed (await()).
            w->word.hand(/*wake=*/!F::skips(site::wake));  // (H-grant)
        }
        count_.set(count + n);  // (H-rest)
        guard_.unlock();
    }

    // Waiters queued now (read under the guard): lets a test line waiters up in
    // a known order.
    std::size_t waiting() const {
        guard_.lock();
        const std::size_t n = queued_.get();
        guard_.unlock();
        return n;
    }

    unsigned spin_budget() const noexcept { return spin_budget_; }

private:
    friend semaphore_timed_acquire<ticket_semaphore>;

    struct waiter {
        hand_off_word<P> word;  // (waiter.word)
        typename P::template plain<waiter*> next_{nullptr};  // guarded by guard_
    };

    bool take() {  // guard_ held. (T)
        const std::ptrdiff_t count = count_.get();
        if (count == 0 || head_.get() != nullptr) return false;  // (T)
        count_.set(count - 1);
        return true;
    }

    void enqueue(waiter& w) {  // guard_ held
        waiter* tail = tail_.get();
        if (tail == nullptr) {
            head_.set(&w);
        } else {
            tail->next_.set(&w);
        }
        tail_.set(&w);
        queued_.set(queued_.get() + 1);
    }
    void unlink_head(waiter& w) {  // guard_ held, w is the head
        waiter* next = w.next_.get();
        head_.set(next);
        if (next == nullptr) tail_.set(nullptr);
        queued_.set(queued_.get() - 1);
    }
    // (X): removes w wherever it is; false if it is no longer queued.
    bool unlink(waiter& w) {  // guard_ held
        waiter* prev = nullptr;
        for (waiter* cur = head_.get(); cur != nullptr; prev = cur, cur = cur->next_.get()) {
            if (cur != &w) continue;
            waiter* next = w.next_.get();
            if (prev == nullptr) {
                head_.set(next);
            } else {
                prev->next_.set(next);
            }
            if (tail_.get() == &w) tail_.set(prev);
            queued_.set(queued_.get() - 1);
            return true;
        }
        return false;
    }

    // Waits until w is granted, or the deadline (if any) passes; true if granted.
    bool await(waiter& w, const std::chrono::steady_clock::time_point* deadline) {
        if (!w.word.await(P::spin_budget(spin_budget_), deadline)) {  // (Z)
            // (X): timed out, unless granted meanwhile.
            guard_.lock();
            const bool still_queued = unlink(w);
            guard_.unlock();
            if (still_queued) return false;
        }
        // Pass through guard_: the releaser that granted w held it from before
        // the grant until after its futex_wake on w's word, so after this (1)
        // it no longer touches w, which may now go out of scope, and (2) its
        // unlock happens-before our lock: everything before its release() is
        // visible to us (the semaphore's release/acquire). Skipping it is the
        // mutant semaphore.ticket~no-pass-through (a data race).
        if (!F::skips(site::hand_off)) {
            guard_.lock();  // (P)
            guard_.unlock();
        }
        return true;
    }

    bool try_acquire_until_steady(std::chrono::steady_clock::time_point deadline) {
        guard_.lock();
        if (take()) {
            guard_.unlock();
            return true;
        }
        if (P::deadline_passed(deadline)) {  // a deadline in the past: no queueing
            guard_.unlock();
            return false;
        }
        waiter self;
        enqueue(self);  // (Q-timed)
        guard_.unlock();
        return await(self, &deadline);
    }

    mutable ticket_futex_mutex<P> guard_;  // (guard_)
    typename P::template plain<std::ptrdiff_t> count_;          // (count_) guarded by guard_
    typename P::template plain<waiter*> head_{nullptr};         // (head_) guarded by guard_
    typename P::template plain<waiter*> tail_{nullptr};         // guarded by guard_
    typename P::template plain<std::size_t> queued_{0};         // (queued_) guarded by guard_
    const unsigned spin_budget_;
};

}  // namespace synclab
