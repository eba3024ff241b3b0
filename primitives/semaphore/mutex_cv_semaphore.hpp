// semaphore.mutex_cv: the classic counting semaphore built from a mutex and a
// condition variable (the monitor construction: Hoare, 1974; Birrell,
// "An Introduction to Programming with Threads", 1989), on the platform's
// std::mutex and std::condition_variable_any.
//
// State, all guarded by m_:
//
//     count_    permits available, 0..max()
//     waiters_  threads inside cv_.wait
//
// Transitions (each under m_):
//
//     (T) take    count_ > 0: count_ - 1
//     (W) wait    count_ == 0: waiters_ + 1, cv_.wait (releases m_), waiters_ - 1,
//                 then re-check (Mesa semantics: a wake-up is only a hint)
//     (G) give    release(n): count_ + n (refused past max()); then, after
//                 unlocking, notify_one min(n, waiters_) times
//
// Correct because every test and change of count_ happens under m_; no
// wake-up is lost because a waiter tests count_ and starts waiting in one
// step with respect to m_ (cv_.wait releases m_ atomically), and a releaser
// changes count_ under m_ and notifies after, so it either sees the waiter
// (waiters_ > 0) or the waiter sees its permit.
//
// What it lacks: not FIFO (a woken waiter re-competes for m_ and the count
// with newcomers), and every hand-off to a sleeper costs a notify syscall plus
// the waiter's re-lock of m_: the baseline the futex version is held against.
#pragma once

#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstddef>
#include <mutex>

#include "../contract.hpp"
#include "../fault.hpp"
#include "timed_acquire.hpp"

namespace synclab {

template <class P, class F = faithful>
class mutex_cv_semaphore : public semaphore_timed_acquire<mutex_cv_semaphore<P, F>> {
public:
    static constexpr std::ptrdiff_t max() noexcept { return INT_MAX; }

    explicit mutex_cv_semaphore(std::ptrdiff_t initial)
        : count_(checked_initial_count("mutex_cv_semaphore", initial, max())) {}
    mutex_cv_semaphore(const mutex_cv_semaphore&) = delete;
    mutex_cv_semaphore& operator=(const mutex_cv_semaphore&) = delete;

    bool try_acquire() {
        std::unique_lock<typename P::mutex> lock(m_);
        return take();
    }

    void acquire() {
        std::unique_lock<typename P::mutex> lock(m_);
        while (!take()) {
            wait_once(lock, nullptr);  // (W)
        }
    }

    void release(std::ptrdiff_t n = 1) {
        if (n < 0) violate_release("mutex_cv_semaphore", n, 0, max());
        std::ptrdiff_t to_wake = 0;
        {
            std::unique_lock<typename P::mutex> lock(m_);
            const std::ptrdiff_t count = count_.get();
            if (n > max() - count) violate_release("mutex_cv_semaphore", n, count, max());
            count_.set(count + n);  // (G)
            const std::ptrdiff_t waiters = waiters_.get();
            to_wake = n < waiters ? n : waiters;
        }
        if (F::skips(site::wake)) return;
        for (std::ptrdiff_t i = 0; i < to_wake; ++i) cv_.notify_one();
    }

private:
    friend semaphore_timed_acquire<mutex_cv_semaphore>;

    bool take() {  // m_ held. (T)
        const std::ptrdiff_t count = count_.get();
        if (count == 0) return false;
        count_.set(count - 1);
        return true;
    }

    // One wait on cv_ (m_ held on entry and exit); false when timed out.
    bool wait_once(std::unique_lock<typename P::mutex>& lock, const std::chrono::steady_clock::time_point* deadline) {
        waiters_.set(waiters_.get() + 1);
        bool woken = true;
        if (deadline == nullptr) {
            cv_.wait(lock);
        } else {
            woken = cv_.wait_until(lock, *deadline) == std::cv_status::no_timeout;
        }
        waiters_.set(waiters_.get() - 1);
        return woken;
    }

    bool try_acquire_until_steady(std::chrono::steady_clock::time_point deadline) {
        std::unique_lock<typename P::mutex> lock(m_);
        while (!take()) {
            if (P::deadline_passed(deadline)) return false;  // a deadline in the past: no wait
            if (!wait_once(lock, &deadline)) return take();  // timed out: one last look
        }
        return true;
    }

    typename P::mutex m_;
    typename P::condition_variable cv_;
    typename P::template plain<std::ptrdiff_t> count_;     // guarded by m_
    typename P::template plain<std::ptrdiff_t> waiters_{0}; // guarded by m_
};

}  // namespace synclab
