// Contract violations: bad input to a primitive is reported, never wrapped.
//
// A negative initial count, an initial count above max(), or a release(n) that
// would raise the count past max() is a caller's bug. Silently wrapping the
// count (what an unchecked fetch_add does) would turn it into a lost or invented
// permit far from the call. Instead the primitive throws contract_violation,
// whose message names the call and the values, and leaves its state as it was:
// a release that is refused publishes nothing.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace synclab {

class contract_violation : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

// "futex_semaphore(-1): initial count must be in 0..max() = 2147483647".
[[noreturn, gnu::cold, gnu::noinline]] inline void violate_initial_count(const char* type, std::ptrdiff_t initial,
                                                                        std::ptrdiff_t max) {
    throw contract_violation(std::string(type) + "(" + std::to_string(initial) +
                             "): initial count must be in 0..max() = " + std::to_string(max));
}

// "futex_semaphore::release(5): count 8 + 5 would pass max() = 10".
[[noreturn, gnu::cold, gnu::noinline]] inline void violate_release(const char* type, std::ptrdiff_t n,
                                                                  std::ptrdiff_t count, std::ptrdiff_t max) {
    if (n < 0) {
        throw contract_violation(std::string(type) + "::release(" + std::to_string(n) +
                                 "): the update must be >= 0");
    }
    throw contract_violation(std::string(type) + "::release(" + std::to_string(n) + "): count " +
                             std::to_string(count) + " + " + std::to_string(n) + " would pass max() = " +
                             std::to_string(max));
}

// For a wrapped semaphore whose count cannot be read (std::counting_semaphore):
// only n itself can be checked.
[[noreturn, gnu::cold, gnu::noinline]] inline void violate_release_unseen(const char* type, std::ptrdiff_t n,
                                                                         std::ptrdiff_t max) {
    throw contract_violation(std::string(type) + "::release(" + std::to_string(n) + "): the update must be in 0..max() = " +
                             std::to_string(max));
}

// Checks a constructor's initial count against max().
inline std::ptrdiff_t checked_initial_count(const char* type, std::ptrdiff_t initial, std::ptrdiff_t max) {
    if (initial < 0 || initial > max) violate_initial_count(type, initial, max);
    return initial;
}

}  // namespace synclab
