// Our reader-writer locks: every rwlock_registry entry over the native
// platform, then the candidates (bench_candidates.hpp: a user's own lock),
// and the ids they cover (--list).
#include "concept_benchmarks.hpp"
#include "rwlock_scenarios.hpp"

#include "primitives/rwlock/registry.hpp"
#include "synclab/bench_candidates.hpp"

#include <string>

namespace synclab::bench {

std::vector<rwlock_entry> registry_rwlocks() {
    std::vector<rwlock_entry> out;
    rwlock_registry::for_each([&]<class E>() {
        out.push_back(make_rwlock_entry<typename E::template type<platform::native>>(std::string(E::id)));
    });
    rwlock_candidates::for_each([&]<class E>() {
        out.push_back(make_rwlock_entry<typename E::template type<platform::native>>(std::string(E::id)));
        out.back().max_threads = candidate_max_threads;
    });
    return out;
}

std::vector<std::string> rwlock_ids() {
    std::vector<std::string> out;
    rwlock_registry::for_each([&]<class E>() { out.emplace_back(E::id); });
    rwlock_candidates::for_each([&]<class E>() { out.emplace_back(E::id); });
    return out;
}

}  // namespace synclab::bench
