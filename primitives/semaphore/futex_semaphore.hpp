// semaphore.futex: a counting semaphore on a futex word, with a waiter count so
// that release() makes no syscall when nobody waits, and a short bounded spin
// before sleeping. (The shape of glibc's sem_t since 2.21, which keeps value
// and waiters in one 64-bit word, and of Drepper's "Futexes Are Tricky"
// counting primitives; here the two counts are separate words.)
//
// Two words:
//
//     count_    the futex word: permits available, 0..max()
//     waiters_  threads that announced they may sleep on count_
//
// Transitions:
//
//     (T) take      count c > 0 -> c - 1        try_acquire(), acquire(): CAS
//     (G) give      count c -> c + n            release(n): CAS loop, refused
//                                               (contract violation) past max()
//     (O) observe   release(n) after (G): if waiters_ > 0, futex_wake(count_, n)
//     (A) announce  waiters_ + 1                a taker that found 0 and spun
//                                               its budget, before sleeping
//     (R) recheck   count_ + 0                  after (A), before each sleep: a
//                                               read-modify-write, so it reads
//                                               the latest count; > 0 -> (T)
//     (S) sleep     futex_wait(count_, 0)       only while count_ is still 0
//     (L) leave     waiters_ - 1                after its own (T), or on time-out
//
// Why no wake-up is lost: (A), (R) and (G) are seq_cst read-modify-writes and
// (O)'s load of waiters_ is seq_cst, so they lie in one total order S that
// agrees with the order of modifications of each word. If the sleeper's (R)
// comes after a releaser's (G) in count_'s order, (R) reads that release's
// permits (or sees them taken by someone who did not sleep). Otherwise
// (A) < (R) < (G) < (O) in S, so (O) reads the announcement and the releaser
// wakes up to n sleepers; a wake that comes before the sleeper reaches the
// kernel is not lost either, because the kernel's compare in (S) then sees
// the released count. This is Dekker's store-load pattern, and the C++ memory
// model needs (A) and (O) seq_cst for it. Relacy cannot show that need: its
// futex model puts a seq_cst fence before the compare, and its fences are
// stronger than the standard's (relaxed (A) or (O) pass a full search of
// release-vs-acquire with 2 threads). On x86 the locked RMWs are full
// barriers anyway; on ARM a relaxed (O) may be satisfied before (G) is
// visible, which is exactly the lost wake-up. So seq_cst stays, by the
// standard's rule [atomics.order] and not by a mutant.
// (R) must be a read-modify-write and not a load: a load after a fence may
// still read a count older than the release whose (O) missed the sleeper
// (Relacy shows it: a seq_cst fence does not order a later load after an
// earlier seq_cst read-modify-write of another thread).
//
// Why release(n) wakes at most n: each permit given can satisfy one taker;
// a woken taker that finds the permits already taken by a barger sleeps again.
//
// What it lacks: not FIFO. A releaser's permit can be taken by a thread that
// never slept (barging) while the woken sleeper finds zero and sleeps again,
// so a waiter can starve under a steady stream of new takers (semaphore.ticket
// is the FIFO one). max() is INT_MAX: the count is the 32-bit futex word.
#pragma once

#include <chrono>
#include <climits>
#include <cstddef>

#include "../contract.hpp"
#include "../deadline.hpp"
#include "../fault.hpp"

namespace synclab {

template <class P, class F = faithful>
class futex_semaphore {
public:
    // 1000 pauses: the bench's spin-budget sweep (0, 16, 100, 1000, 4000) on
    // this 2-core machine, quiet, picked 1000 (2026-11-25) and 4000 with 1000
    // next (2026-12-01); against 100 it hands off 1.5-1.7x faster for ~0.65x
    // the CPU per op, since a sleep and a wake cost more than the spin.
    static constexpr unsigned default_spin_budget = 1000;
    static constexpr std::ptrdiff_t max() noexcept { return INT_MAX; }

    explicit futex_semaphore(std::ptrdiff_t initial, unsigned spin_budget = default_spin_budget)
        : count_(static_cast<int>(checked_initial_count("futex_semaphore", initial, max()))),
          spin_budget_(spin_budget) {}
    futex_semaphore(const futex_semaphore&) = delete;
    futex_semaphore& operator=(const futex_semaphore&) = delete;

