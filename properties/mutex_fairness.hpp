// Fairness of a lock whose registry entry says fifo: acquisitions granted in
// arrival order.
//
// The property, for a lock M:
//   1. The test holds the lock. N waiters (2..5) arrive one at a time: waiter
//      i calls lock(), and the test waits until waiter i has begun to wait
//      inside it, so the arrival order is known, not guessed.
//   2. The test unlocks. Each waiter, once it holds the lock, records its
//      place in the served order and unlocks.
//   3. The served order must be the arrival order.
// "Has begun to wait" is observed through the platform seam, with no help
// from the lock: the lock runs over waiting_observed, the native platform
// whose spin_pause(), yield_thread() and futex waits first mark the calling
// waiter as waiting. A lock waits only after its doorway (the ticket taken,
// the node enqueued), so the mark orders the doorways. A waiter that never
// gets the lock is a hang, reported by the watchdog. Failures shrink to the
// fewest waiters.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <thread>
#include <vector>

#include <rapidcheck.h>

#include "fairness.hpp"
#include "waiting_observed.hpp"

namespace synclab::properties {

template <class M>
void check_mutex_fairness(std::size_t n) {
    M lock;
    std::vector<std::atomic<bool>> waiting(n);
    std::vector<int> served;  // guarded by lock
    served.reserve(n);
    std::vector<std::thread> waiters;
    std::string failure;
    lock.lock();
    for (std::size_t i = 0; i < n && failure.empty(); ++i) {
        waiters.emplace_back([&, i] {
            waiting_observed::waiting_mark = &waiting[i];
            lock.lock();
            waiting_observed::waiting_mark = nullptr;
            served.push_back(static_cast<int>(i));
            lock.unlock();
        });
        // acquire: pairs with the release store in waiting_observed::mark().
        if (!detail::await([&] { return waiting[i].load(std::memory_order_acquire); })) {
            failure = "waiter " + std::to_string(i) +
                      " did not begin to wait (no pause, yield or futex wait through the platform) within " +
                      seconds_string(detail::patience());
        }
    }
    lock.unlock();
    detail::join_or_hang(waiters, "fairness: a waiter never got the lock after it was released (a lost wake-up, "
                                  "or a lock that never hands over)");
    if (!failure.empty()) RC_FAIL(failure);
    for (std::size_t k = 0; k < served.size(); ++k) {
        if (served[k] != static_cast<int>(k)) {
            RC_FAIL("not granted in arrival order: waiters arrived 0.." + std::to_string(n - 1) + ", got the lock " +
                    detail::order_string(served));
        }
    }
}

// The generated case: how many waiters line up, 2..5, or fewer where the lock
// serves at most max_threads threads (the test's own thread holds it); at full
// size, since rapidcheck's growing size would make the early cases all 2 waiters.
inline std::size_t gen_mutex_waiters(unsigned max_threads = 0) {
    const std::size_t most = max_threads == 0 ? 5 : std::max<std::size_t>(1, std::min<std::size_t>(5, max_threads - 1));
    return *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<std::size_t>(std::min<std::size_t>(2, most), most + 1))
                .as("waiters");
}

}  // namespace synclab::properties
