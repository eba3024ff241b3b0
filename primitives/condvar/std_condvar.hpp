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

namespace synclab {

template <class P, class F = faithful>
class std_condvar {
public:
    std_condvar() = default;
    std_condvar(const std_condvar&) = delete;
    std_condvar& operator=(const std_condvar&) = delete;

    template <class Lock>
    void wait(Lock& lock) {
        cv_.wait(lock);
    }
    template <class Lock, class Predicate>
    void wait(Lock& lock, Predicate pred) {
        while (!pred()) cv_.wait(lock);
    }

    template <class Lock, class Clock, class Duration>
    std::cv_status wait_until(Lock& lock, const std::chrono::time_point<Clock, Duration>& abs) {
        return cv_.wait_until(lock, abs);
    }
    template <class Lock, class Clock, class Duration, class Predicate>
    bool wait_until(Lock& lock, const std::chrono::time_point<Clock, Duration>& abs, Predicate pred) {
        while (!pred()) {
            if (wait_until(lock, abs) == std::cv_status::timeout) return pred();
        }
        return true;
    }
    template <class Lock, class Rep, class Period>
    std::cv_status wait_for(Lock& lock, const std::chrono::duration<Rep, Period>& rel) {
        return wait_until(lock, std::chrono::steady_clock::now() + rel);
    }
    template <class Lock, class Rep, class Period, class Predicate>
    bool wait_for(Lock& lock, const std::chrono::duration<Rep, Period>& rel, Predicate pred) {
        return wait_until(lock, std::chrono::steady_clock::now() + rel, std::move(pred));
    }

    void notify_one() noexcept { cv_.notify_one(); }
    void notify_all() noexcept { cv_.notify_all(); }

private:
    typename P::condition_variable cv_;
};

}  // namespace synclab
