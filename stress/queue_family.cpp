// The queue family: every queue of synclab::queue_registry and the mutants of
// primitives/queue/mutants.hpp, through the scenarios of queue_torture.hpp.
#include "family.hpp"
#include "primitives/platform/native.hpp"
#include "primitives/queue/mutants.hpp"
#include "primitives/queue/registry.hpp"
#include "queue_torture.hpp"

namespace synclab::stress {
namespace {

template <class Entry>
void run_one(const options& opt, std::vector<run_result>& out) {
    print_run_header<Entry>(opt);
    for (run_result& r : torture_queue<typename Entry::template type<platform::native>, Entry::properties>(Entry::id, opt)) {
        out.push_back(std::move(r));
    }
}

template <class Registry>
bool run_if_named(std::string_view id, const options& opt, std::vector<run_result>& out) {
    return Registry::visit(id, [&]<class E>() { run_one<E>(opt, out); });
}

}  // namespace

const family& queue_family() {
    static const family f{
        queue_registry::size,
        [](std::FILE* to) { print_ids_of<queue_registry>(to); },
        [](std::FILE* to) { print_ids_of<queue_mutants>(to); },
        [](std::FILE* to) { print_mutant_expectations<queue_mutants>(to); },
        [](std::string_view id, const options& opt, std::vector<run_result>& out) {
            return run_if_named<queue_registry>(id, opt, out) || run_if_named<queue_mutants>(id, opt, out);
        },
        [](const options& opt, std::vector<run_result>& out) {
            queue_registry::for_each([&]<class E>() { run_one<E>(opt, out); });
        },
    };
    return f;
}

}  // namespace synclab::stress
