// The mutants of the condition-variable family (see ../mutants.hpp for what a
// mutant is and who runs it).
//
// condvar.futex with its sleeper announcement (site::announce) or the
// notifier's look at it (site::observe) relaxed: the C++ memory model needs
// both seq_cst (Dekker's store-load pattern, see futex_condvar.hpp), and
// Relacy shows it (DEADLOCK in notify_all, 2 threads, full search, iteration
// 1852: the waiter's check and the notifier's look both read the old values).
// No stress expectation for them: TSan does not model the orders of atomics
// among themselves, and x86 makes every locked read-modify-write a full
// barrier. (By the standard, semaphore.futex and mutex.ticket_futex differ:
// they recheck with a read-modify-write, whose release sequence orders the
// announcement before the releaser's look, so there a relaxed announce or
// observe is not a bug.)
//
// condvar.futex~if-not-while's stress expectation is not asserted: the
// blocking queue's checksum catches it in 7 of 8 runs of 2 s with 2 threads.
#pragma once

#include "../mutants.hpp"
#include "registry.hpp"

namespace synclab {

template <fixed_string Id, class Fault, fixed_string Description, mutant_expectations Expect>
using condvar_mutant = mutant<Id, Fault, Description, Expect, condvar_registry>;

using condvar_mutants = registry<
    condvar_mutant<"condvar.futex~missing-wake", skip_at<site::wake>,
                   "futex condition variable whose notify advances the word but never wakes a sleeper",
                   mutant_expectations{model_verdict::lost_wake_up, stress_verdict::hang, property_verdict::hang}>,
    condvar_mutant<"condvar.ticket~missing-wake", skip_at<site::wake>,
                   "FIFO condition variable whose notify hands the notification to a sleeping waiter but never "
                   "wakes it",
                   mutant_expectations{model_verdict::lost_wake_up, stress_verdict::hang, property_verdict::hang}>,
    condvar_mutant<"condvar.spin~lost-notify", skip_at<site::notify>,
                   "spinning condition variable whose notify does not advance the word (waiters spin forever)",
                   mutant_expectations{model_verdict::livelock, stress_verdict::hang, property_verdict::hang}>,
    condvar_mutant<"condvar.ticket~no-pass-through", skip_at<site::hand_off>,
                   "FIFO condition variable whose notified waiter leaves without passing through the guard "
                   "(its node may still be in use by the notifier)",
                   mutant_expectations{model_verdict::use_after_free, stress_verdict::data_race}>,
    condvar_mutant<"condvar.futex~if-not-while", once_at<site::sleep>,
                   "futex condition variable whose predicate wait checks once (`if` instead of `while`): a "
                   "spurious wake-up or another waiter's notification returns with the predicate false",
                   mutant_expectations{model_verdict::assertion, stress_verdict::not_asserted, property_verdict::violation}>,
    condvar_mutant<"condvar.futex~relaxed-announce", relax_at<site::announce>,
                   "futex condition variable whose sleeper announcement is relaxed instead of seq_cst "
                   "(Dekker's store-load pair broken: waiter and notifier both read the old values)",
                   mutant_expectations{model_verdict::lost_wake_up, stress_verdict::not_asserted}>,
    condvar_mutant<"condvar.futex~relaxed-observe", relax_at<site::observe>,
                   "futex condition variable whose notifier reads the sleeper count relaxed instead of seq_cst "
                   "(Dekker's store-load pair broken)",
                   mutant_expectations{model_verdict::lost_wake_up, stress_verdict::not_asserted}>>;

}  // namespace synclab
