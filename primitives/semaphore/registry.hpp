// The counting-semaphore family (the locker room): every implementation of the
// interface of std::counting_semaphore (acquire, try_acquire, try_acquire_for,
// try_acquire_until, release(n = 1), max()), constructed with its initial
// count, with its expected properties. Adding one: write its header (one
// algorithm, protocol comment first), include it here, add one line.
#pragma once

#include "../registry.hpp"
#include "futex_semaphore.hpp"
#include "mutex_cv_semaphore.hpp"
#include "spin_semaphore.hpp"
#include "std_semaphore.hpp"
#include "ticket_semaphore.hpp"

namespace synclab {

struct semaphore_properties {
    bool fifo;                  // waiters get permits in arrival order; no barging
    bool starvation_free;       // every waiter eventually gets a permit while permits keep being released
    bool sleeps;                // waiters block in the kernel rather than spin
    bool release_syscall_free;  // release() with nobody waiting makes no syscall
    bool release_checks_count;  // release(n) past max() is reported (the count is readable)
    // A known defect, declared: a waiter can sleep through a release while
    // permits are there (a lost wake-up). Only semaphore.std: libstdc++'s
    // std::counting_semaphore (std_semaphore.hpp). The stress layer reports
    // such an entry's hang as that defect, not as a new failure.
    bool loses_wake_ups = false;
};

// As `synclab list` shows them (registry.hpp, property_flag).
inline std::vector<property_flag> property_flags(const semaphore_properties& p) {
    return {{"fifo", p.fifo},
            {"starvation-free", p.starvation_free},
            {"sleeps", p.sleeps},
            {"syscall-free-release", p.release_syscall_free},
            {"checked-release", p.release_checks_count},
            {"loses-wake-ups", p.loses_wake_ups}};
}

using semaphore_registry = registry<
    implementation<"semaphore.futex", futex_semaphore,
                   "permits and sleepers in one futex word, bounded spin before sleeping; release wakes at most n",
                   semaphore_properties{.fifo = false, .starvation_free = false, .sleeps = true,
                                        .release_syscall_free = true, .release_checks_count = true}>,
    implementation<"semaphore.spin", spin_semaphore, "waiters spin on the count (busy-waiting P and V)",
                   semaphore_properties{.fifo = false, .starvation_free = false, .sleeps = false,
                                        .release_syscall_free = true, .release_checks_count = true}>,
    implementation<"semaphore.ticket", ticket_semaphore,
                   "FIFO: waiters queue in arrival order, release hands permits to the oldest (no barging)",
                   semaphore_properties{.fifo = true, .starvation_free = true, .sleeps = true,
                                        .release_syscall_free = true, .release_checks_count = true}>,
    implementation<"semaphore.mutex_cv", mutex_cv_semaphore, "count + mutex + condition variable (the monitor construction)",
                   semaphore_properties{.fifo = false, .starvation_free = false, .sleeps = true,
                                        .release_syscall_free = true, .release_checks_count = true}>,
    implementation<"semaphore.std", std_semaphore, "std::counting_semaphore (libstdc++) behind the same interface",
                   semaphore_properties{.fifo = false, .starvation_free = false, .sleeps = true,
                                        .release_syscall_free = false, .release_checks_count = false,
                                        .loses_wake_ups = true}>>;

}  // namespace synclab
