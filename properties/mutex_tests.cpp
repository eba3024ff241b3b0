// The mutex properties for every entry of synclab::mutex_registry (and, with
// settings::mutants, of mutex_mutants): mutex_properties.hpp.
#include "mutex_properties.hpp"
#include "primitives/mutex/mutants.hpp"

namespace synclab::properties {

void register_mutex_properties(const settings& s) { register_mutex_entries<mutex_registry, mutex_mutants>(s); }

}  // namespace synclab::properties
