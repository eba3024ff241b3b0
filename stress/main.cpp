// synclab_stress: the ThreadSanitizer torture harness for every Lockable in
// synclab::mutex_registry, the mutants of primitives/mutex/mutants.hpp, and
// the harness's self-test (selftest.hpp).
//
//   synclab_stress --list            every id, one a line
//   synclab_stress --list-mutants    each mutant or self-test with what it must produce
//   synclab_stress ID|all [--threads N] [--seconds S] [--watchdog S] [--seed S]
//
// Exit status: 0 pass; 1 failure (broken invariant, watchdog, or a
// ThreadSanitizer report: TSan then exits 66 by itself); 2 bad input.
#include <cstdio>
#include <string_view>
#include <vector>

#include "options.hpp"
#include "primitives/mutex/mutants.hpp"
#include "primitives/mutex/registry.hpp"
#include "primitives/platform/native.hpp"
#include "selftest.hpp"
#include "stats.hpp"
#include "torture.hpp"
#include "tsan_hook.hpp"

namespace {

using namespace synclab;
using namespace synclab::stress;

template <class Entry>
run_result run_one(const options& opt) {
    using M = typename Entry::template type<platform::native>;
    std::printf("[%.*s] %.*s: %u threads, %.1f s, watchdog %.1f s, seed %llu\n",
                static_cast<int>(Entry::id.size()), Entry::id.data(), static_cast<int>(Entry::description.size()),
                Entry::description.data(), opt.threads, opt.seconds, opt.watchdog,
                static_cast<unsigned long long>(opt.seed));
    std::fflush(stdout);
    const std::uint64_t reports_before = tsan_report_count();
    run_result r = torture<M>(Entry::id, opt);
    r.tsan_reports = tsan_report_count() - reports_before;
    print_result(r);
    return r;
}

// Runs the entry of Registry named id, if there is one.
template <class Registry>
bool run_if_named(std::string_view id, const options& opt, std::vector<run_result>& out) {
    return Registry::visit(id, [&]<class E>() { out.push_back(run_one<E>(opt)); });
}

template <class Registry>
void print_ids(std::FILE* to) {
    Registry::for_each([&]<class E>() { std::fprintf(to, "%.*s\n", static_cast<int>(E::id.size()), E::id.data()); });
}

void print_ids(std::FILE* to) {
    print_ids<mutex_registry>(to);
    print_ids<mutex_mutants>(to);
    print_ids<selftest_registry>(to);
}

// "ID EXPECTATION" for every run that must fail, as stress/generate_tests.cmake reads it.
void print_mutants() {
    mutex_mutants::for_each([]<class M>() {
        const char* expect = M::expected.stress == stress_verdict::data_race ? "data-race"
                             : M::expected.stress == stress_verdict::hang    ? "hang"
                                                                             : "not-asserted";
        std::printf("%.*s %s\n", static_cast<int>(M::id.size()), M::id.data(), expect);
    });
    selftest_registry::for_each(
        []<class E>() { std::printf("%.*s exclusion\n", static_cast<int>(E::id.size()), E::id.data()); });
}

}  // namespace

int main(int argc, char** argv) {
    const auto opt = parse(argc, argv);
    if (!opt) return 2;
    if (opt->list) {
        print_ids(stdout);
        return 0;
    }
    if (opt->list_mutants) {
        print_mutants();
        return 0;
    }

    std::vector<run_result> results;
    if (opt->target == "all") {
        mutex_registry::for_each([&]<class E>() { results.push_back(run_one<E>(*opt)); });
        print_summary(results);
    } else if (!run_if_named<mutex_registry>(opt->target, *opt, results) &&
               !run_if_named<mutex_mutants>(opt->target, *opt, results) &&
               !run_if_named<selftest_registry>(opt->target, *opt, results)) {
        std::fprintf(stderr, "synclab_stress: unknown id '%s'; known ids ('all' runs the first %zu):\n",
                     opt->target.c_str(), mutex_registry::size);
        print_ids(stderr);
        return 2;
    }
    for (const run_result& r : results) {
        if (!r.passed()) return 1;
    }
    return 0;
}
