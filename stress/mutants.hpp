// Mutants: deliberately broken instantiations of registered implementations
// (same source, another fault policy, see primitives/fault.hpp), each with the
// failure this harness must report for it. They show the harness can fail.
// (Kept here until the project has a shared zoo of mutants.)
#pragma once

#include "primitives/mutex/registry.hpp"

namespace synclab::stress {

enum class expect {
    race,       // ThreadSanitizer reports a data race on the plain counter
    hang,       // the watchdog fires
    exclusion,  // the harness's own invariants break (owner count, plain counter)
};

struct mutant_properties {
    expect expected;
};

template <class P, class F>
using ticket_relaxed_unlock = ticket_mutex<P, relax_at<site::unlock>>;
template <class P, class F>
using tas_relaxed_unlock = tas_mutex<P, relax_at<site::unlock>>;
template <class P, class F>
using futex_missing_wake = futex_mutex<P, skip_at<site::wake>>;

// Not a lock at all: checks the harness's own owner-count and counter checks
// without relying on ThreadSanitizer.
template <class P, class F>
struct no_lock {
    void lock() {}
    bool try_lock() { return true; }
    void unlock() {}
};

using mutant_registry = registry<
    implementation<"mutex.ticket~relaxed-unlock", ticket_relaxed_unlock,
                   "ticket lock whose unlock store is relaxed instead of release",
                   mutant_properties{expect::race}>,
    implementation<"mutex.tas~relaxed-unlock", tas_relaxed_unlock,
                   "test-and-set lock whose unlock store is relaxed instead of release",
                   mutant_properties{expect::race}>,
    implementation<"mutex.futex~missing-wake", futex_missing_wake,
                   "futex mutex whose unlock never wakes a sleeper",
                   mutant_properties{expect::hang}>,
    implementation<"selftest~no-lock", no_lock, "lock() and unlock() do nothing: the harness's own checks",
                   mutant_properties{expect::exclusion}>>;

}  // namespace synclab::stress
