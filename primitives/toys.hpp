// Toys: broken stand-ins written by hand, for bugs no fault policy can make (a
// wrong decision rather than a wrong order: a check-then-act, a wake of one
// where all must wake, a LIFO where FIFO is promised). They exist only to be
// caught: each one shows that a check of some layer can fail. Every concept
// keeps its toys in one header, primitives/<c>/toys.hpp, beside its mutants
// (mutants.hpp, the broken variants a fault policy makes); each layer takes
// the toys it runs from there:
//
//   the model layer   <c>_toys: caught_by<entry, SUITE, VERDICT> entries, run
//                     in the one suite (or suite family) that must catch them
//                     with that Relacy verdict (CTest model.mutant.<id>)
//   the stress layer  <c>_selftests: entries whose properties say which of the
//                     harness's own checks must fail (selftest_verdict)
//   the property layer the can-fail tests instantiate the toys by name, over
//                     the native platform (properties/can_fail_test.cpp)
//
// A toy is a class template over the platform P and the fault policy F like
// every implementation (F unused), so any layer can instantiate it.
#pragma once

#include <string_view>

#include "mutants.hpp"
#include "registry.hpp"

namespace synclab {

// registry<A..., B...> from registry<A...> and registry<B...>.
template <class R1, class R2>
struct concat_registries;
template <class... A, class... B>
struct concat_registries<registry<A...>, registry<B...>> {
    using type = registry<A..., B...>;
};

// A toy the model layer must catch in suite (or suite family) Suite with
// Verdict. Entry gives id, description, properties and type<P, F>.
template <class Entry, fixed_string Suite, model_verdict Verdict>
struct caught_by : Entry {
    static constexpr std::string_view suite = Suite;
    static constexpr model_verdict verdict = Verdict;
};

// Which of the stress harness's own checks a self-test toy must fail:
// exclusion (the owner count and the plain counter of a lock), holders (the
// locker room's count of holders against its permits), hang (the watchdog),
// known_hang (the watchdog, naming the known defect the entry declares:
// loses_wake_ups).
enum class selftest_verdict { exclusion, holders, hang, known_hang };

// Spelled as the stress binary's --list-mutants prints it.
constexpr const char* spelled(selftest_verdict v) {
    switch (v) {
    case selftest_verdict::exclusion: return "exclusion";
    case selftest_verdict::holders: return "holders";
    case selftest_verdict::hang: return "hang";
    case selftest_verdict::known_hang: return "known-hang";
    }
    return "?";
}

// A self-test toy's properties, as a registry entry holds them.
struct selftest_properties {
    selftest_verdict expect;
    bool loses_wake_ups = false;  // declares the known defect (as semaphore_properties does)
};

}  // namespace synclab
