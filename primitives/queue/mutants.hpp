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
//                    after it was freed (ACCESS TO FREED MEMORY: the transfer
//                    suite, 3 threads, bounded search, iteration 7305; the
//                    aba suite under the random search, iteration 44).
//   free-while-read  queue.ms announces a hazard but never validates it
//                    (protect skipped): a node dequeued and freed between
//                    the read of head_ (or tail_) and the announce is read
//                    (ACCESS TO FREED MEMORY: transfer, 3 threads, bounded
//                    search, iteration 201).
//   relaxed-announce stack.treiber and queue.ms with the hazard's announce
//                    (A) relaxed instead of seq_cst: the store-load pair with
//                    the scan no longer holds, the scan misses the hazard and
//                    frees the node a reader validated and is about to read
//                    (ACCESS TO FREED MEMORY: transfer, 3 threads, bounded
//                    search, iteration 34889 for the stack; 4 threads, random
//                    search, iteration 46 for the queue). The audit refutes
//                    release there too (`./synclab orders stack.treiber`; the
//                    table in tests/orders/stack.treiber.tsv): seq_cst is
//                    needed, not only a release.
// The other reclamation schemes (stack.treiber_asym_hp, queue.ms_asym_hp:
// ../reclaim/hazard_pointers.hpp, asymmetric; stack.treiber_epoch,
// queue.ms_epoch: ../reclaim/epochs.hpp), each with what its reclamation
// could get wrong (Relacy models both asymmetric fences as seq_cst fences):
//   no-light-fence       the asymmetric announce without its light fence: the
//                        announce and the validation are a store and a load
//                        with nothing between them, the store-load pair the
//                        fences make is gone.
//   no-heavy-fence       the asymmetric scan without its heavy fence: its
//                        hazard loads may read values from before the
//                        readers' announces.
//   free-while-read      (asymmetric) as queue.ms's: a hazard never validated.
//   advance-past-reader  the epoch advances without looking at the records,
//                        so a node is freed two epochs on while an operation
//                        that read it is still inside.
//   no-enter-fence       the epoch announced without the fence after it: an
//                        advancer may read the record as outside while the
//                        reader goes on to read a node being unlinked.
// Each expected as ACCESS TO FREED MEMORY (under the default plan: the
// asymmetric ones by the 3-thread bounded search within 250 iterations, the
// epoch ones by the 4-thread random search within 1200). Not a mutant: the
// advancer's fence dropped. The default plan passes it; the 4-thread random
// search finds it in queue.ms_epoch at iteration 119173 (seed 0; 200000
// iterations), and not in stack.treiber_epoch in 500000 (epochs.hpp).
// On real threads these mutants need a free between two loads nanoseconds
// apart: the stress run is not expected to catch them in its short budget.
#pragma once

#include "../mutants.hpp"
#include "registry.hpp"

namespace synclab {

constexpr mutant_expectations freed_memory_in_model{model_verdict::use_after_free, stress_verdict::not_asserted};

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
                 freed_memory_in_model>,
    queue_mutant<"queue.ms~free-while-read", skip_at<site::protect>,
                 "Michael-Scott queue that trusts a hazard pointer without re-reading head/tail (no validation)",
                 freed_memory_in_model>,
    queue_mutant<"stack.treiber~relaxed-announce", relax_at<site::announce>,
                 "Treiber stack whose hazard pointer is announced relaxed instead of seq_cst", freed_memory_in_model>,
    queue_mutant<"queue.ms~relaxed-announce", relax_at<site::announce>,
                 "Michael-Scott queue whose hazard pointers are announced relaxed instead of seq_cst",
                 freed_memory_in_model>,
    queue_mutant<"stack.treiber_asym_hp~no-light-fence", relax_at<site::announce>,
                 "Treiber stack with asymmetric hazard pointers whose announce has no light fence",
                 freed_memory_in_model>,
    queue_mutant<"queue.ms_asym_hp~no-light-fence", relax_at<site::announce>,
                 "Michael-Scott queue with asymmetric hazard pointers whose announce has no light fence",
                 freed_memory_in_model>,
    queue_mutant<"stack.treiber_asym_hp~no-heavy-fence", relax_at<site::observe>,
                 "Treiber stack with asymmetric hazard pointers whose scan has no heavy fence", freed_memory_in_model>,
    queue_mutant<"queue.ms_asym_hp~no-heavy-fence", relax_at<site::observe>,
                 "Michael-Scott queue with asymmetric hazard pointers whose scan has no heavy fence",
                 freed_memory_in_model>,
    queue_mutant<"queue.ms_asym_hp~free-while-read", skip_at<site::protect>,
                 "Michael-Scott queue with asymmetric hazard pointers that never validates a hazard",
                 freed_memory_in_model>,
    queue_mutant<"stack.treiber_epoch~advance-past-reader", skip_at<site::reclaim>,
                 "Treiber stack whose epoch advances while an operation that read a node is still inside",
                 freed_memory_in_model>,
    queue_mutant<"queue.ms_epoch~advance-past-reader", skip_at<site::reclaim>,
                 "Michael-Scott queue whose epoch advances while an operation that read a node is still inside",
                 freed_memory_in_model>,
    queue_mutant<"stack.treiber_epoch~no-enter-fence", relax_at<site::announce>,
                 "Treiber stack whose operations announce their epoch without the fence after it",
                 freed_memory_in_model>>;

}  // namespace synclab
