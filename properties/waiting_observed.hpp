// waiting_observed: the native platform, telling a test when a thread has
// begun to wait. The fairness property of locks (mutex_fairness.hpp) runs
// them over it to learn the arrival order without the lock's help; a plain
// class over synclab::seam is bound to it in the property binary
// (primitives/platform/bound.hpp), so the same holds for it.
#pragma once

#include <atomic>
#include <chrono>

#include "primitives/platform/native.hpp"

namespace synclab::properties {

// The native platform, telling a test when a thread has begun to wait: a
// thread that sets waiting_mark (its own flag) has it raised at its first
// pause, yield or futex wait. Everything else is native's.
struct waiting_observed : platform::native {
    static inline thread_local std::atomic<bool>* waiting_mark = nullptr;

    static void mark() noexcept {
        // release: pairs with the acquire load in check_mutex_fairness, which
        // then knows this thread's doorway is done.
        if (waiting_mark != nullptr) waiting_mark->store(true, std::memory_order_release);
    }
    static void spin_pause(unsigned iterations = 1) noexcept {
        mark();
        platform::native::spin_pause(iterations);
    }
    static void yield_thread() noexcept {
        mark();
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
};

}  // namespace synclab::properties
