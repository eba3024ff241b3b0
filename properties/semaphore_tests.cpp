// The semaphore properties for every entry of synclab::semaphore_registry
// (and, with settings::mutants, of semaphore_mutants): semaphore_properties.hpp.
#include "primitives/semaphore/mutants.hpp"
#include "semaphore_properties.hpp"

namespace synclab::properties {

void register_semaphore_properties(const settings& s) {
    register_semaphore_entries<semaphore_registry, semaphore_mutants>(s);
}

}  // namespace synclab::properties
