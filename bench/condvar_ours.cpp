// Our condition variables: every condvar_registry entry over the native
// platform, then the candidates (bench_candidates.hpp: a user's own condition
// variable), each with mutex.futex (the futex_mutex at its default budget), the
// ids they cover (--list), and condvar.futex at each spin budget of the sweep
// (when it takes a budget).
#include "concept_benchmarks.hpp"
#include "condvar_scenarios.hpp"

#include "primitives/condvar/registry.hpp"
#include "primitives/mutex/futex_mutex.hpp"
#include "synclab/bench_candidates.hpp"

#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

namespace synclab::bench {

namespace {
using cv_mutex = futex_mutex<platform::native>;
}

std::vector<sync_entry> registry_condvars() {
    std::vector<sync_entry> out;
    auto add = [&]<class E>(unsigned max_threads) {
        using CV = typename E::template type<platform::native>;
        out.push_back(make_condvar_entry<cv_mutex, CV>(
            std::string(E::id), +[] { return condvar_seam<cv_mutex, CV>(true, E::properties.sleeps); }));
        out.back().max_threads = max_threads;
    };
    condvar_registry::for_each([&]<class E>() { add.template operator()<E>(0); });
    condvar_candidates::for_each([&]<class E>() { add.template operator()<E>(candidate_max_threads); });
    return out;
}

std::vector<std::string> condvar_ids() {
    std::vector<std::string> out;
    condvar_registry::for_each([&]<class E>() { out.emplace_back(E::id); });
    condvar_candidates::for_each([&]<class E>() { out.emplace_back(E::id); });
    return out;
}

namespace {

// The swept implementation, found by id (see semaphore_ours.cpp).
constexpr std::string_view swept_id = "condvar.futex";
constexpr std::size_t swept_index = condvar_registry::index_of(swept_id);

template <class CV, unsigned Budget>
struct condvar_with_budget : CV {
    condvar_with_budget() : CV(Budget) {}
};

template <std::size_t I>
void add_spin_variants(std::vector<sync_entry>& out) {
    if constexpr (I < condvar_registry::size) {
        using E = typename condvar_registry::template at<I>;
        using CV = typename E::template type<platform::native>;
        if constexpr (std::is_constructible_v<CV, unsigned>) {
            [&]<std::size_t... K>(std::index_sequence<K...>) {
                (out.push_back(make_condvar_entry<cv_mutex, condvar_with_budget<CV, waiting_budgets[K]>>(
                     std::string(E::id) + "/spin=" + std::to_string(waiting_budgets[K]),
                     +[] {
                         return condvar_seam<cv_mutex, condvar_with_budget<CV, waiting_budgets[K]>>(
                             true, E::properties.sleeps);
                     })),
                 ...);
            }(std::make_index_sequence<std::size(waiting_budgets)>{});
        }
    }
}

template <std::size_t I>
std::string default_budget() {
    if constexpr (I < condvar_registry::size) {
        using CV = typename condvar_registry::template at<I>::template type<platform::native>;
        if constexpr (requires { CV::default_spin_budget; }) return std::to_string(CV::default_spin_budget);
    }
    return "";
}

}  // namespace

std::vector<sync_entry> condvar_spin_variants() {
    std::vector<sync_entry> out;
    add_spin_variants<swept_index>(out);
    return out;
}

std::string condvar_futex_default_budget() { return default_budget<swept_index>(); }

}  // namespace synclab::bench
