// Context-bounded search (rl::sched_bound): every interleaving with at most
// context_bound preemptions; the 3-thread configuration.
#include "models/dispatch.hpp"

namespace synclab::models {

bool run_bound(const job& j, outcome& o) { return dispatch<search::bound, 3>(j, o); }

}  // namespace synclab::models