    bool try_acquire() noexcept {
        // relaxed: only a guess of the count; the CAS below synchronizes.
        int seen = count_.load(std::memory_order_relaxed);
        return take(seen);
    }

    void acquire() {
        if (try_acquire() || spin_then_take()) return;
        announce();
        for (;;) {
            if (take(recheck())) break;
            P::futex_wait(count_, 0);  // (S): returns at once unless count_ is still 0
        }
        leave();
    }

    template <class Rep, class Period>
    bool try_acquire_for(const std::chrono::duration<Rep, Period>& rel) {
        return try_acquire_until_steady(steady_after(rel));
    }
    template <class Clock, class Duration>
    bool try_acquire_until(const std::chrono::time_point<Clock, Duration>& abs) {
        return try_acquire_until_steady(to_steady(abs));
    }

    void release(std::ptrdiff_t n = 1) {
        if (n < 0) violate_release("futex_semaphore", n, 0, max());
        if (n == 0) return;
        // relaxed: a guess of the count; the CAS below is the publication.
        int seen = count_.load(std::memory_order_relaxed);
        do {
            if (n > max() - seen) violate_release("futex_semaphore", n, seen, max());
            // (G). seq_cst: release, pairs with the acquire CAS in take() so a
            // taker sees what was written before this release; and the store
            // half of the store-load pair with announce() (see the top).
        } while (!count_.compare_exchange_weak(seen, seen + static_cast<int>(n),
                                               F::order(site::release, std::memory_order_seq_cst),
                                               std::memory_order_relaxed));
        // (O). seq_cst: the load half; pairs with the seq_cst fetch_add in announce().
        if (waiters_.load(F::order(site::observe, std::memory_order_seq_cst)) > 0 && !F::skips(site::wake)) {
            P::futex_wake(count_, n > INT_MAX ? INT_MAX : static_cast<int>(n));
        }
    }

    unsigned spin_budget() const noexcept { return spin_budget_; }

private:
    // (T): takes one permit if the count, starting from the guess `seen`, is
    // above zero. Never fails while a permit is there (no spurious failure).
    bool take(int seen) noexcept {
        while (seen > 0) {
            // acquire: pairs with the seq_cst (release) CAS in release().
            if (count_.compare_exchange_weak(seen, seen - 1, F::order(site::acquire, std::memory_order_acquire),
                                             std::memory_order_relaxed)) {
                return true;
            }
        }
        return false;
    }

    // Spins up to the budget while the count is zero, then tries once more.
    [[gnu::noinline]] bool spin_then_take() noexcept {
        const unsigned budget = P::spin_budget(spin_budget_);
        for (unsigned spins = 0; spins < budget; ++spins) {
            P::spin_pause();
            // relaxed: a hint; take() synchronizes.
            if (take(count_.load(std::memory_order_relaxed))) return true;
        }
        return false;
    }

    void announce() noexcept {
        // (A). seq_cst: the store half of the store-load pair with the seq_cst
        // load of waiters_ in release() (see the top).
        waiters_.fetch_add(1, F::order(site::announce, std::memory_order_seq_cst));
    }
    int recheck() noexcept {
        // (R). seq_cst: a read-modify-write in the same total order as (A),
        // (G) and (O): see the top.
        return count_.fetch_add(0, std::memory_order_seq_cst);
    }
    void leave() noexcept {
        // (L). relaxed: a releaser reading a stale, larger count only makes a
        // needless wake; it cannot read one that misses a waiter still
        // announced, since every change to waiters_ is a read-modify-write.
        waiters_.fetch_sub(1, std::memory_order_relaxed);
    }

    bool try_acquire_until_steady(std::chrono::steady_clock::time_point deadline) {
        if (try_acquire()) return true;  // a deadline in the past still gets one try, and no sleep
        if (P::deadline_passed(deadline)) return false;
        if (spin_then_take()) return true;
        announce();
        bool got = false;
        for (;;) {
            if (take(recheck())) {
                got = true;
                break;
            }
            // (S) with a deadline; false: timed out (one last try below).
            if (!P::futex_wait_until(count_, 0, deadline)) {
                got = try_acquire();
                break;
            }
        }
        leave();
        return got;
    }

    typename P::futex_word count_;
    typename P::template atomic<int> waiters_{0};
    const unsigned spin_budget_;
};

}  // namespace synclab
