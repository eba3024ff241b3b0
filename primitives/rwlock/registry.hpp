// The reader-writer lock family (the reading room: any number of readers at
// once while nobody writes, a writer alone): every implementation of the
// interface of std::shared_mutex (lock, try_lock, unlock, lock_shared,
// try_lock_shared, unlock_shared), with its expected properties. Adding
// one: write its header (one algorithm, protocol comment first), include it
// here, add one line.
#pragma once

#include "../registry.hpp"
#include "distributed_rwlock.hpp"
#include "futex_rwlock.hpp"
#include "phase_fair_rwlock.hpp"
#include "reader_pref_rwlock.hpp"
#include "std_rwlock.hpp"
#include "task_fair_rwlock.hpp"

namespace synclab {

// Whom the lock lets in first when both sides wait.
enum class rwlock_preference {
    readers,     // a reader enters while readers are inside, even with a writer waiting
    writers,     // a waiting writer keeps new readers out
    phase_fair,  // reader and writer phases alternate (Brandenburg and Anderson)
    task_fair,   // arrival order, readers in a row sharing (Mellor-Crummey and Scott)
};
namespace property_values {
using enum rwlock_preference;  // preference=writers
}

struct rwlock_properties {
    rwlock_preference preference;
    bool readers_starvation_free;  // every waiting reader eventually enters while the lock keeps being released
    bool writers_starvation_free;  // every waiting writer eventually enters while the lock keeps being released
    bool sleeps;                   // waiters block in the kernel rather than spin
    bool try_may_fail_spuriously;  // try_lock / try_lock_shared may fail with the way free (std::shared_mutex may)
};

// As `synclab list` shows them (registry.hpp, property_flag).
inline std::vector<property_flag> property_flags(const rwlock_properties& p) {
    return {{"reader-preference", p.preference == rwlock_preference::readers},
            {"writer-preference", p.preference == rwlock_preference::writers},
            {"phase-fair", p.preference == rwlock_preference::phase_fair},
            {"task-fair", p.preference == rwlock_preference::task_fair},
            {"readers-starvation-free", p.readers_starvation_free},
            {"writers-starvation-free", p.writers_starvation_free},
            {"sleeps", p.sleeps},
            {"spurious-try", p.try_may_fail_spuriously}};
}

using rwlock_registry = registry<
    implementation<"rwlock.reader_pref", reader_pref_rwlock,
                   "reader-preference counter lock, one word, spinning: writers can starve",
                   rwlock_properties{.preference = rwlock_preference::readers, .readers_starvation_free = true,
                                     .writers_starvation_free = false, .sleeps = false,
                                     .try_may_fail_spuriously = false}>,
    implementation<"rwlock.phase_fair", phase_fair_rwlock,
                   "phase-fair ticket lock (Brandenburg and Anderson's PF-T): phases alternate, nobody starves",
                   rwlock_properties{.preference = rwlock_preference::phase_fair, .readers_starvation_free = true,
                                     .writers_starvation_free = true, .sleeps = false,
                                     .try_may_fail_spuriously = false}>,
    implementation<"rwlock.task_fair", task_fair_rwlock,
                   "FIFO queue lock (Mellor-Crummey and Scott's fair MCS-RW, nodes retired at entry as in K42): "
                   "arrival order, readers in a row together, each waiter spinning on its own node",
                   rwlock_properties{.preference = rwlock_preference::task_fair, .readers_starvation_free = true,
                                     .writers_starvation_free = true, .sleeps = false,
                                     .try_may_fail_spuriously = true}>,
    implementation<"rwlock.futex", futex_rwlock,
                   "one futex word, writers preferred, readers and writers sleeping on separate words",
                   rwlock_properties{.preference = rwlock_preference::writers, .readers_starvation_free = false,
                                     .writers_starvation_free = false, .sleeps = true,
                                     .try_may_fail_spuriously = false}>,
    implementation<"rwlock.distributed", distributed_rwlock,
                   "per-slot reader indicators (big-reader lock): a reader touches its own line, a writer drains "
                   "every slot; writers preferred, spinning",
                   rwlock_properties{.preference = rwlock_preference::writers, .readers_starvation_free = false,
                                     .writers_starvation_free = false, .sleeps = false,
                                     .try_may_fail_spuriously = true}>,
    implementation<"rwlock.std", std_rwlock, "std::shared_mutex (glibc pthread_rwlock_t, readers preferred)",
                   rwlock_properties{.preference = rwlock_preference::readers, .readers_starvation_free = false,
                                     .writers_starvation_free = false, .sleeps = true,
                                     .try_may_fail_spuriously = true}>>;

}  // namespace synclab
