// The semaphore family: every counting semaphore of synclab::semaphore_registry,
// the mutants of primitives/semaphore/mutants.hpp and the semaphore self-tests,
// through semaphore_family.hpp.
#include "semaphore_family.hpp"
#include "primitives/semaphore/mutants.hpp"
#include "primitives/semaphore/registry.hpp"
#include "primitives/semaphore/toys.hpp"

namespace synclab::stress {

const family& semaphore_family() { return make_family<semaphore_runner, semaphore_registry, semaphore_mutants, semaphore_selftests>(); }

}  // namespace synclab::stress
