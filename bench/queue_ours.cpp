// Our queues: every queue_registry entry over the native platform, and the ids
// they cover (--list).
#include "concept_benchmarks.hpp"
#include "queue_scenarios.hpp"

#include "primitives/queue/registry.hpp"

#include <string>
#include <type_traits>

namespace synclab::bench {

std::vector<queue_entry> registry_queues() {
    std::vector<queue_entry> out;
    queue_registry::for_each([&]<class E>() {
        // Unbounded entries run under the scenario's capacity as a soft bound,
        // as the unbounded peers do (soft_bounded).
        using adapted = optional_pop_adapter<typename E::template type<platform::native>>;
        using Q = std::conditional_t<E::properties.bounded, adapted, soft_bounded<adapted>>;
        out.push_back(make_queue_entry<Q>(std::string(E::id), E::properties.max_producers, E::properties.max_consumers));
    });
    return out;
}

std::vector<std::string> queue_ids() {
    std::vector<std::string> out;
    queue_registry::for_each([&]<class E>() { out.emplace_back(E::id); });
    return out;
}

}  // namespace synclab::bench
