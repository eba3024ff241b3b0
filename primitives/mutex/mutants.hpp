// The mutants of the mutex family: deliberately broken variants, each a
// registered template instantiated with one fault policy (see fault.hpp), with
// the failure each checker must report for it. Every checker that runs mutants
// iterates this one list: the Relacy models (`synclab check ID`), the TSan
// stress harness, and `synclab list --mutants`.
//
// A mutant also keeps a proof: a weakened order that Relacy fails on is an
// order the primitive needs. Not here: mutex.mcs relaxed at site::link or
// site::retire. Relacy passes both (2 threads full search to its cap, 3
// bounded, 4 random): it places every store last in its location's
// modification order, and those two orders exist to constrain exactly that
// order between two stores (see mcs_mutex.hpp).
#pragma once

#include <string_view>

#include "registry.hpp"

namespace synclab {

// What the Relacy model check must report.
enum class model_verdict { data_race, deadlock };

// What the TSan stress harness must report; not_asserted where a run on real
// hardware is not expected to show the bug reliably within its short budget.
enum class stress_verdict { not_asserted, data_race, hang };

struct mutant_expectations {
    model_verdict model;
    stress_verdict stress;
};

// mutant<"BASE~NAME", fault policy, description, expectations>: BASE must be a
// registry id (a mutant cannot outlive the implementation it breaks).
template <fixed_string Id, class Fault, fixed_string Description, mutant_expectations Expect, class Registry>
struct mutant {
    static constexpr std::string_view id = Id;
    static_assert(id.find('~') != std::string_view::npos, "a mutant id is BASE~NAME");
    static constexpr std::string_view base_id = id.substr(0, id.find('~'));
    static_assert(Registry::index_of(base_id) < Registry::size, "a mutant names an id that is not in the registry");
    using base = typename Registry::template at<Registry::index_of(base_id)>;

    static constexpr std::string_view description = Description;
    static constexpr auto properties = base::properties;
    static constexpr mutant_expectations expected = Expect;

    // As a registry entry's type, with the fault policy fixed.
    template <class P, class = faithful>
    using type = typename base::template type<P, Fault>;
};

template <fixed_string Id, class Fault, fixed_string Description, mutant_expectations Expect>
using mutex_mutant = mutant<Id, Fault, Description, Expect, mutex_registry>;

constexpr mutant_expectations data_race_everywhere{model_verdict::data_race, stress_verdict::data_race};

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
    mutex_mutant<"mutex.mcs~relaxed-hand-off", relax_at<site::hand_off>,
                 "MCS lock whose hand-off to the successor is relaxed instead of release", data_race_everywhere>,
    mutex_mutant<"mutex.mcs~relaxed-unlock", relax_at<site::unlock>,
                 "MCS lock whose unlock CAS (no successor) is relaxed instead of release", data_race_everywhere>>;

}  // namespace synclab
