// The mutants of the condition-variable family that the stress harness runs.
//
// They belong in primitives/condvar/mutants.hpp, shared with the model checker
// as primitives/mutex/mutants.hpp and primitives/semaphore/mutants.hpp are
// (one list for every checker). Until that file exists this is a local list,
// with the stress expectations measured here; once it exists (as
// `synclab::condvar_mutants`) it replaces this one by itself.
#pragma once

#include "primitives/condvar/registry.hpp"
#include "primitives/mutants.hpp"
#include "primitives/registry.hpp"

#if __has_include("primitives/condvar/mutants.hpp")
#include "primitives/condvar/mutants.hpp"
#endif

namespace synclab::stress {

#if __has_include("primitives/condvar/mutants.hpp")

using condvar_mutants = synclab::condvar_mutants;

#else

template <fixed_string Id, class Fault, fixed_string Description, mutant_expectations Expect>
using condvar_mutant = mutant<Id, Fault, Description, Expect, condvar_registry>;

inline constexpr mutant_expectations lost_notification{model_verdict::deadlock, stress_verdict::hang};

// Not here: condvar.futex with its sleeper announcement (site::announce) or
// the notifier's look at it (site::observe) relaxed, a store-load pair that
// x86 (a locked read-modify-write is a full barrier) and TSan (which does not
// model the orders of atomics among themselves) cannot show broken.
using condvar_mutants = registry<
    condvar_mutant<"condvar.futex~missing-wake", skip_at<site::wake>,
                   "futex condition variable whose notify advances the word but never wakes a sleeper",
                   lost_notification>,
    condvar_mutant<"condvar.ticket~missing-wake", skip_at<site::wake>,
                   "FIFO condition variable whose notify hands the notification to a sleeping waiter but never "
                   "wakes it",
                   lost_notification>,
    condvar_mutant<"condvar.spin~lost-notify", skip_at<site::notify>,
                   "spinning condition variable whose notify does not advance the word", lost_notification>,
    condvar_mutant<"condvar.ticket~no-pass-through", skip_at<site::hand_off>,
                   "FIFO condition variable whose notified waiter leaves without passing through the guard "
                   "(its node may still be in use by the notifier)",
                   data_race_everywhere>>;

#endif

}  // namespace synclab::stress
