// mutex.ttas: test-and-test-and-set with bounded exponential backoff.
//
// Protocol. One word, locked_, with the transitions of mutex.tas:
//
//     false --exchange(true) by lock()/try_lock()--> true
//     true  --store(false) by unlock()------------> false
//
// The difference is how a loser waits. After a failed exchange it only reads
// locked_ (the "test" before the test-and-set), pausing between reads for a
// delay that doubles after each failed attempt, up to max_backoff pauses. Reads
// hit the waiter's own cached copy, so the line is not bounced between waiters
// while the owner works; the backoff spreads out the burst of exchanges that
// follows an unlock. Correctness is mutex.tas's: only the exchange takes the
// lock, and it is atomic.
//
// What it lacks: as mutex.tas, it is neither FIFO nor starvation-free; backoff
// makes it less fair still (a thread that just unlocked, with no backoff, tends
// to win again). (Rudolph and Segall 1984; Anderson 1990 for the backoff.)
#pragma once

#include "../fault.hpp"

namespace synclab {

template <class P, class F = faithful>
class ttas_mutex {
public:
    static constexpr unsigned min_backoff = 4;     // pauses after the first failed exchange
    static constexpr unsigned max_backoff = 1024;  // the cap: about 10-40 us of pauses

    ttas_mutex() = default;
    ttas_mutex(const ttas_mutex&) = delete;
    ttas_mutex& operator=(const ttas_mutex&) = delete;

    void lock() {
        // false -> true, fast path; acquire: pairs with the release store in unlock().
        if (!locked_.exchange(true, F::order(site::lock, std::memory_order_acquire))) return;  // (lock)
        lock_contended();
    }

    bool try_lock() {
        // Test first, so a failing try_lock does not take the line for writing.
        // relaxed: only a hint; the exchange below is what synchronizes.
        if (locked_.load(std::memory_order_relaxed)) return false;  // (try_lock-test)
        // false -> true; acquire: pairs with the release store in unlock().
        return !locked_.exchange(true, F::order(site::try_lock, std::memory_order_acquire));  // (try_lock)
    }

    void unlock() {
        // true -> false; release: pairs with the acquire exchange in lock()/try_lock().
        locked_.store(false, F::order(site::unlock, std::memory_order_release));  // (unlock)
    }

private:
    [[gnu::noinline, gnu::cold]] void lock_contended() {
        unsigned backoff = min_backoff;
        for (;;) {
            // Test: wait until the lock looks free, reading only. relaxed: a hint,
            // the exchange below synchronizes.
            do {
                P::spin_pause(backoff);
            } while (locked_.load(F::order(site::spin_wait, std::memory_order_relaxed)));  // (test)
            // Test-and-set: false -> true; acquire: pairs with the release store in unlock().
            if (!locked_.exchange(true, F::order(site::lock, std::memory_order_acquire))) return;  // (test-and-set)
            backoff = backoff < max_backoff ? backoff * 2 : max_backoff;  // (backoff)
        }
    }

    typename P::template atomic<bool> locked_{false};  // (locked_)
};

}  // namespace synclab
