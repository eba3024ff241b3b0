// Full search (rl::sched_full): every interleaving, so 2 threads with few
// operations each (2 threads x 2 lock/unlock cycles is ~66k iterations; 2 x 3
// did not finish in minutes).
#include "models/dispatch.hpp"

namespace synclab::models {

bool run_full(const job& j, outcome& o) { return dispatch<search::full, 2>(j, o); }

}  // namespace synclab::models
