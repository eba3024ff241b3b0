// The reader-writer lock family's runner: one lock through rwlock_torture.hpp
// (readers and writers at random, the head counts, a plain counter TSan
// watches, the watchdog).
#pragma once

#include <utility>
#include <vector>

#include "family.hpp"
#include "primitives/platform/native.hpp"
#include "rwlock_torture.hpp"
#include "tsan_hook.hpp"

namespace synclab::stress {

struct rwlock_runner {
    template <class Entry>
    static void run(const options& opt, std::vector<run_result>& out) {
        using L = typename Entry::template type<platform::native>;
        print_run_header<Entry>(opt);
        const std::uint64_t reports_before = tsan_report_count();
        run_result r = rwlock_torture<L>(Entry::id, opt);
        r.tsan_reports = tsan_report_count() - reports_before;
        print_result(r);
        out.push_back(std::move(r));
    }
};

}  // namespace synclab::stress
