// A lock without try_lock(), for the test of `./synclab check --header`: the
// command must say, in one message, what a mutex's interface lacks.
#pragma once

#include <synclab/primitives/fault.hpp>

namespace acme {

template <class P, class F = synclab::faithful>
class no_try_lock {
public:
    void lock() {
        while (held_.exchange(true, std::memory_order_acquire)) P::spin_pause();
    }
    void unlock() { held_.store(false, std::memory_order_release); }

private:
    typename P::template atomic<bool> held_{false};
};

}  // namespace acme
