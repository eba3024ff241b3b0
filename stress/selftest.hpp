// The harness's own check: a "lock" that does nothing must break the harness's
// owner-count and plain-counter checks, without help from ThreadSanitizer.
// (The mutants of the registered implementations are in
// primitives/mutex/mutants.hpp, shared with the other checkers.)
#pragma once

#include "primitives/registry.hpp"

namespace synclab::stress {

template <class P, class F>
struct no_lock {
    void lock() {}
    bool try_lock() { return true; }
    void unlock() {}
};

struct selftest_properties {};

using selftest_registry = registry<implementation<"selftest~no-lock", no_lock,
                                                  "lock() and unlock() do nothing: the harness's own checks",
                                                  selftest_properties{}>>;

}  // namespace synclab::stress
