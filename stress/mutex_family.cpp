// The mutex family: every Lockable of synclab::mutex_registry, the mutants of
// primitives/mutex/mutants.hpp and selftest~no-lock, through torture.hpp.
#include "family.hpp"
#include "primitives/mutex/mutants.hpp"
#include "primitives/mutex/registry.hpp"
#include "primitives/platform/native.hpp"
#include "primitives/mutex/toys.hpp"
#include "torture.hpp"
#include "tsan_hook.hpp"

namespace synclab::stress {
namespace {

template <class Entry>
run_result run_one(const options& opt) {
    using M = typename Entry::template type<platform::native>;
    print_run_header<Entry>(opt);
    const std::uint64_t reports_before = tsan_report_count();
    run_result r = torture<M>(Entry::id, opt);
    r.tsan_reports = tsan_report_count() - reports_before;
    print_result(r);
    return r;
}

template <class Registry>
bool run_if_named(std::string_view id, const options& opt, std::vector<run_result>& out) {
    return Registry::visit(id, [&]<class E>() { out.push_back(run_one<E>(opt)); });
}

}  // namespace

const family& mutex_family() {
    static const family f{
        mutex_registry::size,
        [](std::FILE* to) { print_ids_of<mutex_registry>(to); },
        [](std::FILE* to) {
            print_ids_of<mutex_mutants>(to);
            print_ids_of<mutex_selftests>(to);
        },
        [](std::FILE* to) {
            print_mutant_expectations<mutex_mutants>(to);
            print_selftest_expectations<mutex_selftests>(to);
        },
        [](std::string_view id, const options& opt, std::vector<run_result>& out) {
            return run_if_named<mutex_registry>(id, opt, out) || run_if_named<mutex_mutants>(id, opt, out) ||
                   run_if_named<mutex_selftests>(id, opt, out);
        },
        [](const options& opt, std::vector<run_result>& out) {
            mutex_registry::for_each([&]<class E>() { out.push_back(run_one<E>(opt)); });
        },
    };
    return f;
}

}  // namespace synclab::stress
