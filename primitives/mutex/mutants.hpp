// The mutants of the mutex family (see ../mutants.hpp for what a mutant is and
// who runs it).
//
// A mutant also keeps a proof: a weakened order that Relacy fails on is an
// order the primitive needs. Not here: mutex.mcs relaxed at site::link or
// site::retire. Relacy passes both (2 threads full search to its cap, 3
// bounded, 4 random): it places every store last in its location's
// modification order, and those two orders exist to constrain exactly that
// order between two stores (see mcs_mutex.hpp).
#pragma once

#include "../mutants.hpp"
#include "registry.hpp"

namespace synclab {

template <fixed_string Id, class Fault, fixed_string Description, mutant_expectations Expect>
using mutex_mutant = mutant<Id, Fault, Description, Expect, mutex_registry>;

using mutex_mutants = registry<
    mutex_mutant<"mutex.ticket~relaxed-unlock", relax_at<site::unlock>,
                 "ticket lock whose unlock store is relaxed instead of release", data_race_everywhere>,
    mutex_mutant<"mutex.ticket~relaxed-spin-wait", relax_at<site::spin_wait>,
                 "ticket lock whose waiters read now_serving_ relaxed instead of acquire", data_race_everywhere>,
    mutex_mutant<"mutex.tas~relaxed-unlock", relax_at<site::unlock>,
                 "test-and-set lock whose unlock store is relaxed instead of release", data_race_everywhere>,
    mutex_mutant<"mutex.tas~relaxed-lock", relax_at<site::lock>,
                 "test-and-set lock whose lock exchange is relaxed instead of acquire", data_race_everywhere>,
    mutex_mutant<"mutex.ttas~relaxed-unlock", relax_at<site::unlock>,
                 "test-and-test-and-set lock whose unlock store is relaxed", data_race_everywhere>,
    mutex_mutant<"mutex.ttas~relaxed-lock", relax_at<site::lock>,
                 "test-and-test-and-set lock whose lock exchange is relaxed", data_race_everywhere>,
    mutex_mutant<"mutex.futex~relaxed-unlock", relax_at<site::unlock>,
                 "futex mutex whose unlock exchange is relaxed instead of release", data_race_everywhere>,
    mutex_mutant<"mutex.futex~relaxed-lock", relax_at<site::lock>,
                 "futex mutex whose lock CAS/exchange is relaxed instead of acquire", data_race_everywhere>,
    mutex_mutant<"mutex.futex~missing-wake", skip_at<site::wake>, "futex mutex whose unlock never wakes a sleeper",
                 mutant_expectations{model_verdict::deadlock, stress_verdict::hang}>,
    mutex_mutant<"mutex.ticket_futex~relaxed-unlock", relax_at<site::unlock>,
                 "sleeping ticket lock whose display increment is relaxed instead of seq_cst (no release)",
                 data_race_everywhere>,
    mutex_mutant<"mutex.ticket_futex~missing-wake", skip_at<site::wake>,
                 "sleeping ticket lock whose unlock never wakes the sleepers",
                 mutant_expectations{model_verdict::deadlock, stress_verdict::hang}>,
    mutex_mutant<"mutex.mcs~relaxed-hand-off", relax_at<site::hand_off>,
                 "MCS lock whose hand-off to the successor is relaxed instead of release", data_race_everywhere>,
    mutex_mutant<"mutex.mcs~relaxed-unlock", relax_at<site::unlock>,
                 "MCS lock whose unlock CAS (no successor) is relaxed instead of release", data_race_everywhere>>;

}  // namespace synclab
