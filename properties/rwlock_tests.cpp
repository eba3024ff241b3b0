// The reader-writer lock properties for every entry of synclab::rwlock_registry
// (and, with settings::mutants, of rwlock_mutants): rwlock_properties.hpp.
#include "primitives/rwlock/mutants.hpp"
#include "rwlock_properties.hpp"

namespace synclab::properties {

void register_rwlock_properties(const settings& s) { register_rwlock_entries<rwlock_registry, rwlock_mutants>(s); }

}  // namespace synclab::properties
