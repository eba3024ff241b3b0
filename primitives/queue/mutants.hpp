// The mutants of the queue family (see ../mutants.hpp for what a mutant is and
// who runs it). Each weakens one order of queue.spsc or queue.mpmc to relaxed;
// Relacy's DATA RACE on the slot (plain data, P::plain) is the proof that the
// order is needed:
//   publish   the consumer reads a slot the producer's write is not ordered before
//   vacate    the producer overwrites a slot the consumer's read is not ordered before
//   see_item  as publish, from the consumer's side (its load acquires nothing)
//   see_room  as vacate, from the producer's side
// TSan sees the same races (it models release/acquire, and a relaxed atomic
// orders nothing), on real hardware once the ring wraps.
#pragma once

#include "../mutants.hpp"
#include "registry.hpp"

namespace synclab {

template <fixed_string Id, class Fault, fixed_string Description, mutant_expectations Expect>
using queue_mutant = mutant<Id, Fault, Description, Expect, queue_registry>;

using queue_mutants = registry<
    queue_mutant<"queue.spsc~relaxed-publish", relax_at<site::publish>,
                 "SPSC ring whose store of tail_ is relaxed instead of release", data_race_everywhere>,
    queue_mutant<"queue.spsc~relaxed-vacate", relax_at<site::vacate>,
                 "SPSC ring whose store of head_ is relaxed instead of release", data_race_everywhere>,
    queue_mutant<"queue.spsc~relaxed-see-item", relax_at<site::see_item>,
                 "SPSC ring whose consumer loads tail_ relaxed instead of acquire", data_race_everywhere>,
    queue_mutant<"queue.spsc~relaxed-see-room", relax_at<site::see_room>,
                 "SPSC ring whose producer loads head_ relaxed instead of acquire", data_race_everywhere>,
    queue_mutant<"queue.mpmc~relaxed-publish", relax_at<site::publish>,
                 "Vyukov queue whose producer stores the cell's sequence relaxed instead of release",
                 data_race_everywhere>,
    queue_mutant<"queue.mpmc~relaxed-vacate", relax_at<site::vacate>,
                 "Vyukov queue whose consumer stores the cell's sequence relaxed instead of release",
                 data_race_everywhere>,
    queue_mutant<"queue.mpmc~relaxed-see-item", relax_at<site::see_item>,
                 "Vyukov queue whose consumer loads the cell's sequence relaxed instead of acquire",
                 data_race_everywhere>,
    queue_mutant<"queue.mpmc~relaxed-see-room", relax_at<site::see_room>,
                 "Vyukov queue whose producer loads the cell's sequence relaxed instead of acquire",
                 data_race_everywhere>>;

}  // namespace synclab
