// The condition-variable family: every condition variable of
// synclab::condvar_registry, its mutants (primitives/condvar/mutants.hpp) and the condvar
// self-test, through the scenarios
// of condvar_torture.hpp (with mutex.futex and --mutex).
#include "primitives/condvar/mutants.hpp"
#include "condvar_torture.hpp"
#include "family.hpp"
#include "primitives/condvar/registry.hpp"
#include "primitives/platform/native.hpp"
#include "primitives/condvar/toys.hpp"

namespace synclab::stress {
namespace {

template <class Entry>
void run_one(const options& opt, std::vector<run_result>& out) {
    print_run_header<Entry>(opt);
    for (run_result& r : torture_condvar<typename Entry::template type<platform::native>>(Entry::id, opt)) {
        out.push_back(std::move(r));
    }
}

template <class Registry>
bool run_if_named(std::string_view id, const options& opt, std::vector<run_result>& out) {
    return Registry::visit(id, [&]<class E>() { run_one<E>(opt, out); });
}

}  // namespace

const family& condvar_family() {
    static const family f{
        condvar_registry::size,
        [](std::FILE* to) { print_ids_of<condvar_registry>(to); },
        [](std::FILE* to) {
            print_ids_of<condvar_mutants>(to);
            print_ids_of<condvar_selftests>(to);
        },
        [](std::FILE* to) {
            print_mutant_expectations<condvar_mutants>(to);
            print_selftest_expectations<condvar_selftests>(to);
        },
        [](std::string_view id, const options& opt, std::vector<run_result>& out) {
            return run_if_named<condvar_registry>(id, opt, out) || run_if_named<condvar_mutants>(id, opt, out) ||
                   run_if_named<condvar_selftests>(id, opt, out);
        },
        [](const options& opt, std::vector<run_result>& out) {
            condvar_registry::for_each([&]<class E>() { run_one<E>(opt, out); });
        },
    };
    return f;
}

}  // namespace synclab::stress
