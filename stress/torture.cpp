#include "torture.hpp"

namespace synclab::stress {

void report_violation(std::string_view id, arena& a, unsigned thread, const char* what, long long seen) {
    report_broken(id, a, mutual_exclusion_message, thread, std::string(what) + " " + std::to_string(seen));
}

void report_broken(std::string_view id, arena& a, const char* headline, unsigned thread, const std::string& what) {
    // relaxed: a count read after join(); it orders nothing between workers.
    if (a.violations.fetch_add(1, std::memory_order_relaxed) == 0) {
        std::fprintf(stderr, "[%.*s] %s: thread %u: %s\n", static_cast<int>(id.size()), id.data(), headline, thread,
                     what.c_str());
        std::fflush(stderr);
    }
    // relaxed: a hint to finish; join() orders the rest.
    a.stop.store(true, std::memory_order_relaxed);
}

void wait_with_progress(std::string_view id, const board& b, arena& a, double seconds) {
    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    const auto deadline = start + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(seconds));
    auto next = start + std::chrono::seconds(1);
    std::uint64_t last_total = 0;
    // relaxed: stop is only a hint (a worker saw a broken invariant).
    while (!a.stop.load(std::memory_order_relaxed) && clock::now() < deadline) {
        std::this_thread::sleep_until(std::min({next, deadline, clock::now() + std::chrono::milliseconds(50)}));
        if (clock::now() < next) continue;
        const std::uint64_t total = b.total_acquisitions();
        const std::chrono::duration<double> elapsed = clock::now() - start;
        std::printf("[%.*s] %4.0f s: %llu %s (+%llu)\n", static_cast<int>(id.size()), id.data(),
                    elapsed.count(), static_cast<unsigned long long>(total), b.unit.c_str(),
                    static_cast<unsigned long long>(total - last_total));
        std::fflush(stdout);
        last_total = total;
        next += std::chrono::seconds(1);
    }
}

}  // namespace synclab::stress
