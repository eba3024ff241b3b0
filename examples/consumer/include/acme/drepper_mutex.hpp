// acme::drepper_mutex: the futex mutex of Ulrich Drepper's "Futexes Are
// Tricky" (2004-2011, "mutex, take 2" with the exchange of take 3), as a
// plain class: not a template over synclab's platform P. It was written
// against std::atomic and the futex system call, and reaches the machine
// through synclab::seam instead (synclab's primitives/platform/bound.hpp):
// the same names, bound to the native platform in an ordinary build and to
// the model checker's in synclab's. The README shows the lock before and
// after; the change is the renaming alone.
//
// Protocol. One word, state_:
//   0  unlocked
//   1  locked, no waiter has announced itself
//   2  locked, waiters may sleep on the word
// lock():   CAS 0 -> 1: taken (0 -> 1). Otherwise exchange(2) until it
//           returns 0 (taken, as 2: a waiter cannot know it was the last),
//           sleeping on the word while it reads 2.
// unlock(): fetch_sub(1): from 1 to 0, nobody waits (1 -> 0). From 2: store 0
//           and wake one sleeper (2 -> 0, wake).
// Invariant: a thread sleeps only on 2, and the word stays 2 until an unlock,
// which then wakes one: no lost wake-up. At most one thread returned from a
// CAS or exchange that read 0 without having unlocked: mutual exclusion.
// Properties: not FIFO and not starvation-free (a newcomer's CAS can beat a
// woken sleeper); waiters sleep. An unlock after contention always makes the
// wake system call, even when the waiter already left.
#pragma once

#include <atomic>

#include <synclab/primitives/platform/bound.hpp>

namespace acme {

class drepper_mutex {
public:
    drepper_mutex() = default;
    drepper_mutex(const drepper_mutex&) = delete;
    drepper_mutex& operator=(const drepper_mutex&) = delete;

    void lock() {
        int seen = 0;
        // acquire: pairs with the release fetch_sub and store in unlock(). (0 -> 1)
        if (state_.compare_exchange_strong(seen, 1, std::memory_order_acquire, std::memory_order_relaxed)) return;
        // acquire: as above; the exchange that reads 0 takes the lock. (-> 2)
        if (seen != 2) seen = state_.exchange(2, std::memory_order_acquire);
        while (seen != 0) {
            synclab::seam::futex_wait(state_, 2);
            seen = state_.exchange(2, std::memory_order_acquire);  // acquire: as above
        }
    }

    bool try_lock() {
        int seen = 0;
        // acquire: pairs with the release fetch_sub and store in unlock(). (0 -> 1)
        return state_.compare_exchange_strong(seen, 1, std::memory_order_acquire, std::memory_order_relaxed);
    }

    void unlock() {
        // release: pairs with the acquire CAS and exchanges in lock(). (1 -> 0)
        if (state_.fetch_sub(1, std::memory_order_release) != 1) {
            // release: as above, for the waiter that takes the lock next. (2 -> 0)
            // The memory-order audit finds it weakenable under Relacy, which
            // keeps C++11's rule that a later store by the same thread
            // continues the fetch_sub's release sequence; C++20 dropped that
            // rule, and without it a waiter's acquire that reads this 0 would
            // synchronize with nothing.
            state_.store(0, std::memory_order_release);
            synclab::seam::futex_wake(state_, 1);
        }
    }

private:
    synclab::seam::futex_word state_{0};
};

}  // namespace acme
