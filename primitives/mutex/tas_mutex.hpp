// mutex.tas: the test-and-set spin lock.
//
// Protocol. One word, locked_:
//
//     false --exchange(true) by lock()/try_lock()--> true     (the caller owns it)
//     true  --store(false) by unlock()------------> false
//
// lock() repeats the exchange until it returns false; each failed attempt is a
// spin_pause(). Correct because the exchange is one atomic read-modify-write:
// exactly one thread turns false into true, so at most one owner (mutual
// exclusion); and some thread's exchange succeeds after each unlock, so the lock
// is deadlock-free.
//
// What it lacks: it is not starvation-free (a thread can lose every race to the
// others) and not FIFO. Every spinning thread writes the line, so it scales worst
// of the family under contention: see mutex.ttas for the usual mitigation.
//
// Fault sites: lock (the exchange; split into a load and a store it is the
// check-then-act bug), try_lock, unlock.
// (Anderson, "The Performance of Spin Lock Alternatives for Shared-Memory
// Multiprocessors", IEEE TPDS 1990.)
#pragma once

#include "../fault.hpp"

namespace synclab {

template <class P, class F = faithful>
class tas_mutex {
public:
    tas_mutex() = default;
    tas_mutex(const tas_mutex&) = delete;
    tas_mutex& operator=(const tas_mutex&) = delete;

    void lock() {
        if constexpr (F::splits(site::lock)) {
            // Mutant (mutex.tas~load-store): check-then-act, the test and the set
            // as two steps. Two threads can both read false before either stores
            // true, and both own the lock.
            // acquire: pairs with the release store in unlock().
            while (locked_.load(std::memory_order_acquire)) P::spin_pause();
            // relaxed: pairs with nothing; the load above was the (racy) check.
            locked_.store(true, std::memory_order_relaxed);
            return;
        }
        // false -> true; acquire: pairs with the release store in unlock().
        while (locked_.exchange(true, F::order(site::lock, std::memory_order_acquire))) {  // (lock)
            P::spin_pause();
        }
    }

    bool try_lock() {
        // false -> true; acquire: pairs with the release store in unlock().
        return !locked_.exchange(true, F::order(site::try_lock, std::memory_order_acquire));  // (try_lock)
    }

    void unlock() {
        // true -> false; release: pairs with the acquire exchange in lock()/try_lock().
        locked_.store(false, F::order(site::unlock, std::memory_order_release));  // (unlock)
    }

private:
    typename P::template atomic<bool> locked_{false};  // (locked_)
};

}  // namespace synclab
