// The watchdog: a hung lock must fail the run, not hang CI.
//
// It wakes every 50 ms and fires when either
//   - no worker that is still running has made progress for `limit` seconds, or
//   - one worker has been inside a single lock()/try_lock() call (or, for the
//     other concepts, a single blocking call: acquire, push, pop, wait) for
//     `limit` seconds (a lost wake-up leaves its victims asleep while the
//     others go on).
// Firing prints every worker's state and counts to stderr, flushes it, and ends
// the process with std::_Exit(1): joining a worker that never returns is not an
// option.
#pragma once

#include <atomic>
#include <string>
#include <thread>

#include "board.hpp"

namespace synclab::stress {

// The line the watchdog prints first; the CTest mutant test looks for it.
inline constexpr const char* watchdog_message = "WATCHDOG: no progress";

// What the watchdog adds when the entry running is registered with a known
// defect that hangs (semaphore.std: the registry's loses_wake_ups): the hang
// is that defect, reproduced, and the generated CTest test counts it as
// skipped rather than failed (stress/generate_tests.cmake). Set by
// run_entry (family.hpp) for each entry; nullptr: none.
inline constexpr const char* known_defect_message = "KNOWN DEFECT";
inline const char* known_hang_defect = nullptr;

class watchdog {
public:
    // `call` names what a waiting worker is inside of, for the report.
    watchdog(std::string id, const board& b, double limit_seconds, const char* call = "lock()");
    ~watchdog();  // stops and joins the watchdog thread
    watchdog(const watchdog&) = delete;
    watchdog& operator=(const watchdog&) = delete;

private:
    void run();
    [[noreturn]] void fire(const char* why, unsigned culprit, double seconds) const;

    const std::string id_;
    const board& board_;
    const std::int64_t limit_ns_;
    const char* const call_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace synclab::stress
