// The semaphore family: every counting semaphore of synclab::semaphore_registry,
// the mutants of primitives/semaphore/mutants.hpp and the semaphore self-tests, through
// the scenarios of semaphore_torture.hpp.
#include "family.hpp"
#include "primitives/platform/native.hpp"
#include "primitives/semaphore/mutants.hpp"
#include "primitives/semaphore/registry.hpp"
#include "primitives/semaphore/toys.hpp"
#include "semaphore_torture.hpp"

namespace synclab::stress {
namespace {

template <class Entry>
void run_one(const options& opt, std::vector<run_result>& out) {
    print_run_header<Entry>(opt);
    for (run_result& r : torture_semaphore<typename Entry::template type<platform::native>>(Entry::id, opt)) {
        out.push_back(std::move(r));
    }
}

template <class Registry>
bool run_if_named(std::string_view id, const options& opt, std::vector<run_result>& out) {
    return Registry::visit(id, [&]<class E>() { run_one<E>(opt, out); });
}

}  // namespace

const family& semaphore_family() {
    static const family f{
        semaphore_registry::size,
        [](std::FILE* to) { print_ids_of<semaphore_registry>(to); },
        [](std::FILE* to) {
            print_ids_of<semaphore_mutants>(to);
            print_ids_of<semaphore_selftests>(to);
        },
        [](std::FILE* to) {
            print_mutant_expectations<semaphore_mutants>(to);
            print_selftest_expectations<semaphore_selftests>(to);
        },
        [](std::string_view id, const options& opt, std::vector<run_result>& out) {
            return run_if_named<semaphore_registry>(id, opt, out) || run_if_named<semaphore_mutants>(id, opt, out) ||
                   run_if_named<semaphore_selftests>(id, opt, out);
        },
        [](const options& opt, std::vector<run_result>& out) {
            semaphore_registry::for_each([&]<class E>() { run_one<E>(opt, out); });
        },
    };
    return f;
}

}  // namespace synclab::stress
