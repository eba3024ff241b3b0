#include "stats.hpp"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "result_line.hpp"

namespace synclab::stress {

std::uint64_t run_result::total() const {
    return std::accumulate(acquisitions.begin(), acquisitions.end(), std::uint64_t{0});
}

double run_result::ops_per_second() const { return seconds > 0 ? total() / seconds : 0; }

double run_result::min_max_ratio() const {
    if (acquisitions.empty()) return 0;
    const auto [lo, hi] = std::minmax_element(acquisitions.begin(), acquisitions.end());
    return *hi == 0 ? 0 : static_cast<double>(*lo) / static_cast<double>(*hi);
}

double jain_index(const std::vector<std::uint64_t>& x) {
    double sum = 0, squares = 0;
    for (const std::uint64_t v : x) {
        sum += static_cast<double>(v);
        squares += static_cast<double>(v) * static_cast<double>(v);
    }
    return squares == 0 ? 0 : sum * sum / (static_cast<double>(x.size()) * squares);
}

static const char* verdict(const run_result& r) { return r.passed() ? "PASS" : "FAIL"; }

void print_result(const run_result& r) {
    std::printf("[%s] %s: %llu %s in %.2f s = %.0f ops/s; min/max %.3f, Jain %.3f, max wait %.3f s\n",
                r.id.c_str(), verdict(r), static_cast<unsigned long long>(r.total()), r.unit.c_str(), r.seconds,
                r.ops_per_second(), r.min_max_ratio(), jain_index(r.acquisitions), r.max_wait_s);
    std::printf("[%s]   per thread (%s / %s):", r.id.c_str(), r.unit.c_str(), r.try_unit.c_str());
    for (std::size_t i = 0; i < r.acquisitions.size(); ++i) {
        std::printf(" %llu/%llu", static_cast<unsigned long long>(r.acquisitions[i]),
                    static_cast<unsigned long long>(r.try_failures[i]));
    }
    std::printf("\n");
    if (!r.counter_matches()) {
        std::printf("[%s]   FAIL: plain counter %llu != sum of %s %llu (lost updates)\n", r.id.c_str(),
                    static_cast<unsigned long long>(r.plain_counter), r.unit.c_str(),
                    static_cast<unsigned long long>(r.total()));
    }
    if (r.violations != 0) {
        std::printf("[%s]   FAIL: %llu mutual-exclusion violations\n", r.id.c_str(),
                    static_cast<unsigned long long>(r.violations));
    }
    for (const std::string& f : r.failures) std::printf("[%s]   FAIL: %s\n", r.id.c_str(), f.c_str());
    if (r.tsan_reports != 0) {
        std::printf("[%s]   FAIL: %llu ThreadSanitizer reports\n", r.id.c_str(),
                    static_cast<unsigned long long>(r.tsan_reports));
    }
    std::fflush(stdout);
    write_result_line(r);
}

void print_summary(const std::vector<run_result>& results) {
    int width = 16;  // the mutex ids fit; "semaphore.futex/locker-room" does not
    bool only_acquisitions = true;  // then the column keeps its name of the mutex-only table
    for (const run_result& r : results) {
        width = std::max(width, static_cast<int>(r.id.size()));
        only_acquisitions = only_acquisitions && r.unit == "acquisitions";
    }
    std::printf("\n%-*s %-6s %14s %12s %8s %8s %10s %6s\n", width, "id", "result",
                only_acquisitions ? "acquisitions" : "operations", "ops/s", "min/max",
                "Jain", "max wait", "tsan");
    for (const run_result& r : results) {
        std::printf("%-*s %-6s %14llu %12.0f %8.3f %8.3f %9.3fs %6llu\n", width, r.id.c_str(), verdict(r),
                    static_cast<unsigned long long>(r.total()), r.ops_per_second(), r.min_max_ratio(),
                    jain_index(r.acquisitions), r.max_wait_s, static_cast<unsigned long long>(r.tsan_reports));
    }
    std::fflush(stdout);
}

}  // namespace synclab::stress
