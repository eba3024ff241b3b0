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
//
// The lock-free structures' reclamation (../reclaim/hazard_pointers.hpp):
//   no-reclaim-aba   stack.treiber's popped nodes are freed at once, whatever
//                    hazards name them (reclaim skipped): the unprotected
//                    stack of the ABA problem. A stalled pop reads the node
//                    after its memory came back as a new node (ACCESS TO
//                    UNINITIALIZED VARIABLE: random search, 4 threads, the
//                    transfer suite at iteration 651, the aba suite too);
//                    the 2-thread full and 3-thread bounded searches of the
//                    default plan stop at their caps before reaching it.
//   free-while-read  queue.ms announces a hazard but never validates it
//                    (protect skipped): a node dequeued and freed between
//                    the read of head_ (or tail_) and the announce is read.
//                    The first execution Relacy finds reads it after its
//                    memory came back as a new node (Relacy's allocator may
//                    reuse a freed block at once): ACCESS TO UNINITIALIZED
//                    VARIABLE (random search, 4 threads, iteration 3).
// Not here: a mutant that proves the hazard pointers' store-load pair must be
// seq_cst (announce and scan). Relacy does not show it broken. Its full and
// bounded searches let a load read only the latest store to its location or
// the one before it (relacy/thread.hpp, get_load_index: one step back
// outside the random scheduler, and none past a store this thread has seen
// before its last yield), and a seq_cst load never reads past the latest
// seq_cst store;
// only the random search lets a load read an older value, and there the
// window (a scan between the announce and its validation, reading the slot
// as it was before) was not met. Measured 2026-12-02: the announce weakened
// to a release store, and separately the scan's loads weakened to acquire,
// pass all three searches of the default plan (850k iterations for
// queue.ms, 1.35M for stack.treiber), and 100 s more of random search at 2
// and at 3 threads. On x86 the weakened announce is a real bug (a plain mov
// and the store buffer) in a window of nanoseconds that the stress run does
// not reach, and TSan does not model the order of atomics among themselves.
// The argument for seq_cst is the protocol's, at the top of
// reclaim/hazard_pointers.hpp. The memory-order audit finds the same of every
// seq_cst in the protocol (`./synclab orders queue.ms`: all weakenable under
// Relacy, the validation to acquire), although the pair on its own is caught
// by the full search (see there).
// On real threads both mutants above need a free between two loads nanoseconds
// apart: the stress run is not expected to catch them in its short budget.
#pragma once

#include "../mutants.hpp"
#include "registry.hpp"

namespace synclab {

constexpr mutant_expectations reused_memory_in_model{model_verdict::reused_memory, stress_verdict::not_asserted};

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
                 data_race_everywhere>,
    queue_mutant<"stack.treiber~no-reclaim-aba", skip_at<site::reclaim>,
                 "Treiber stack that frees a popped node at once, while a stalled pop may still hold it (ABA)",
                 reused_memory_in_model>,
    queue_mutant<"queue.ms~free-while-read", skip_at<site::protect>,
                 "Michael-Scott queue that trusts a hazard pointer without re-reading head/tail (no validation)",
                 reused_memory_in_model>>;

}  // namespace synclab
