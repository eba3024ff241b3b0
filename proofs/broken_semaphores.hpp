// Deliberately broken counting semaphores: the sequential model
// (semaphore_sequential.hpp) must find each failing. One simple correct
// semaphore (a count under a std::mutex, acquire spinning on try_acquire)
// with one defect each.
#pragma once

#include <chrono>
#include <climits>
#include <cstddef>
#include <mutex>
#include <thread>

#include "primitives/contract.hpp"

namespace synclab::proofs {

enum class semaphore_defect {
    release_n_adds_one,        // release(n) adds 1 whatever n is (lost permits)
    release_unchecked,         // release(n) past max() is not refused (the count passes max())
    refused_release_adds,      // release(n) past max() throws, but after adding n
    initial_count_unchecked,   // a negative initial count or one above max() is accepted
};

template <semaphore_defect Defect>
class broken_semaphore {
public:
    static constexpr std::ptrdiff_t max() noexcept { return INT_MAX; }

    explicit broken_semaphore(std::ptrdiff_t initial)
        : count_(Defect == semaphore_defect::initial_count_unchecked
                     ? initial
                     : checked_initial_count("broken_semaphore", initial, max())) {}

    bool try_acquire() {
        std::lock_guard lock(m_);
        if (count_ <= 0) return false;
        --count_;
        return true;
    }
    void acquire() {
        while (!try_acquire()) std::this_thread::yield();
    }
    template <class Rep, class Period>
    bool try_acquire_for(const std::chrono::duration<Rep, Period>& rel) {
        return try_acquire_until(std::chrono::steady_clock::now() + rel);
    }
    template <class Clock, class Duration>
    bool try_acquire_until(const std::chrono::time_point<Clock, Duration>& abs) {
        for (;;) {
            if (try_acquire()) return true;
            if (Clock::now() >= abs) return false;
            std::this_thread::yield();
        }
    }
    void release(std::ptrdiff_t n = 1) {
        std::lock_guard lock(m_);
        if (n < 0) violate_release("broken_semaphore", n, count_, max());
        if (Defect == semaphore_defect::refused_release_adds && n > max() - count_) {
            const std::ptrdiff_t before = count_;
            count_ = count_ + n > max() ? max() : count_ + n;
            violate_release("broken_semaphore", n, before, max());
        }
        if (Defect != semaphore_defect::release_unchecked && n > max() - count_) {
            violate_release("broken_semaphore", n, count_, max());
        }
        count_ += Defect == semaphore_defect::release_n_adds_one && n > 0 ? 1 : n;
    }

private:
    std::mutex m_;
    std::ptrdiff_t count_;
};

}  // namespace synclab::proofs
