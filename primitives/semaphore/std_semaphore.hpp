// semaphore.std: std::counting_semaphore behind the same interface, the
// baseline the others are held against.
//
// Protocol: libstdc++ 12 keeps the count in one futex word. acquire reads
// the word, then spins (16 rounds) on a load and one CAS (a CAS that fails is
// a failed round, not a retry), then sleeps on the futex with the value it
// read before spinning; release is a fetch_add, then a futex wake of every
// sleeper when the count was 0, whether or not anyone sleeps (it does not
// count sleepers): an uncontended acquire/release pair costs a syscall here,
// and a release onto a positive count wakes nobody. Under Relacy it is the
// seam's model of a counting semaphore (Relacy's mutex and condition
// variable), not libstdc++'s algorithm, so the model layer cannot judge the
// library's code; see docs/pitfalls.md for the hang the stress layer met.
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
