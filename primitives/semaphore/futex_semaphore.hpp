// semaphore.futex: a counting semaphore whose permits and sleepers share one
// futex word, so release() learns whether anyone sleeps from its own
// read-modify-write (no second load, no syscall when nobody sleeps), and a
// short bounded spin before sleeping. (The shape of glibc's sem_t since 2.21,
// which keeps value and waiters in one 64-bit word; the kernel's futex word is
// 32 bits, so here the two fields share 32.)
//
// One word, two fields:
//
//     word_ = permits << sleeper_bits | sleepers
//     permits   available, 0..max() = 2^21 - 1
//     sleepers  threads announced to sleep on word_, 0..max_sleepers = 1023
//
// Transitions (p: permits, s: sleepers):
//
//     (T) take      (p, s) -> (p - 1, s)   p > 0   try_acquire(), the spin: CAS
//     (G) give      (p, s) -> (p + n, s)           release(n): CAS loop, refused
//                                                  (contract violation) past max()
//     (O) observe   the s that (G) replaced > 0: futex_wake(word_, min(n, s))
//     (A) announce  (0, s) -> (0, s + 1)   p = 0   a taker that spun its budget
//     (S) sleep     futex_wait(word_, (0, s'))     only while the word is unchanged
//     (W) wake-take (p, s) -> (p - 1, s - 1) p > 0 an announced taker leaves
//     (L) leave     (0, s) -> (0, s - 1)   p = 0   on time-out, no permit there
//
// Why no wake-up is lost: every transition is a read-modify-write of the one
// word, so they all lie in its modification order, each reading the value
// the one before it wrote. A sleeper's (A) either reads a permit (then it is
// a (T) instead) or writes s + 1 with no permit; every (G) after it in that
// order reads s > 0 and wakes up to n sleepers. A sleeper not yet in the
// kernel when that wake comes is not lost either: the kernel compares the
// whole word, which (G) changed, and (S) returns at once. No seq_cst is
// needed: one word's modification order carries it, where two words (a
// count and a separate waiter count, this file's earlier form) needed
// Dekker's seq_cst store-load pair, which Relacy's futex cannot check.
//
// Why release(n) wakes at most n: each permit given can satisfy one taker;
// a woken taker that finds the permits already taken by a barger sleeps again.
// A taker that times out with a permit there takes it ((W), not (L)): the
// permit may be the one a release woke it for, and leaving it would strand
// another sleeper.
//
// What it lacks: not FIFO. A releaser's permit can be taken by a thread that
// never slept (barging) while the woken sleeper finds zero and sleeps again,
// so a waiter can starve under a steady stream of new takers (semaphore.ticket
// is the FIFO one). max() is 2^21 - 1, not INT_MAX: the sleeper field takes 10
// bits. Past 1023 sleepers the field is full: a further taker does not sleep
// but yields the CPU and tries again (it polls, burning CPU, until a sleeper
// leaves).
#pragma once

#include <chrono>
#include <climits>
#include <cstddef>

#include "../contract.hpp"
#include "../fault.hpp"
#include "timed_acquire.hpp"

namespace synclab {

template <class P, class F = faithful>
class futex_semaphore : public semaphore_timed_acquire<futex_semaphore<P, F>> {
public:
    // 1000 pauses: the bench's spin-budget sweep (0, 16, 100, 1000, 4000) on
    // this 2-core machine, quiet, picked 1000 (2026-11-25) and 4000 with 1000
    // next (2026-12-01); against 100 it hands off 1.5-1.7x faster for ~0.65x
    // the CPU per op, since a sleep and a wake cost more than the spin.
    static constexpr unsigned default_spin_budget = 1000;
    static constexpr int sleeper_bits = 10;
    static constexpr int one_sleeper = 1;
    static constexpr int max_sleepers = (1 << sleeper_bits) - 1;
    static constexpr int one_permit = 1 << sleeper_bits;
    static constexpr std::ptrdiff_t max() noexcept { return INT_MAX >> sleeper_bits; }

    explicit futex_semaphore(std::ptrdiff_t initial, unsigned spin_budget = default_spin_budget)
        : word_(static_cast<int>(checked_initial_count("futex_semaphore", initial, max())) * one_permit),
          spin_budget_(spin_budget) {}
    futex_semaphore(const futex_semaphore&) = delete;
    futex_semaphore& operator=(const futex_semaphore&) = delete;

    bool try_acquire() noexcept {
        // relaxed: only a guess of the word; the CAS in take() synchronizes.
        int seen = word_.load(std::memory_order_relaxed);
        return take(seen);  // (T-try)
    }

    void acquire() {
        if (try_acquire() || spin_then_take()) return;  // (T-first)
        int seen = announce(untimed);
        if (seen == took_permit) return;
        while (!take(seen, one_sleeper)) {  // (W)
            P::futex_wait(word_, seen);  // (S): returns at once unless word_ is still `seen`
            seen = word_.load(std::memory_order_relaxed);  // relaxed: a guess; (W) synchronizes
        }
    }

