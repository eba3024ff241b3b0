// The queue family: every queue of synclab::queue_registry and the mutants of
// primitives/queue/mutants.hpp, through queue_family.hpp.
#include "queue_family.hpp"
#include "primitives/queue/mutants.hpp"
#include "primitives/queue/registry.hpp"

namespace synclab::stress {

const family& queue_family() { return make_family<queue_runner, queue_registry, queue_mutants, registry<>>(); }

}  // namespace synclab::stress
