// Our queues: every queue_registry entry over the native platform.
#include "queue_scenarios.hpp"

#include "primitives/queue/registry.hpp"

#include <string>

namespace synclab::bench {

std::vector<queue_entry> registry_queues() {
    std::vector<queue_entry> out;
    queue_registry::for_each([&]<class E>() {
        using Q = optional_pop_adapter<typename E::template type<platform::native>>;
        out.push_back(make_queue_entry<Q>(std::string(E::id), E::properties.max_producers, E::properties.max_consumers));
    });
    return out;
}

std::vector<std::string> registry_queue_ids() {
    std::vector<std::string> out;
    queue_registry::for_each([&]<class E>() { out.emplace_back(E::id); });
    return out;
}

}  // namespace synclab::bench
