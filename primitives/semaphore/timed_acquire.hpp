// The two timed forms of std::counting_semaphore's acquire, written once for
// the semaphores of this family, so each of those headers holds only its
// protocol (the shape of condvar/waits.hpp).
//
// An implementation derives from semaphore_timed_acquire<itself> and supplies
//
//     bool try_acquire_until_steady(std::chrono::steady_clock::time_point deadline);
//
// which takes a permit, waiting at most until the deadline, and returns
// whether it took one. A relative timeout becomes a steady_clock deadline
// (rounded up: never shorter than asked), and a deadline of another clock is
// carried over to steady_clock (deadline.hpp), the clock the seam's timed
// waits take.
#pragma once

#include <chrono>

#include "../deadline.hpp"

namespace synclab {

template <class Derived>
class semaphore_timed_acquire {
public:
    template <class Rep, class Period>
    bool try_acquire_for(const std::chrono::duration<Rep, Period>& rel) {
        return self().try_acquire_until_steady(steady_after(rel));
    }
    template <class Clock, class Duration>
    bool try_acquire_until(const std::chrono::time_point<Clock, Duration>& abs) {
        return self().try_acquire_until_steady(to_steady(abs));
    }

protected:
    semaphore_timed_acquire() = default;
    ~semaphore_timed_acquire() = default;

private:
    Derived& self() noexcept { return static_cast<Derived&>(*this); }
};

}  // namespace synclab
