// What every Relacy suite of this layer shares: the platform, the operations
// per thread, and how suites are named and listed.
//
// A suite is an rl::test_suite over a checkable C (C::type, C::properties) and
// a thread count N; Relacy runs before(), the N thread() bodies under its
// scheduler, then after(). Plain data the threads share is rl::var (or the
// seam's P::plain): two accesses not ordered by happens-before are a DATA
// RACE. Deadlock (every thread blocked, e.g. a lost wake-up) and livelock (a
// spin that never ends) Relacy reports itself; spin-waits in suites call
// spin_pause(), which is rl::yield, for that reason.
#pragma once

#include "models/model.hpp"

namespace synclab::models {

// Operations per thread (each suite says what one operation is): set by the
// runner before a simulation, constant during it (the schedulers need every
// iteration to be deterministic).
inline int ops_per_thread = 2;

// The suites' per-thread tables are sized for the most a command line accepts.
constexpr int max_ops = 16;
constexpr int max_threads = 4;

using P = platform::relacy;

// Relacy's three schedulers, as the command line names them.
enum class search { full, bound, random };

constexpr const char* to_string(search s) {
    switch (s) {
    case search::full: return "full";
    case search::bound: return "bound";
    case search::random: return "random";
    }
    return "?";
}

// One thing to check: a registry entry, or a broken variant of the same shape,
// instantiated on Relacy.
template <class Entry>
struct checkable {
    using type = typename Entry::template type<P>;
    static constexpr auto properties = Entry::properties;
    static constexpr std::string_view id = Entry::id;
};

// A suite as the command line, the progress lines and replay tokens name it.
// `family` groups the instances of one suite template (the condition-variable
// buffer runs once with each mutex: family "buffer", names "buffer@mutex.tas",
// ...); --suite and a mutant's catching suite accept either. For a suite that
// is one instance, family == name. `runs_under(kind)`: whether the suite is
// built (and planned) for that search kind; a suite whose full search does not
// end for any implementation is left out of it, which saves its build.
template <template <class, rl::thread_id_t> class S, fixed_string Name>
struct suite {
    template <class C, rl::thread_id_t N>
    using type = S<C, N>;
    static constexpr std::string_view family = Name;
    static constexpr std::string_view name = Name;
    static constexpr bool runs_under(search) { return true; }
};

// "family@id" at compile time, for suites instantiated once per registry entry.
template <fixed_string Family, class Entry>
struct joined_name {
    static constexpr std::string_view family = Family;
    static constexpr std::size_t size = family.size() + 1 + Entry::id.size();
    static constexpr std::array<char, size> text = [] {
        std::array<char, size> s{};
        std::size_t at = 0;
        for (char c : family) s[at++] = c;
        s[at++] = '@';
        for (char c : Entry::id) s[at++] = c;
        return s;
    }();
    static constexpr std::string_view value{text.data(), text.size()};
};

// True when a suite named `name` of family `family` belongs to `selector` (a
// name or a family; empty selects every suite).
constexpr bool selects(std::string_view selector, std::string_view family, std::string_view name) {
    return selector.empty() || selector == name || selector == family;
}

template <class... Suites>
struct suite_list {
    static constexpr std::size_t size = sizeof...(Suites);
    static constexpr std::string_view names[] = {Suites::name...};
    static constexpr std::string_view families[] = {Suites::family...};
    static constexpr bool runs_under(std::size_t s, search kind) {
        const bool runs[] = {Suites::runs_under(kind)...};
        return runs[s];
    }

    template <class Fn>
    static void for_each(Fn&& fn) {
        (fn.template operator()<Suites>(), ...);
    }

    // Whether `selector` names a suite or a family of this list.
    static constexpr bool knows(std::string_view selector) {
        return ((selector == Suites::name || selector == Suites::family) || ...);
    }

    // "a b c": the names and families --suite accepts, for error messages.
    static std::string spelled() {
        std::vector<std::string_view> seen;
        std::string s;
        auto add = [&](std::string_view n) {
            if (std::find(seen.begin(), seen.end(), n) != seen.end()) return;
            seen.push_back(n);
            s += s.empty() ? "" : " ";
            s += n;
        };
        ((add(Suites::family), add(Suites::name)), ...);
        return s;
    }
};

// suite_list<A..., B...> from suite_list<A...> and suite_list<B...>.
template <class L1, class L2>
struct concat_suites;
template <class... A, class... B>
struct concat_suites<suite_list<A...>, suite_list<B...>> {
    using type = suite_list<A..., B...>;
};

}  // namespace synclab::models
