// mutex.ticket: the ticket lock (FIFO).
//
// Protocol. Two counters, next_ticket_ (the dispenser) and now_serving_ (the
// display), both modulo 2^32; the lock is free when they are equal.
//
//     lock():   t = next_ticket_++              (take a ticket: one fetch_add)
//               wait until now_serving_ == t    (your number is called)
//     unlock(): now_serving_ = now_serving_ + 1 (call the next number; only the
//                                                owner writes now_serving_)
//     try_lock(): if now_serving_ == s, CAS next_ticket_ from s to s + 1
//                 (take a ticket only when it would be served at once)
//
// Invariant: the owner is the thread holding ticket now_serving_, and tickets
// are unique (fetch_add), so at most one owner. Tickets are served in the order
// they were taken: the lock is FIFO and so starvation-free. Wrap-around is
// harmless while fewer than 2^32 threads wait at once.
//
// What it lacks: every waiter spins on the same now_serving_ line, so each
// unlock invalidates all of them (mutex.mcs spins locally). FIFO hand-off also
// means that under oversubscription the next ticket may belong to a preempted
// thread, and everyone waits for the scheduler to run it: the lock collapses.
// (Mellor-Crummey and Scott, "Algorithms for Scalable Synchronization on
// Shared-Memory Multiprocessors", ACM TOCS 1991, after Reed and Kanodia 1979.)
//
// Fault sites: lock (the ticket's fetch_add; narrow() of its value), spin_wait,
// try_lock, unlock (the display's store; narrow() of its value). Linux's x86
// ticket spinlocks kept each counter in 8 bits (16 past 255 CPUs), so the width
// bounds how many may wait at once: mutex.ticket~narrow-ticket shows what
// happens past it.
#pragma once

#include <cstdint>

#include "../fault.hpp"

namespace synclab {

template <class P, class F = faithful>
class ticket_mutex {
public:
    ticket_mutex() = default;
    ticket_mutex(const ticket_mutex&) = delete;
    ticket_mutex& operator=(const ticket_mutex&) = delete;

    void lock() {
        // Take a ticket. relaxed: the ticket only orders us among waiters; the
        // acquire load of now_serving_ below is what synchronizes with the owner.
        // F::narrow: the identity; a narrow_ticket mutant wraps the ticket as a
        // word of fewer bits would (two waiters can then hold the same number).
        const std::uint32_t ticket =  // (ticket)
            F::narrow(site::lock, next_ticket_.fetch_add(1, F::order(site::lock, std::memory_order_relaxed)));
        // acquire: pairs with the release store of now_serving_ in unlock().
        while (now_serving_.load(F::order(site::spin_wait, std::memory_order_acquire)) != ticket) {  // (wait)
            P::spin_pause();
        }
    }

    bool try_lock() {
        // acquire: pairs with the release store in unlock() that called this number.
        std::uint32_t serving = now_serving_.load(F::order(site::try_lock, std::memory_order_acquire));  // (try_lock)
        // relaxed: success only proves no other ticket was taken since; the
        // acquire load above already synchronized with the last unlock().
        return next_ticket_.compare_exchange_strong(serving, serving + 1, std::memory_order_relaxed);  // (try_lock-cas)
    }

    void unlock() {
        // relaxed: only the owner writes now_serving_, so it reads its own last write.
        // F::narrow: the identity, or the display wrapping with the narrowed ticket.
        const std::uint32_t next = F::narrow(site::unlock, now_serving_.load(std::memory_order_relaxed) + 1);  // (next)
        // release: pairs with the acquire load of now_serving_ in lock()/try_lock().
        now_serving_.store(next, F::order(site::unlock, std::memory_order_release));  // (call)
    }

private:
    typename P::template atomic<std::uint32_t> next_ticket_{0};  // (next_ticket_)
    typename P::template atomic<std::uint32_t> now_serving_{0};  // (now_serving_)
};

}  // namespace synclab
