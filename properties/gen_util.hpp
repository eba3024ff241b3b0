// Generators that shrink the way the counterexamples should read.
// rapidcheck's gen::element and gen::weightedOneOf never shrink (they pick an
// element and keep it); these pick by an index that shrinks towards 0, so a
// failing case moves towards the first alternative. The index is drawn at
// full size: gen::inRange scales its range with rapidcheck's size, which
// would make the early cases of a run take only the first alternative.
#pragma once

#include <array>
#include <cstddef>
#include <utility>

#include <rapidcheck.h>

namespace synclab::properties {

// An index in 0..n-1, uniform whatever the size, shrinking towards 0.
inline rc::Gen<std::size_t> full_range_index(std::size_t n) {
    return rc::gen::resize(rc::kNominalSize, rc::gen::inRange<std::size_t>(0, n));
}

// One of the values, shrinking towards the first.
template <class T, class... Ts>
rc::Gen<T> shrinking_element(T first, Ts... rest) {
    const std::array<T, 1 + sizeof...(Ts)> values{first, static_cast<T>(rest)...};
    return rc::gen::map(full_range_index(values.size()), [values](std::size_t i) { return values[i]; });
}

// A value of `usual` with weight `weight_usual`, otherwise one of `other`
// (weight 1); shrinks towards `usual`.
template <class T>
rc::Gen<T> mostly(rc::Gen<T> usual, std::size_t weight_usual, rc::Gen<T> other) {
    return rc::gen::mapcat(full_range_index(weight_usual + 1),
                           [usual, weight_usual, other](std::size_t i) { return i < weight_usual ? usual : other; });
}
template <class T>
rc::Gen<T> mostly(T value, std::size_t weight_value, rc::Gen<T> other) {
    return mostly(rc::gen::just(value), weight_value, std::move(other));
}

}  // namespace synclab::properties
