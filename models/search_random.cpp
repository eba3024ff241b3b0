// Random search (rl::sched_random): a given number of random interleavings; the
// 4-thread configuration.
#include "models/dispatch.hpp"

namespace synclab::models {

bool run_random(const job& j, outcome& o) { return dispatch<search::random, 4>(j, o); }

}  // namespace synclab::models
