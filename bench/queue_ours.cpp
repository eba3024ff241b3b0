// Our queues: every queue_registry entry over the native platform, then the
// candidates (bench_candidates.hpp: a user's own queue), and the ids they cover
// (--list).
#include "concept_benchmarks.hpp"
#include "queue_scenarios.hpp"

#include "primitives/queue/registry.hpp"
#include "synclab/bench_candidates.hpp"

#include <algorithm>

#include <string>
#include <type_traits>

namespace synclab::bench {

std::vector<queue_entry> registry_queues() {
    std::vector<queue_entry> out;
    // max_threads caps producers plus consumers (0: no cap).
    auto add = [&]<class E>(unsigned max_threads) {
        // Unbounded entries run under the scenario's capacity as a soft bound,
        // as the unbounded peers do (soft_bounded).
        using adapted = optional_pop_adapter<typename E::template type<platform::native>>;
        using Q = std::conditional_t<E::properties.bounded, adapted, soft_bounded<adapted>>;
        const unsigned per_side = max_threads == 0 ? ~0u : std::max(1u, max_threads / 2);
        out.push_back(make_queue_entry<Q>(std::string(E::id), std::min<unsigned>(E::properties.max_producers, per_side),
                                          std::min<unsigned>(E::properties.max_consumers, per_side)));
    };
    queue_registry::for_each([&]<class E>() { add.template operator()<E>(0); });
    queue_candidates::for_each([&]<class E>() { add.template operator()<E>(candidate_max_threads); });
    return out;
}

std::vector<std::string> queue_ids() {
    std::vector<std::string> out;
    queue_registry::for_each([&]<class E>() { out.emplace_back(E::id); });
    queue_candidates::for_each([&]<class E>() { out.emplace_back(E::id); });
    return out;
}

}  // namespace synclab::bench
