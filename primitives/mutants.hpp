// Mutants: deliberately broken variants of registered implementations, each
// the registered template instantiated with one fault policy (see fault.hpp),
// with the failure each checker must report for it. Each family keeps one
// list (mutex/mutants.hpp, semaphore/mutants.hpp, ...); every checker that runs
// mutants iterates those lists: the Relacy models (`synclab check ID`), the
// TSan stress harness, and `synclab list --mutants`.
#pragma once

#include <cstddef>
#include <string_view>

#include "registry.hpp"

namespace synclab {

// What the Relacy model check must report.
// use_after_free: Relacy's "access to freed memory" (a node touched after
// its owner let it go); assertion: a suite's RL_ASSERT on an invariant failed
// (Relacy's "user assert failed": more holders than permits, items lost).
// lost_wake_up: a deadlock in which a thread sleeps on a futex word that no
// longer holds the value it slept on, and no futex_wake followed the store
// that changed it (the model layer's futex ledger tells it from a plain
// deadlock). A wait on the modelled condition variable (P::condition_variable,
// Relacy's own) is not in that ledger: its lost notification stays a deadlock.
// reused_memory: Relacy's "access to uninitialized variable" where a node was
// read after it was freed and its memory handed out again (Relacy's allocator
// may reuse a freed block at once: it explores both), the same bug as
// use_after_free met one step later.
// exception: an exception left a suite's thread body (models/engine.hpp,
// guarded): a primitive that throws where its contract says it does not.
enum class model_verdict { data_race, deadlock, lost_wake_up, livelock, use_after_free, reused_memory, assertion,
                           exception };

// What the TSan stress harness must report; not_asserted where a run on real
// hardware is not expected to show the bug reliably within its short budget.
// data_race_or_hang: a bug whose run ends either way, by timing (a reader
// let in beside a writer races it, and its exit can throw off the count the
// writer waits on, which then never comes).
enum class stress_verdict { not_asserted, data_race, hang, data_race_or_hang };

// What the rapidcheck property layer must report on real threads: violation
// (a history its checker refutes: an overlap, an item lost or duplicated, a
// sequential model contradicted, a crash), hang (its watchdog: a run that
// does not finish). not_asserted where the bug needs what the hardware here
// does not do (x86 keeps stores in order and gives every load acquire, so a
// weakened order compiles to the same instructions) or a window too rare for
// a short budget; such a mutant is still run, and a catch is still reported.
enum class property_verdict { not_asserted, violation, hang };

struct mutant_expectations {
    model_verdict model;
    stress_verdict stress;
    property_verdict property = property_verdict::not_asserted;
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

// The verdicts as every tool spells them: the model checker's --expect and
// --list-mutants, the stress and property binaries' --list-mutants,
// synclab_info --json and the result lines (tools/results.hpp).
constexpr std::string_view spelled(model_verdict v) {
    switch (v) {
    case model_verdict::data_race: return "DATA_RACE";
    case model_verdict::deadlock: return "DEADLOCK";
    case model_verdict::lost_wake_up: return "LOST_WAKE_UP";
    case model_verdict::livelock: return "LIVELOCK";
    case model_verdict::use_after_free: return "ACCESS_TO_FREED_MEMORY";
    case model_verdict::reused_memory: return "ACCESS_TO_UNINITIALIZED_VARIABLE";
    case model_verdict::assertion: return "USER_ASSERT_FAILED";
    case model_verdict::exception: return "EXCEPTION";
    }
    return "?";
}
constexpr std::string_view spelled(stress_verdict v) {
    switch (v) {
    case stress_verdict::not_asserted: return "not-asserted";
    case stress_verdict::data_race: return "data-race";
    case stress_verdict::hang: return "hang";
    case stress_verdict::data_race_or_hang: return "data-race-or-hang";
    }
    return "?";
}
constexpr std::string_view spelled(property_verdict v) {
    switch (v) {
    case property_verdict::not_asserted: return "not-asserted";
    case property_verdict::violation: return "violation";
    case property_verdict::hang: return "hang";
    }
    return "?";
}

// Every value of each verdict enum, in declaration order.
inline constexpr model_verdict all_model_verdicts[] = {
    model_verdict::data_race,      model_verdict::deadlock,      model_verdict::lost_wake_up, model_verdict::livelock,
    model_verdict::use_after_free, model_verdict::reused_memory, model_verdict::assertion,    model_verdict::exception};
inline constexpr stress_verdict all_stress_verdicts[] = {stress_verdict::not_asserted, stress_verdict::data_race,
                                                         stress_verdict::hang, stress_verdict::data_race_or_hang};
inline constexpr property_verdict all_property_verdicts[] = {
    property_verdict::not_asserted, property_verdict::violation, property_verdict::hang};

// The verdict that spelled() spells `name`, among `all`, for mutants declared
// by name (a user's, through synclab_add_mutant's MODEL, STRESS and PROPERTY
// arguments). A name that is none of them does not compile: the compiler
// points at the throw (spelled() lists the names).
template <class Verdict, std::size_t N>
consteval Verdict verdict_named(std::string_view name, const Verdict (&all)[N]) {
    for (Verdict v : all) {
        if (spelled(v) == name) return v;
    }
    throw "not a verdict of this layer: the names are spelled() above";
}
consteval model_verdict model_verdict_named(std::string_view name) { return verdict_named(name, all_model_verdicts); }
consteval stress_verdict stress_verdict_named(std::string_view name) {
    return verdict_named(name, all_stress_verdicts);
}
consteval property_verdict property_verdict_named(std::string_view name) {
    return verdict_named(name, all_property_verdicts);
}

constexpr mutant_expectations data_race_everywhere{model_verdict::data_race, stress_verdict::data_race};

}  // namespace synclab
