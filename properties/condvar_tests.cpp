// The condition-variable properties for every entry of
// synclab::condvar_registry (and, with settings::mutants, of condvar_mutants):
// condvar_properties.hpp.
#include "condvar_properties.hpp"
#include "primitives/condvar/mutants.hpp"

namespace synclab::properties {

void register_condvar_properties(const settings& s) {
    register_condvar_entries<condvar_registry, condvar_mutants>(s);
}

}  // namespace synclab::properties
