// Fairness: a primitive whose registry entry says fifo serves its waiters in
// arrival order.
//
// The property, for a semaphore S (count 0) or a condition variable CV (with a
// std::mutex and a permit count it guards):
//   1. N waiters (2..5) arrive one at a time: waiter i starts and the test
//      waits until the primitive's waiting() reports i+1 queued waiters, so the
//      arrival order is known, not guessed. Each waits its own generated way:
//      acquire(), try_acquire_for(30 s), try_acquire_until(now + 30 s) for a
//      semaphore; a wait(lock) loop, wait(lock, pred), wait_for(lock, 30 s,
//      pred) for a condition variable.
//   2. They are served in generated batches of 1..3: release(b) on the
//      semaphore; b permits and b notify_one() calls on the condition
//      variable; the test waits until b more waiters have been served before
//      the next batch.
//   3. Batch k must be served exactly the next b waiters in arrival order:
//      with batches of one, the served order is the arrival order.
// A primitive without waiting() gets 5 ms per arrival instead, which orders
// arrivals only probably: the fifo entries are expected to have it.
// A waiter not served within 5 s of its batch (or the hang limit, if
// shorter) fails the case; the rest are then released so the threads can be
// joined, and a waiter that even then never returns (a lost wake-up) is a
// hang, reported by the watchdog (watchdog.hpp). Failures shrink to the
// fewest waiters and batches.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <rapidcheck.h>

#include "gen_util.hpp"
#include "watchdog.hpp"

namespace synclab::properties {

inline constexpr auto fairness_patience = std::chrono::seconds(5);
inline constexpr auto fairness_long_wait = std::chrono::seconds(30);

enum class semaphore_wait : std::uint8_t { acquire, try_acquire_for, try_acquire_until };
enum class condvar_wait : std::uint8_t { wait_loop, wait_predicate, wait_for_predicate };

void showValue(semaphore_wait w, std::ostream& os);
void showValue(condvar_wait w, std::ostream& os);

// The generated shape of one case: how each waiter waits (index = arrival),
// and the batch sizes (summing to the number of waiters).
template <class Wait>
struct fairness_plan {
    std::vector<Wait> waits;
    std::vector<std::size_t> batches;
};

template <class Wait>
fairness_plan<Wait> gen_fairness_plan() {
    fairness_plan<Wait> plan;
    // At full size: rapidcheck's growing size would make the early cases all
    // 2 waiters in batches of 1.
    const auto n = *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<std::size_t>(2, 6)).as("waiters");
    plan.waits = *rc::gen::container<std::vector<Wait>>(n, shrinking_element(Wait{0}, Wait{1}, Wait{2})).as("waits");
    for (std::size_t left = n; left > 0;) {
        const std::size_t b =
            *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<std::size_t>(1, std::min<std::size_t>(left, 3) + 1))
                 .as("batch");
        plan.batches.push_back(b);
        left -= b;
    }
    return plan;
}

namespace detail {

// How long a fairness check waits for a waiter: 5 s, or the hang limit if shorter.
inline std::chrono::steady_clock::duration patience() {
    return std::min<std::chrono::steady_clock::duration>(fairness_patience, hang_limit());
}

// Joins the waiters; one that never returns is a hang (the watchdog aborts
// with `what`).
inline void join_or_hang(std::vector<std::thread>& waiters, const std::string& what) {
    const hang_guard guard(what);
    for (auto& w : waiters) w.join();
}

// Polls until done() or the patience runs out; false on time-out.
template <class Done>
bool await(Done done, std::chrono::steady_clock::duration patience = detail::patience()) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::yield();
    }
    return true;
}

// Waits until the primitive reports `target` queued waiters (5 ms if it cannot).
template <class Primitive>
bool await_queued(const Primitive& p, std::size_t target) {
    if constexpr (requires { { p.waiting() } -> std::convertible_to<std::size_t>; }) {
        return await([&] { return p.waiting() >= target; });
    } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return true;
    }
}

std::string order_string(const std::vector<int>& served);

// Checks the served order against the arrival order batch by batch; a
// description of the first difference, or "".
std::string compare_batches(const std::vector<int>& served, const std::vector<std::size_t>& batches);

}  // namespace detail

