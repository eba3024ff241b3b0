// waiting_observed: the native platform, telling a test when a thread has
// begun to wait. The fairness properties of locks (mutex_fairness.hpp,
// rwlock_fairness.hpp) run them over it to learn the arrival order without
// the lock's help; a plain class over synclab::seam is bound to it in the
// property binary (primitives/platform/bound.hpp), so the same holds for it.
#pragma once

#include <atomic>
#include <chrono>
#include <shared_mutex>

#include "primitives/platform/native.hpp"

namespace synclab::properties {

// The native platform, telling a test when a thread has begun to wait: a
// thread that sets waiting_mark (its own flag) has it raised at its first
// pause, yield or futex wait. Everything else is native's.
struct waiting_observed : platform::native {
    static inline thread_local std::atomic<bool>* waiting_mark = nullptr;
    // Set by a test of a lock that spins before it sleeps: only a sleep marks.
    static inline thread_local bool mark_only_asleep = false;

    static void mark() noexcept {
        // release: pairs with the acquire load in check_mutex_fairness (and
        // check_rwlock_order), which then knows this thread's doorway is done.
        if (waiting_mark != nullptr) waiting_mark->store(true, std::memory_order_release);
    }
    static void spin_pause(unsigned iterations = 1) noexcept {
        if (!mark_only_asleep) mark();
        platform::native::spin_pause(iterations);
    }
    static void yield_thread() noexcept {
        if (!mark_only_asleep) mark();
        platform::native::yield_thread();
    }
    static void futex_wait(futex_word& word, int expected) noexcept {
        mark();
        platform::native::futex_wait(word, expected);
    }
    static bool futex_wait_until(futex_word& word, int expected,
                                 std::chrono::steady_clock::time_point deadline) noexcept {
        mark();
        return platform::native::futex_wait_until(word, expected, deadline);
    }
    // std::shared_mutex waits inside glibc, out of the seam's sight: a caller
    // whose try fails is marked just before it blocks (an approximation: it
    // may not yet be queued inside glibc when the mark is seen).
    struct shared_mutex : std::shared_mutex {
        void lock() {
            if (try_lock()) return;
            mark();
            std::shared_mutex::lock();
        }
        void lock_shared() {
            if (try_lock_shared()) return;
            mark();
            std::shared_mutex::lock_shared();
        }
    };
};

}  // namespace synclab::properties
