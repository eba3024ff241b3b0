// semaphore.std: std::counting_semaphore behind the same interface, the
// baseline the others are held against.
//
// Protocol: libstdc++ 12 keeps the count in one futex word: acquire is a CAS
// loop that sleeps on the word at zero, release is a fetch_add followed by a
// futex wake on every call (it does not track waiters), which is why an
// uncontended release costs a syscall here. Under Relacy it is the seam's model
// of a counting semaphore (Relacy's mutex and condition variable).
//
// Contract: the initial count is checked against max(); release(n) can only be
// checked for 0 <= n <= max(), since the wrapped count cannot be read (a release
// that would pass max() is undefined behaviour in the standard).
//
// What it lacks: not FIFO; waiters may be overtaken by later acquirers.
#pragma once

#include <chrono>
#include <cstddef>

#include "../contract.hpp"
#include "../fault.hpp"

namespace synclab {

template <class P, class F = faithful>
class std_semaphore {
public:
    static constexpr std::ptrdiff_t max() noexcept { return P::counting_semaphore::max(); }

    explicit std_semaphore(std::ptrdiff_t initial)
        : s_(checked_initial_count("std_semaphore", initial, max())) {}
    std_semaphore(const std_semaphore&) = delete;
    std_semaphore& operator=(const std_semaphore&) = delete;

    void acquire() { s_.acquire(); }
    bool try_acquire() noexcept { return s_.try_acquire(); }

    template <class Rep, class Period>
    bool try_acquire_for(const std::chrono::duration<Rep, Period>& rel) {
        return s_.try_acquire_for(rel);
    }
    template <class Clock, class Duration>
    bool try_acquire_until(const std::chrono::time_point<Clock, Duration>& abs) {
        return s_.try_acquire_until(abs);
    }

    void release(std::ptrdiff_t n = 1) {
        if (n < 0 || n > max()) violate_release_unseen("std_semaphore", n, max());
        s_.release(n);
    }

private:
    typename P::counting_semaphore s_;
};

}  // namespace synclab
