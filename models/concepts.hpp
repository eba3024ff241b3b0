// What `synclab_model` can check, concept by concept. A concept of the model
// layer is its registry (every implementation, iterated: adding one is one
// registry line), its broken variants (each with the verdict Relacy must
// give, and for the newer concepts the suite that must catch it), its suites,
// and its default plan: the struct <name>_concept at the end of
// models/<name>_suites.hpp. The list of them, `concepts`, is generated from
// primitives/concepts.tsv (synclab/model_concepts.hpp). The command line, the
// dispatch and the generated CTest tests iterate `concepts`; nothing names an
// implementation.
#pragma once

#include "synclab/model_concepts.hpp"

namespace synclab::models {

// The verdict a broken entry must get (its family's mutant list, or the toy's
// caught_by), and the suite (or family) that must catch it; an empty suite:
// the whole default plan (the mutex mutants).
template <class B>
constexpr model_verdict expected_verdict() {
    if constexpr (requires { B::verdict; }) {
        return B::verdict;
    } else {
        return B::expected.model;
    }
}

template <class B>
constexpr std::string_view catching_suite() {
    if constexpr (requires { B::suite; }) {
        return B::suite;
    } else {
        return {};
    }
}

// Calls fn.template operator()<E>() for every entry of the concept: registry
// order, then the broken variants.
template <class Concept, class Fn>
void for_each_entry(Fn&& fn) {
    Concept::implementations::for_each([&]<class E>() { fn.template operator()<E>(); });
    Concept::broken::for_each([&]<class B>() { fn.template operator()<B>(); });
}

// Whether suite S means anything for entry E: a suite may say it applies to
// some entries only (S::applies_to<E>(), e.g. close() to closable queues);
// elsewhere it is not built, planned or listed for them.
template <class E, class S>
constexpr bool applies() {
    if constexpr (requires { S::template applies_to<E>(); }) {
        return S::template applies_to<E>();
    } else {
        return true;
    }
}

// Whether suite S is run for entry E: every suite that applies to it for an
// implementation, only the catching suite (or family) for a broken variant
// that names one.
template <class E, class S>
constexpr bool runs_suite() {
    return applies<E, S>() && selects(catching_suite<E>(), S::family, S::name);
}

}  // namespace synclab::models
