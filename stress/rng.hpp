// A small per-thread PRNG (splitmix64): each worker gets its own stream from
// the run's --seed and its thread index, so a seed names a run's choices.
#pragma once

#include <cstdint>

namespace synclab::stress {

class rng {
public:
    rng(std::uint64_t seed, unsigned thread) : state_(seed ^ (0x9e3779b97f4a7c15ull * (thread + 1ull))) {}

    std::uint64_t next() noexcept {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }

    // Uniform enough in [0, n) for n far below 2^32.
    unsigned below(unsigned n) noexcept { return static_cast<unsigned>(next() % n); }

private:
    std::uint64_t state_;
};

}  // namespace synclab::stress
