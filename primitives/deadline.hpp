// Deadlines of any clock, as the steady_clock deadline the seam's timed waits take.
#pragma once

#include <chrono>
#include <type_traits>

namespace synclab {

template <class Clock, class Duration>
std::chrono::steady_clock::time_point to_steady(const std::chrono::time_point<Clock, Duration>& abs) {
    if constexpr (std::is_same_v<Clock, std::chrono::steady_clock>) {
        return std::chrono::time_point_cast<std::chrono::steady_clock::duration>(abs);
    } else {
        // Another clock: carry the time left over to steady_clock (a deadline
        // already passed stays passed).
        return std::chrono::steady_clock::now() +
               std::chrono::duration_cast<std::chrono::steady_clock::duration>(abs - Clock::now());
    }
}

template <class Rep, class Period>
std::chrono::steady_clock::time_point steady_after(const std::chrono::duration<Rep, Period>& rel) {
    return std::chrono::steady_clock::now() + std::chrono::ceil<std::chrono::steady_clock::duration>(rel);
}

}  // namespace synclab
