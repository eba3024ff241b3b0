// Our semaphores: every semaphore_registry entry over the native platform, then
// the candidates (bench_candidates.hpp: a user's own semaphore), the ids they
// cover (--list), and semaphore.futex at each spin budget of the sweep (when it
// takes a budget).
#include "concept_benchmarks.hpp"
#include "semaphore_scenarios.hpp"

#include "primitives/semaphore/registry.hpp"
#include "synclab/bench_candidates.hpp"

#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

namespace synclab::bench {

std::vector<sync_entry> registry_semaphores() {
    std::vector<sync_entry> out;
    auto add = [&]<class E>(unsigned max_threads) {
        using S = typename E::template type<platform::native>;
        out.push_back(make_semaphore_entry<S>(std::string(E::id),
                                              +[] { return semaphore_seam<S>(true, E::properties.sleeps); }));
        out.back().max_threads = max_threads;
    };
    semaphore_registry::for_each([&]<class E>() { add.template operator()<E>(0); });
    semaphore_candidates::for_each([&]<class E>() { add.template operator()<E>(candidate_max_threads); });
    return out;
}

std::vector<std::string> semaphore_ids() {
    std::vector<std::string> out;
    semaphore_registry::for_each([&]<class E>() { out.emplace_back(E::id); });
    semaphore_candidates::for_each([&]<class E>() { out.emplace_back(E::id); });
    return out;
}

namespace {

// The swept implementation, found by id so that this compiles before it is
// registered (and the sweep is simply empty then).
constexpr std::string_view swept_id = "semaphore.futex";
constexpr std::size_t swept_index = semaphore_registry::index_of(swept_id);

// S with its spin budget fixed at compile time, constructed like the others.
template <class S, unsigned Budget>
struct semaphore_with_budget : S {
    explicit semaphore_with_budget(std::ptrdiff_t initial) : S(initial, Budget) {}
};

template <std::size_t I>
void add_spin_variants(std::vector<sync_entry>& out) {
    if constexpr (I < semaphore_registry::size) {
        using E = typename semaphore_registry::template at<I>;
        using S = typename E::template type<platform::native>;
        if constexpr (std::is_constructible_v<S, std::ptrdiff_t, unsigned>) {
            [&]<std::size_t... K>(std::index_sequence<K...>) {
                (out.push_back(make_semaphore_entry<semaphore_with_budget<S, waiting_budgets[K]>>(
                     std::string(E::id) + "/spin=" + std::to_string(waiting_budgets[K]),
                     +[] { return semaphore_seam<semaphore_with_budget<S, waiting_budgets[K]>>(true, E::properties.sleeps); })),
                 ...);
            }(std::make_index_sequence<std::size(waiting_budgets)>{});
        }
    }
}

template <std::size_t I>
std::string default_budget() {
    if constexpr (I < semaphore_registry::size) {
        using S = typename semaphore_registry::template at<I>::template type<platform::native>;
        if constexpr (requires { S::default_spin_budget; }) return std::to_string(S::default_spin_budget);
    }
    return "";
}

}  // namespace

std::vector<sync_entry> semaphore_spin_variants() {
    std::vector<sync_entry> out;
    add_spin_variants<swept_index>(out);
    return out;
}

std::string semaphore_futex_default_budget() { return default_budget<swept_index>(); }

}  // namespace synclab::bench
