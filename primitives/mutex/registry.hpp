// The mutex family: every Lockable implementation, with its expected properties.
// Adding one: write its header (one algorithm, protocol comment first), include
// it here, and add one line to mutex_registry.
#pragma once

#include "../registry.hpp"
#include "futex_mutex.hpp"
#include "mcs_mutex.hpp"
#include "robust_mutex.hpp"
#include "std_mutex.hpp"
#include "tas_mutex.hpp"
#include "ticket_futex_mutex.hpp"
#include "ticket_mutex.hpp"
#include "ttas_mutex.hpp"

namespace synclab {

struct mutex_properties {
    bool fifo;                          // acquisitions granted in arrival order
    bool starvation_free;               // every waiter eventually acquires
    bool try_lock_may_fail_spuriously;  // try_lock may return false on a free lock
    bool sleeps;                        // waiters block in the kernel rather than spin
    bool robust = false;                // survives its owner's death: lock() returns a
                                        // robust_lock_status (owner_died), mark_consistent()
};

// As `synclab list` shows them (registry.hpp, property_flag).
inline std::vector<property_flag> property_flags(const mutex_properties& p) {
    return {{"fifo", p.fifo},
            {"starvation-free", p.starvation_free},
            {"spurious-try_lock", p.try_lock_may_fail_spuriously},
            {"sleeps", p.sleeps},
            {"robust", p.robust}};
}

using mutex_registry = registry<
    implementation<"mutex.tas", tas_mutex, "test-and-set spin lock",
                   mutex_properties{.fifo = false, .starvation_free = false,
                                    .try_lock_may_fail_spuriously = false, .sleeps = false}>,
    implementation<"mutex.ttas", ttas_mutex, "test-and-test-and-set spin lock, bounded exponential backoff",
                   mutex_properties{.fifo = false, .starvation_free = false,
                                    .try_lock_may_fail_spuriously = false, .sleeps = false}>,
    implementation<"mutex.ticket", ticket_mutex, "ticket lock: FIFO, spins on one shared counter",
                   mutex_properties{.fifo = true, .starvation_free = true,
                                    .try_lock_may_fail_spuriously = false, .sleeps = false}>,
    implementation<"mutex.ticket_futex", ticket_futex_mutex,
                   "ticket lock whose waiters sleep on the display word: FIFO, bounded spin before sleeping",
                   mutex_properties{.fifo = true, .starvation_free = true,
                                    .try_lock_may_fail_spuriously = false, .sleeps = true}>,
    implementation<"mutex.mcs", mcs_mutex, "MCS queue lock (K42 form): FIFO, each waiter spins on its own node",
                   mutex_properties{.fifo = true, .starvation_free = true,
                                    .try_lock_may_fail_spuriously = false, .sleeps = false}>,
    implementation<"mutex.futex", futex_mutex, "three-state futex mutex (Drepper), yields to the owner before sleeping",
                   mutex_properties{.fifo = false, .starvation_free = false,
                                    .try_lock_may_fail_spuriously = false, .sleeps = true}>,
    implementation<"mutex.robust", robust_mutex,
                   "robust futex mutex: owner id in the word, a dead owner's lock taken over (owner_died)",
                   mutex_properties{.fifo = false, .starvation_free = false,
                                    .try_lock_may_fail_spuriously = false, .sleeps = true, .robust = true}>,
    implementation<"mutex.std", std_mutex, "std::mutex (glibc pthread mutex) behind the same interface",
                   mutex_properties{.fifo = false, .starvation_free = false,
                                    .try_lock_may_fail_spuriously = true, .sleeps = true}>>;

}  // namespace synclab
