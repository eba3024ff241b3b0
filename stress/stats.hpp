// What one torture run measured, its verdict, and how it is printed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace synclab::stress {

struct run_result {
    std::string id;                           // the id, or "ID/scenario" for a concept with several
    double seconds = 0;
    std::string unit = "acquisitions";        // what `acquisitions` counts (items, round trips, ...)
    std::string try_unit = "try_lock failures";  // what `try_failures` counts
    std::vector<std::uint64_t> acquisitions;  // per thread
    std::vector<std::uint64_t> try_failures;  // per thread
    std::uint64_t plain_counter = 0;
    std::uint64_t violations = 0;
    double max_wait_s = 0;                    // longest single lock()/try_lock() call
    std::uint64_t tsan_reports = 0;           // ThreadSanitizer reports during this run
    std::vector<std::string> failures;        // end-of-run checks that failed (a checksum), one line each

    std::uint64_t total() const;
    double ops_per_second() const;
    double min_max_ratio() const;
    bool counter_matches() const { return plain_counter == total(); }
    bool passed() const { return violations == 0 && counter_matches() && tsan_reports == 0 && failures.empty(); }
};

// Jain's fairness index (sum x)^2 / (n * sum x^2): 1 when every thread got the
// same share, 1/n when one thread got everything.
double jain_index(const std::vector<std::uint64_t>& x);

void print_result(const run_result& r);
void print_summary(const std::vector<run_result>& results);

}  // namespace synclab::stress
