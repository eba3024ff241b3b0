// What `synclab_model` can check: every entry of synclab::mutex_registry, then
// the mutants below (the same templates with a fault policy), each under the
// Relacy binding of the seam.
//
// A mutant names its base by registry id, so it takes the base's template and
// expected properties from the registry and cannot outlive it: a mutant of an id
// that is no longer registered does not compile. Each mutant also states the
// verdict Relacy must give it; the CTest tests `model.mutant.<id>` check that.
#pragma once

#include "models/model.hpp"

namespace synclab::models {

// The registry entry with the given id (a compile error if there is none).
template <class Registry, fixed_string Id>
struct find_entry;

template <class... Entries, fixed_string Id>
struct find_entry<registry<Entries...>, Id> {
    static constexpr std::size_t index = [] {
        std::size_t i = 0, found = sizeof...(Entries);
        ((Entries::id == std::string_view(Id) && found == sizeof...(Entries) ? (found = i, ++i) : ++i), ...);
        return found;
    }();
    static_assert(index < sizeof...(Entries), "a mutant names an id that is not in the registry");
    using type = std::tuple_element_t<index, std::tuple<Entries...>>;
};

// One thing to check: a registry entry instantiated on Relacy with a fault policy.
template <class Entry, class Fault = faithful, fixed_string Name = "", fixed_string Expect = "">
struct checkable {
    using mutex = typename Entry::template type<platform::relacy, Fault>;
    static constexpr auto properties = Entry::properties;
    static constexpr std::string_view base_id = Entry::id;
    static constexpr std::string_view mutant_name = Name;  // empty for the faithful instantiation
    static constexpr std::string_view expected_verdict = Expect;  // a mutant's expected Relacy verdict

    static std::string id() {
        std::string s(base_id);
        if (!mutant_name.empty()) s.append("~").append(mutant_name);
        return s;
    }
};

// mutant<base id, fault policy, name, expected verdict>: id "<base id>~<name>".
template <fixed_string Base, class Fault, fixed_string Name, fixed_string Expect>
using mutant = checkable<typename find_entry<mutex_registry, Base>::type, Fault, Name, Expect>;

template <class... Checkables>
struct checkable_list {
    template <class Fn>
    static void for_each(Fn&& fn) {
        (fn.template operator()<Checkables>(), ...);
    }
};

// The internal mutant list (a later zoo grows it). The verdict is the spelling
// --expect accepts: Relacy's verdict with '_' for ' '.
// Besides showing that the checker can fail, each keeps the proof that an order
// in a primitive is needed: weaken it and Relacy finds the failure.
// Not here: mutex.mcs relaxed at site::link or site::retire. Relacy passes both
// (2 threads full search to its cap, 3 bounded, 4 random): it places every
// store last in its location's modification order, and those two orders exist
// to constrain exactly that order between two stores (see mcs_mutex.hpp).
using mutex_mutants = checkable_list<
    mutant<"mutex.ticket", relax_at<site::unlock>, "relaxed-unlock", "DATA_RACE">,
    mutant<"mutex.ticket", relax_at<site::spin_wait>, "relaxed-spin-wait", "DATA_RACE">,
    mutant<"mutex.tas", relax_at<site::unlock>, "relaxed-unlock", "DATA_RACE">,
    mutant<"mutex.tas", relax_at<site::lock>, "relaxed-lock", "DATA_RACE">,
    mutant<"mutex.ttas", relax_at<site::unlock>, "relaxed-unlock", "DATA_RACE">,
    mutant<"mutex.ttas", relax_at<site::lock>, "relaxed-lock", "DATA_RACE">,
    mutant<"mutex.futex", relax_at<site::unlock>, "relaxed-unlock", "DATA_RACE">,
    mutant<"mutex.futex", relax_at<site::lock>, "relaxed-lock", "DATA_RACE">,
    mutant<"mutex.futex", skip_at<site::wake>, "missing-wake", "DEADLOCK">,
    mutant<"mutex.mcs", relax_at<site::hand_off>, "relaxed-hand-off", "DATA_RACE">,
    mutant<"mutex.mcs", relax_at<site::unlock>, "relaxed-unlock", "DATA_RACE">>;

// Calls fn.template operator()<C>() for every checkable: registry order, then mutants.
template <class Fn>
void for_each_checkable(Fn&& fn) {
    mutex_registry::for_each([&]<class Entry>() { fn.template operator()<checkable<Entry>>(); });
    mutex_mutants::for_each(fn);
}

}  // namespace synclab::models