template <class S>
void check_semaphore_fairness(const fairness_plan<semaphore_wait>& plan) {
    const std::size_t n = plan.waits.size();
    S sem(0);
    std::atomic<std::size_t> next_slot{0};
    std::vector<int> served(n, -1);       // slot -> waiter; each slot written by one waiter, read after join
    std::vector<char> acquired(n, 0);     // waiter -> whether its wait returned true; read after join
    std::vector<std::thread> waiters;
    std::string failure;
    std::size_t released = 0;
    for (std::size_t i = 0; i < n && failure.empty(); ++i) {
        waiters.emplace_back([&, i] {
            bool got = true;
            switch (plan.waits[i]) {
            case semaphore_wait::acquire: sem.acquire(); break;
            case semaphore_wait::try_acquire_for: got = sem.try_acquire_for(fairness_long_wait); break;
            case semaphore_wait::try_acquire_until:
                got = sem.try_acquire_until(std::chrono::steady_clock::now() + fairness_long_wait);
                break;
            }
            acquired[i] = got;
            // relaxed: a count only; the join publishes served[] and acquired[].
            served[next_slot.fetch_add(1, std::memory_order_relaxed)] = static_cast<int>(i);
        });
        if (!detail::await_queued(sem, i + 1)) {
            failure = "waiter " + std::to_string(i) + " did not show in waiting() within " + seconds_string(detail::patience());
        }
    }
    std::size_t done = 0;
    for (std::size_t b : plan.batches) {
        if (!failure.empty()) break;
        sem.release(static_cast<std::ptrdiff_t>(b));
        released += b;
        done += b;
        // relaxed: a count only (see the waiters).
        if (!detail::await([&] { return next_slot.load(std::memory_order_relaxed) >= done; })) {
            failure = "after release(" + std::to_string(b) + ") only " +
                      std::to_string(next_slot.load(std::memory_order_relaxed) + b - done) + " of " +
                      std::to_string(b) + " waiters were served within " + seconds_string(detail::patience());
        }
    }
    if (released < n) sem.release(static_cast<std::ptrdiff_t>(n - released));  // let every waiter finish
    detail::join_or_hang(waiters, "fairness: a waiter never returned, even after every permit was released "
                                  "(a lost wake-up)");
    if (!failure.empty()) RC_FAIL(failure);
    for (std::size_t i = 0; i < n; ++i) {
        if (!acquired[i]) RC_FAIL("waiter " + std::to_string(i) + "'s timed acquire returned false");
    }
    const std::string wrong = detail::compare_batches(served, plan.batches);
    if (!wrong.empty()) RC_FAIL(wrong);
}

template <class CV>
void check_condvar_fairness(const fairness_plan<condvar_wait>& plan) {
    const std::size_t n = plan.waits.size();
    std::mutex m;
    CV cv;
    std::size_t permits = 0;       // guarded by m
    std::size_t served_count = 0;  // guarded by m
    std::vector<int> served(n, -1);  // guarded by m
    std::vector<char> acquired(n, 0);  // guarded by m
    std::vector<std::thread> waiters;
    std::string failure;
    auto count_served = [&] {
        std::lock_guard lock(m);
        return served_count;
    };
    for (std::size_t i = 0; i < n && failure.empty(); ++i) {
        waiters.emplace_back([&, i] {
            std::unique_lock lock(m);
            bool got = true;
            switch (plan.waits[i]) {
            case condvar_wait::wait_loop:
                while (permits == 0) cv.wait(lock);
                break;
            case condvar_wait::wait_predicate: cv.wait(lock, [&] { return permits > 0; }); break;
            case condvar_wait::wait_for_predicate:
                got = cv.wait_for(lock, fairness_long_wait, [&] { return permits > 0; });
                break;
            }
            if (got) --permits;
            acquired[i] = got;
            served[served_count++] = static_cast<int>(i);
        });
        if (!detail::await_queued(cv, i + 1)) {
            failure = "waiter " + std::to_string(i) + " did not show in waiting() within " + seconds_string(detail::patience());
        }
    }
    std::size_t done = 0;
    for (std::size_t b : plan.batches) {
        if (!failure.empty()) break;
        {
            std::lock_guard lock(m);
            permits += b;
        }
        for (std::size_t k = 0; k < b; ++k) cv.notify_one();
        done += b;
        if (!detail::await([&] { return count_served() >= done; })) {
            failure = "after " + std::to_string(b) + " notify_one() only " + std::to_string(count_served() + b - done) +
                      " of " + std::to_string(b) + " waiters were served within " + seconds_string(detail::patience());
        }
    }
    {
        std::lock_guard lock(m);
        permits += n;  // let every waiter finish
    }
    cv.notify_all();
    detail::join_or_hang(waiters, "fairness: a waiter never returned, even with a permit and a notify for each "
                                  "(a lost wake-up)");
    if (!failure.empty()) RC_FAIL(failure);
    for (std::size_t i = 0; i < n; ++i) {
        if (!acquired[i]) RC_FAIL("waiter " + std::to_string(i) + "'s wait_for returned false");
    }
    const std::string wrong = detail::compare_batches(served, plan.batches);
    if (!wrong.empty()) RC_FAIL(wrong);
}

}  // namespace synclab::properties