    void release(std::ptrdiff_t n = 1) {
        if (n < 0 || n > max()) violate_release_unseen("futex_semaphore", n, max());
        if (n == 0) return;  // nothing to publish, and no wake(0) syscall
        // relaxed: a guess of the word; the CAS below is the publication.
        int seen = word_.load(std::memory_order_relaxed);
        do {
            if (n > max() - permits(seen)) violate_release("futex_semaphore", n, permits(seen), max());
            // (G). release: pairs with the acquire CAS in take(), so a taker
            // sees what was written before this release.
        } while (!word_.compare_exchange_weak(seen, seen + static_cast<int>(n) * one_permit,  // (G)
                                              F::order(site::release, std::memory_order_release),
                                              std::memory_order_relaxed));
        // (O): `seen` is the word (G) replaced, so its sleepers are current.
        if (sleepers(seen) > 0 && !F::skips(site::wake)) {  // (O)
            P::futex_wake(word_, n < sleepers(seen) ? static_cast<int>(n) : sleepers(seen));  // (O-wake)
        }
    }

    unsigned spin_budget() const noexcept { return spin_budget_; }

private:
    friend semaphore_timed_acquire<futex_semaphore>;

    static constexpr int took_permit = -1;  // announce(): took a permit instead
    static constexpr int timed_out = -2;    // announce(): the deadline passed while the field was full
    static constexpr auto untimed = std::chrono::steady_clock::time_point::max();  // acquire(): never times out
    static constexpr int permits(int word) noexcept { return word >> sleeper_bits; }  // (permits)
    static constexpr int sleepers(int word) noexcept { return word & max_sleepers; }  // (sleepers)

    // (T), or with leaving = one_sleeper (W): takes one permit (and this
    // taker's announcement) if the word, starting from the guess `seen`, has
    // one. Never fails while a permit is there (no spurious failure); when
    // there is none, `seen` is the latest word.
    bool take(int& seen, int leaving = 0) noexcept {
        while (permits(seen) > 0) {
            // acquire: pairs with the release CAS in release().
            if (word_.compare_exchange_weak(seen, seen - one_permit - leaving,  // (T)
                                            F::order(site::acquire, std::memory_order_acquire),
                                            std::memory_order_relaxed)) {
                return true;
            }
        }
        return false;
    }

    // Spins up to the budget while there is no permit, then tries once more.
    [[gnu::noinline]] bool spin_then_take() noexcept {
        const unsigned budget = P::spin_budget(spin_budget_);
        for (unsigned spins = 0; spins < budget; ++spins) {
            P::spin_pause();
            int seen = word_.load(std::memory_order_relaxed);  // relaxed: a hint; take() synchronizes
            if (take(seen)) return true;  // (T-spin)
        }
        return false;
    }

    // (A): returns the word with this taker announced (no permit in it), or
    // took_permit when a permit came first ((T) instead). A full sleeper
    // field is polled: yield, look again; timed_out if the deadline passes.
    [[gnu::noinline]] int announce(std::chrono::steady_clock::time_point deadline) noexcept {
        int seen = word_.load(std::memory_order_relaxed);  // relaxed: a guess; the CASes synchronize
        for (;;) {
            if (take(seen)) return took_permit;  // (T-instead): otherwise seen has no permit
            if (sleepers(seen) == max_sleepers) {
                if (deadline != untimed && P::deadline_passed(deadline)) return timed_out;
                P::yield_thread();
                seen = word_.load(std::memory_order_relaxed);  // relaxed: as above
            } else if (word_.compare_exchange_weak(seen, seen + one_sleeper, std::memory_order_relaxed,  // (A)
                                                   std::memory_order_relaxed)) {
                // relaxed: the announcement orders nothing else; every (G)
                // after it reads it, being a read-modify-write of the same word.
                return seen + one_sleeper;
            }
        }
    }

    // (L), or (W) when a permit is there: an announced taker whose deadline
    // passed leaves. Returns whether it took a permit.
    bool leave() noexcept {
        int seen = word_.load(std::memory_order_relaxed);  // relaxed: a guess; the CASes synchronize
        for (;;) {
            if (take(seen, one_sleeper)) return true;  // (W-leave)
            // relaxed: leaving publishes nothing; a (G) before it in the word's
            // order woke a sleeper that then left: a needless wake, no more.
            if (word_.compare_exchange_weak(seen, seen - one_sleeper, std::memory_order_relaxed,
                                            std::memory_order_relaxed)) {
                return false;
            }
        }
    }

    bool try_acquire_until_steady(std::chrono::steady_clock::time_point deadline) {
        if (try_acquire()) return true;  // a deadline in the past still gets one try, and no sleep
        if (P::deadline_passed(deadline)) return false;
        if (spin_then_take()) return true;
        int seen = announce(deadline);
        if (seen == took_permit) return true;
        if (seen == timed_out) return false;
        while (!take(seen, one_sleeper)) {  // (W-timed)
            // (S) with a deadline; false: timed out, leave (taking a permit if one is there).
            if (!P::futex_wait_until(word_, seen, deadline)) return leave();
            seen = word_.load(std::memory_order_relaxed);  // relaxed: a guess; (W) synchronizes
        }
        return true;
    }

    typename P::futex_word word_;  // (word_)
    const unsigned spin_budget_;
};

}  // namespace synclab
