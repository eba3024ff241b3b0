// semaphore.spin: a counting semaphore whose waiters spin on the count
// (Dijkstra's P and V, 1965, with busy waiting: the count read-modify-written
// atomically, a waiter re-reading it until it sees a permit).
//
// One word, the count, 0..max():
//
//     (T) take   count c > 0 -> c - 1   try_acquire(), acquire(): CAS (acquire)
//     (G) give   count c -> c + n       release(n): CAS loop (release), refused
//                                       (contract violation) past max()
//     (P) pause  count 0 -> 0           acquire(): P::spin_pause and re-read
//
// Correct because (T) only ever moves a permit that (G) published, each by one
// read-modify-write, so holders never exceed the permits given, and the
// release/acquire pair orders a holder's work after the releaser's.
//
// Fault sites: acquire ((T); split into a load and a store it is the
// check-then-act bug), release ((G)).
//
// What it lacks: waiters burn a core while they wait and are not woken in
// order (no FIFO, a waiter can starve); on an oversubscribed machine a spinner
// can hold the core the releaser needs. It never sleeps, so release() never
// makes a syscall.
#pragma once

#include <chrono>
#include <climits>
#include <cstddef>

#include "../contract.hpp"
#include "../fault.hpp"
#include "timed_acquire.hpp"

namespace synclab {

template <class P, class F = faithful>
class spin_semaphore : public semaphore_timed_acquire<spin_semaphore<P, F>> {
public:
    static constexpr std::ptrdiff_t max() noexcept { return INT_MAX; }

    explicit spin_semaphore(std::ptrdiff_t initial)
        : count_(static_cast<int>(checked_initial_count("spin_semaphore", initial, max()))) {}
    spin_semaphore(const spin_semaphore&) = delete;
    spin_semaphore& operator=(const spin_semaphore&) = delete;

    bool try_acquire() noexcept {
        // relaxed: a guess of the count; the CAS in take() synchronizes.
        return take(count_.load(std::memory_order_relaxed));
    }

    void acquire() noexcept {
        while (!try_acquire()) P::spin_pause();  // (P)
    }

    void release(std::ptrdiff_t n = 1) {
        if (n < 0) violate_release("spin_semaphore", n, 0, max());
        if (n == 0) return;
        int seen = count_.load(std::memory_order_relaxed);  // relaxed: a guess; the CAS publishes
        do {
            if (n > max() - seen) violate_release("spin_semaphore", n, seen, max());
            // (G). release: pairs with the acquire CAS in take().
        } while (!count_.compare_exchange_weak(seen, seen + static_cast<int>(n),
                                               F::order(site::release, std::memory_order_release),
                                               std::memory_order_relaxed));
    }

private:
    friend semaphore_timed_acquire<spin_semaphore>;

    bool take(int seen) noexcept {
        if constexpr (F::splits(site::acquire)) {
            // Mutant (semaphore.spin~load-store-take): check-then-act, the
            // permit counted and taken in two steps. Two takers can both see
            // the last permit and both take it (and a release between the two
            // steps is overwritten).
            // acquire: pairs with the release CAS in release().
            seen = count_.load(std::memory_order_acquire);
            if (seen <= 0) return false;
            // relaxed: pairs with nothing; the load above was the (racy) check.
            count_.store(seen - 1, std::memory_order_relaxed);
            return true;
        }
        while (seen > 0) {
            // (T). acquire: pairs with the release CAS in release().
            if (count_.compare_exchange_weak(seen, seen - 1, F::order(site::acquire, std::memory_order_acquire),
                                             std::memory_order_relaxed)) {
                return true;
            }
        }
        return false;
    }

    bool try_acquire_until_steady(std::chrono::steady_clock::time_point deadline) {
        // A deadline in the past still gets one try.
        for (;;) {
            if (try_acquire()) return true;
            if (P::deadline_passed(deadline)) return false;
            P::spin_pause();  // (P)
        }
    }

    typename P::template atomic<int> count_;
};

}  // namespace synclab
