// Deliberately unfair primitives: a semaphore and a condition variable that
// serve their waiters newest first (LIFO) and say how many wait. The fairness
// property (fairness.hpp) must find both failing; they prove it can fail
// deterministically, where the std variants are only unfair by chance.
#pragma once

#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <vector>

namespace synclab::proofs {

// A counting semaphore with direct hand-off to the newest waiter.
class lifo_semaphore {
public:
    static constexpr std::ptrdiff_t max() noexcept { return INT_MAX; }
    explicit lifo_semaphore(std::ptrdiff_t initial) : count_(initial) {}

    bool try_acquire() {
        std::lock_guard lock(m_);
        if (count_ == 0) return false;
        --count_;
        return true;
    }
    void acquire() { acquire_until(nullptr); }
    template <class Rep, class Period>
    bool try_acquire_for(const std::chrono::duration<Rep, Period>& rel) {
        const auto deadline = std::chrono::steady_clock::now() + rel;
        return acquire_until(&deadline);
    }
    template <class Clock, class Duration>
    bool try_acquire_until(const std::chrono::time_point<Clock, Duration>& abs) {
        const auto deadline = std::chrono::steady_clock::now() + (abs - Clock::now());
        return acquire_until(&deadline);
    }
    void release(std::ptrdiff_t n = 1) {
        std::lock_guard lock(m_);
        for (; n > 0 && !stack_.empty(); --n) {
            stack_.back()->granted = true;
            stack_.pop_back();
        }
        count_ += n;
        woken_.notify_all();
    }
    std::size_t waiting() const {
        std::lock_guard lock(m_);
        return stack_.size();
    }

private:
    struct waiter {
        bool granted = false;
    };
    bool acquire_until(const std::chrono::steady_clock::time_point* deadline) {
        std::unique_lock lock(m_);
        if (count_ > 0) {
            --count_;
            return true;
        }
        waiter self;
        stack_.push_back(&self);
        while (!self.granted) {
            if (!deadline) {
                woken_.wait(lock);
            } else if (woken_.wait_until(lock, *deadline) == std::cv_status::timeout && !self.granted) {
                std::erase(stack_, &self);
                return false;
            }
        }
        return true;
    }

    mutable std::mutex m_;
    std::condition_variable woken_;
    std::ptrdiff_t count_;
    std::vector<waiter*> stack_;  // newest last
};

// A condition variable whose notify_one wakes the newest waiter.
class lifo_condvar {
public:
    template <class Lock>
    void wait(Lock& lock) {
        waiter self;
        std::unique_lock inner(m_);
        stack_.push_back(&self);
        lock.unlock();
        woken_.wait(inner, [&] { return self.notified; });
        inner.unlock();
        lock.lock();
    }
    template <class Lock, class Predicate>
    void wait(Lock& lock, Predicate pred) {
        while (!pred()) wait(lock);
    }
    template <class Lock, class Rep, class Period, class Predicate>
    bool wait_for(Lock& lock, const std::chrono::duration<Rep, Period>& rel, Predicate pred) {
        const auto deadline = std::chrono::steady_clock::now() + rel;
        while (!pred()) {
            waiter self;
            std::unique_lock inner(m_);
            stack_.push_back(&self);
            lock.unlock();
            const bool notified = woken_.wait_until(inner, deadline, [&] { return self.notified; });
            if (!notified) std::erase(stack_, &self);
            inner.unlock();
            lock.lock();
            if (!notified) return pred();
        }
        return true;
    }
    void notify_one() {
        std::lock_guard inner(m_);
        if (stack_.empty()) return;
        stack_.back()->notified = true;
        stack_.pop_back();
        woken_.notify_all();
    }
    void notify_all() {
        std::lock_guard inner(m_);
        for (waiter* w : stack_) w->notified = true;
        stack_.clear();
        woken_.notify_all();
    }
    std::size_t waiting() const {
        std::lock_guard inner(m_);
        return stack_.size();
    }

private:
    struct waiter {
        bool notified = false;
    };
    mutable std::mutex m_;
    std::condition_variable woken_;
    std::vector<waiter*> stack_;  // newest last
};

}  // namespace synclab::proofs
