// The mutants of the condition-variable family (see ../mutants.hpp for what a
// mutant is and who runs it).
//
// Not here, and why: condvar.futex with its sleeper announcement (site::
// announce) or the notifier's look at it (site::observe) relaxed. The C++
// memory model needs both seq_cst (Dekker's store-load pattern, see
// futex_condvar.hpp), but Relacy's futex model fences before its compare more
// strongly than the standard does, x86 makes every locked read-modify-write a
// full barrier, and TSan does not model the orders of atomics among
// themselves: no checker here can show them broken.
#pragma once

#include "../mutants.hpp"
#include "registry.hpp"

namespace synclab {

template <fixed_string Id, class Fault, fixed_string Description, mutant_expectations Expect>
using condvar_mutant = mutant<Id, Fault, Description, Expect, condvar_registry>;

using condvar_mutants = registry<
    condvar_mutant<"condvar.futex~missing-wake", skip_at<site::wake>,
                   "futex condition variable whose notify advances the word but never wakes a sleeper",
                   mutant_expectations{model_verdict::deadlock, stress_verdict::hang}>,
    condvar_mutant<"condvar.ticket~missing-wake", skip_at<site::wake>,
                   "FIFO condition variable whose notify hands the notification to a sleeping waiter but never "
                   "wakes it",
                   mutant_expectations{model_verdict::deadlock, stress_verdict::hang}>,
    condvar_mutant<"condvar.spin~lost-notify", skip_at<site::notify>,
                   "spinning condition variable whose notify does not advance the word (waiters spin forever)",
                   mutant_expectations{model_verdict::livelock, stress_verdict::hang}>,
    condvar_mutant<"condvar.ticket~no-pass-through", skip_at<site::hand_off>,
                   "FIFO condition variable whose notified waiter leaves without passing through the guard "
                   "(its node may still be in use by the notifier)",
                   mutant_expectations{model_verdict::use_after_free, stress_verdict::data_race}>>;

}  // namespace synclab
