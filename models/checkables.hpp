// What `synclab_model` can check: every entry of synclab::mutex_registry, then
// every mutant of synclab::mutex_mutants (primitives/mutex/mutants.hpp), each
// under the Relacy binding of the seam. The CTest tests `model.mutant.<id>`
// check that each mutant gets the model verdict the mutant list states.
#pragma once

#include "models/model.hpp"

namespace synclab::models {

// One thing to check: a registry entry (or a mutant, which has the same shape)
// instantiated on Relacy.
template <class Entry>
struct checkable {
    using mutex = typename Entry::template type<platform::relacy>;
    static constexpr auto properties = Entry::properties;
    static std::string id() { return std::string(Entry::id); }
};

// The verdict a mutant must get, spelled as --expect accepts it (Relacy's
// verdict with '_' for ' ').
constexpr const char* spelled(model_verdict v) {
    switch (v) {
    case model_verdict::data_race: return "DATA_RACE";
    case model_verdict::deadlock: return "DEADLOCK";
    }
    return "?";
}

// Calls fn.template operator()<C>() for every checkable: registry order, then
// the mutants of primitives/mutex/mutants.hpp.
template <class Fn>
void for_each_checkable(Fn&& fn) {
    mutex_registry::for_each([&]<class Entry>() { fn.template operator()<checkable<Entry>>(); });
    mutex_mutants::for_each([&]<class Entry>() { fn.template operator()<checkable<Entry>>(); });
}

}  // namespace synclab::models
