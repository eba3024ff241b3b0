// The condition-variable family (the waiting room): every implementation of
// the interface of std::condition_variable_any (wait(lock), wait(lock, pred),
// wait_for, wait_until, notify_one, notify_all), usable with every Lockable of
// the mutex registry, with its expected properties. Adding one: write its
// header (one algorithm, protocol comment first), include it here, add one line.
#pragma once

#include "../registry.hpp"
#include "futex_condvar.hpp"
#include "spin_condvar.hpp"
#include "std_condvar.hpp"
#include "ticket_condvar.hpp"

namespace synclab {

struct condvar_properties {
    bool fifo;             // notify_one wakes the longest waiter
    bool starvation_free;  // a waiter is eventually woken while notify_one keeps being called
    bool sleeps;           // waiters block in the kernel rather than spin
};

// As `synclab list` shows them (registry.hpp, property_flag).
inline std::vector<property_flag> property_flags(const condvar_properties& p) {
    return {{"fifo", p.fifo}, {"starvation-free", p.starvation_free}, {"sleeps", p.sleeps}};
}

using condvar_registry = registry<
    implementation<"condvar.futex", futex_condvar,
                   "sequence word waiters sleep on; sleeper count (no syscall without sleepers); bounded spin first",
                   condvar_properties{.fifo = false, .starvation_free = false, .sleeps = true}>,
    implementation<"condvar.ticket", ticket_condvar,
                   "FIFO: a queue of waiter nodes, each with its own futex word; notify_one wakes the longest waiter",
                   condvar_properties{.fifo = true, .starvation_free = true, .sleeps = true}>,
    implementation<"condvar.spin", spin_condvar, "waiters spin on a sequence word until a notify advances it",
                   condvar_properties{.fifo = false, .starvation_free = false, .sleeps = false}>,
    implementation<"condvar.std", std_condvar, "std::condition_variable_any (libstdc++) behind the same interface",
                   condvar_properties{.fifo = false, .starvation_free = false, .sleeps = true}>>;

}  // namespace synclab
