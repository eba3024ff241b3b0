// A lock that does not take the platform parameter, for the test of
// `./synclab check --header`: the command must say what the class must be.
#pragma once

#include <atomic>

namespace acme {

class plain_spin_lock {
public:
    void lock() {
        while (held_.exchange(true, std::memory_order_acquire)) {
        }
    }
    bool try_lock() { return !held_.exchange(true, std::memory_order_acquire); }
    void unlock() { held_.store(false, std::memory_order_release); }

private:
    std::atomic<bool> held_{false};
};

}  // namespace acme
