// The reader-writer lock family: every lock of synclab::rwlock_registry and
// the mutants of primitives/rwlock/mutants.hpp, through rwlock_family.hpp.
#include "rwlock_family.hpp"
#include "primitives/rwlock/mutants.hpp"
#include "primitives/rwlock/registry.hpp"

namespace synclab::stress {

const family& rwlock_family() { return make_family<rwlock_runner, rwlock_registry, rwlock_mutants, registry<>>(); }

}  // namespace synclab::stress
