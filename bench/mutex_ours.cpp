// Our locks: every mutex_registry entry over the native platform, then the
// candidates (bench_candidates.hpp: a user's own lock), the ids they cover
// (--list), and mutex.futex at each spin budget of the sweep.
#include "concept_benchmarks.hpp"
#include "mutex_scenarios.hpp"

#include "primitives/mutex/registry.hpp"
#include "primitives/platform/native.hpp"
#include "synclab/bench_candidates.hpp"

namespace synclab::bench {

std::vector<lock_entry> registry_locks() {
    std::vector<lock_entry> out;
    auto add = [&]<class E>(unsigned max_threads) {
        using M = typename E::template type<platform::native>;
        out.push_back(make_entry<M>(std::string(E::id), E::properties.sleeps));
        out.back().max_threads = max_threads;
    };
    mutex_registry::for_each([&]<class E>() { add.template operator()<E>(0); });
    mutex_candidates::for_each([&]<class E>() { add.template operator()<E>(candidate_max_threads); });
    return out;
}

std::vector<std::string> mutex_ids() {
    std::vector<std::string> out;
    mutex_registry::for_each([&]<class E>() { out.emplace_back(E::id); });
    mutex_candidates::for_each([&]<class E>() { out.emplace_back(E::id); });
    return out;
}

namespace {
// mutex.futex with its spin budget fixed at compile time, default-constructible.
template <unsigned Budget>
struct futex_with_budget : futex_mutex<platform::native> {
    futex_with_budget() : futex_mutex<platform::native>(Budget) {}
};

template <unsigned Budget>
lock_entry futex_variant() {
    using M = futex_with_budget<Budget>;
    return make_entry<M>("mutex.futex/spin=" + std::to_string(Budget), true);
}
}  // namespace

std::vector<unsigned> futex_spin_budgets() { return {0, 16, 100, 1000}; }

std::vector<lock_entry> futex_spin_variants() {
    return {futex_variant<0>(), futex_variant<16>(), futex_variant<100>(), futex_variant<1000>()};
}

}  // namespace synclab::bench
