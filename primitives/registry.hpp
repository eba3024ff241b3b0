// The registry machinery: each concept keeps one list of its implementations
// (see mutex/registry.hpp). Every checker, the benchmarks and `synclab list`
// iterate that list, so adding an implementation is one header and one line.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "fault.hpp"

namespace synclab {

// A string usable as a template argument.
template <std::size_t N>
struct fixed_string {
    char text[N]{};
    constexpr fixed_string(const char (&s)[N]) { std::copy_n(s, N, text); }
    constexpr operator std::string_view() const { return {text, N - 1}; }
};

// One registered implementation: a stable id, a one-line description, the
// expected properties (a concept-specific structural type), and the class
// template itself, over a platform P and a fault policy F.
template <fixed_string Id, template <class, class> class Impl, fixed_string Description, auto Properties>
struct implementation {
    static constexpr std::string_view id = Id;
    static constexpr std::string_view description = Description;
    static constexpr auto properties = Properties;
    template <class P, class F = faithful>
    using type = Impl<P, F>;
};

template <class... Entries>
struct registry {
    static constexpr std::size_t size = sizeof...(Entries);

    // Calls fn.template operator()<Entry>() for each entry, in order.
    template <class Fn>
    static constexpr void for_each(Fn&& fn) {
        (fn.template operator()<Entries>(), ...);
    }

    static constexpr bool contains(std::string_view id) { return ((Entries::id == id) || ...); }

    // The position of the entry with this id; size when there is none.
    static constexpr std::size_t index_of(std::string_view id) {
        std::size_t i = 0, found = size;
        ((found == size && Entries::id == id ? found = i : 0, ++i), ...);
        return found;
    }

    // The entry at position I (use with index_of to name an entry at compile time).
    template <std::size_t I>
    using at = std::tuple_element_t<I, std::tuple<Entries...>>;

    // Calls fn.template operator()<Entry>() for the entry with this id; false
    // when there is none (the caller then lists known_ids()).
    template <class Fn>
    static bool visit(std::string_view id, Fn&& fn) {
        bool found = false;
        for_each([&]<class E>() {
            if (E::id == id) {
                found = true;
                fn.template operator()<E>();
            }
        });
        return found;
    }

    // "a, b, c": for error messages that name what would have been accepted.
    static std::string known_ids() {
        std::string s;
        for_each([&]<class E>() {
            if (!s.empty()) s += ", ";
            s += E::id;
        });
        return s;
    }
};

// One concept of the list (primitives/concepts.tsv, generated into
// synclab/concepts.hpp as synclab::concepts): its name, its registry, its
// mutants, and the room it is.
template <fixed_string Name, class Registry, class Mutants, fixed_string Room>
struct concept_entry {
    static constexpr std::string_view name = Name;
    static constexpr std::string_view room = Room;
    using implementations = Registry;
    using mutants = Mutants;
};

// A list of concepts, walked in order: for_each calls
// fn.template operator()<Concept>() for each.
template <class... Concepts>
struct concept_list {
    static constexpr std::size_t size = sizeof...(Concepts);
    template <class Fn>
    static void for_each(Fn&& fn) {
        (fn.template operator()<Concepts>(), ...);
    }
};

// A property, as `synclab list` and synclab_info show it: its name and
// whether the entry has it. Each concept's registry.hpp gives
// property_flags(its properties), the list of them.
// The values a property field may take by a bare name where a user declares
// one (synclab_add_primitive's PROPERTIES field=value, --properties): each
// concept's registry brings its enumerations in with `using enum`, so
// `preference=writers` means rwlock_preference::writers.
namespace property_values {}

struct property_flag {
    std::string name;
    bool on;
};

}  // namespace synclab
