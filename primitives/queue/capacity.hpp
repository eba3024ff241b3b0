// The capacity contract of the ring-buffer queues: a power of two (their
// indices are masked, not divided), at least `least`. A capacity that is not
// is a caller's bug, reported at construction with the value and what is
// accepted ("mpmc_queue(3): capacity must be a power of two >= 2"), never
// rounded silently.
#pragma once

#include <bit>
#include <cstddef>
#include <string>

#include "../contract.hpp"

namespace synclab {

inline std::size_t checked_power_of_two_capacity(const char* type, std::size_t capacity, std::size_t least) {
    if (capacity < least || !std::has_single_bit(capacity)) {
        throw contract_violation(std::string(type) + "(" + std::to_string(capacity) +
                                 "): capacity must be a power of two >= " + std::to_string(least));
    }
    return capacity;
}

}  // namespace synclab
