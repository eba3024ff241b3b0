// The condition-variable family: every condition variable of
// synclab::condvar_registry, its mutants (primitives/condvar/mutants.hpp) and
// the condvar self-test, through condvar_family.hpp.
#include "condvar_family.hpp"
#include "primitives/condvar/mutants.hpp"
#include "primitives/condvar/registry.hpp"
#include "primitives/condvar/toys.hpp"

namespace synclab::stress {

const family& condvar_family() { return make_family<condvar_runner, condvar_registry, condvar_mutants, condvar_selftests>(); }

}  // namespace synclab::stress
