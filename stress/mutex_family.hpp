// The mutex family's runner: one Lockable through torture.hpp (the
// locktorture-style scenario: invariants, a plain counter TSan watches, the
// watchdog).
#pragma once

#include <utility>
#include <vector>

#include "family.hpp"
#include "primitives/platform/native.hpp"
#include "torture.hpp"
#include "tsan_hook.hpp"

namespace synclab::stress {

struct mutex_runner {
    template <class Entry>
    static void run(const options& opt, std::vector<run_result>& out) {
        using M = typename Entry::template type<platform::native>;
        print_run_header<Entry>(opt);
        const std::uint64_t reports_before = tsan_report_count();
        run_result r = torture<M>(Entry::id, opt);
        r.tsan_reports = tsan_report_count() - reports_before;
        print_result(r);
        out.push_back(std::move(r));
    }
};

}  // namespace synclab::stress
