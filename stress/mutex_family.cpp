// The mutex family: every Lockable of synclab::mutex_registry, the mutants of
// primitives/mutex/mutants.hpp and selftest~no-lock, through mutex_family.hpp.
#include "mutex_family.hpp"
#include "primitives/mutex/mutants.hpp"
#include "primitives/mutex/registry.hpp"
#include "primitives/mutex/toys.hpp"

namespace synclab::stress {

const family& mutex_family() { return make_family<mutex_runner, mutex_registry, mutex_mutants, mutex_selftests>(); }

}  // namespace synclab::stress
