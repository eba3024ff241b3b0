// condvar.std: std::condition_variable_any behind the same interface, the
// baseline the others are held against.
//
// Protocol: libstdc++'s condition_variable_any keeps an internal std::mutex and
// a std::condition_variable (a glibc pthread_cond_t: sequence counters and
// two groups of waiters in futex words); each wait takes that internal mutex,
// so it works with any Lockable. Under Relacy it is Relacy's own model of
// condition_variable_any, which wakes spuriously under the random scheduler.
//
// What it lacks: notify_one wakes some waiter, not the longest-waiting one.
#pragma once

#include <chrono>
#include <condition_variable>

#include "../fault.hpp"
#include "waits.hpp"

namespace synclab {

template <class P, class F = faithful>
class std_condvar : public condvar_waits<std_condvar<P, F>, P> {
public:
    std_condvar() = default;
    std_condvar(const std_condvar&) = delete;
    std_condvar& operator=(const std_condvar&) = delete;

    void notify_one() noexcept { cv_.notify_one(); }
    void notify_all() noexcept { cv_.notify_all(); }

private:
    friend class condvar_waits<std_condvar, P>;

    // See condvar_waits: false only when the deadline passed.
    template <class Lock>
    bool block(Lock& lock, const std::chrono::steady_clock::time_point* deadline) {
        if (deadline == nullptr) {
            cv_.wait(lock);
            return true;
        }
        return cv_.wait_until(lock, *deadline) == std::cv_status::no_timeout;
    }

    typename P::condition_variable cv_;
};

}  // namespace synclab
