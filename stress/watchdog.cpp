#include "watchdog.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "result_line.hpp"

namespace synclab::stress {

watchdog::watchdog(std::string id, const board& b, double limit_seconds, const char* call)
    : id_(std::move(id)), board_(b), limit_ns_(static_cast<std::int64_t>(limit_seconds * 1e9)), call_(call) {
    begin_scenario(id_, b.threads);  // every scenario runs under one watchdog
    thread_ = std::thread([this] { run(); });
}

watchdog::~watchdog() {
    // relaxed: join() below orders everything; the flag only ends the loop.
    stop_.store(true, std::memory_order_relaxed);
    thread_.join();
}

void watchdog::run() {
    // relaxed: see ~watchdog().
    while (!stop_.load(std::memory_order_relaxed)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        const std::int64_t now = now_ns();
        std::int64_t latest = 0;
        bool any_running = false;
        for (unsigned i = 0; i < board_.threads; ++i) {
            const thread_state& s = board_.state[i];
            // relaxed: the board never synchronizes workers (see board.hpp).
            const phase where = s.where.load(std::memory_order_relaxed);
            if (where == phase::done) continue;
            any_running = true;
            // relaxed: as above.
            const std::int64_t last = s.last_progress.load(std::memory_order_relaxed);
            if (last > latest) latest = last;
            // relaxed: as above.
            const std::int64_t since = s.waiting_since.load(std::memory_order_relaxed);
            if (where == phase::waiting && now - since > limit_ns_) {
                const std::string why = std::string("a worker is stuck in one ") + call_ + " call";
                fire(why.c_str(), i, (now - since) / 1e9);
            }
        }
        if (any_running && now - latest > limit_ns_) {
            fire("no running worker made progress", board_.threads, (now - latest) / 1e9);
        }
    }
}

void watchdog::fire(const char* why, unsigned culprit, double seconds) const {
    std::fprintf(stderr, "\n%s: %s: %s for %.2f s (limit %.2f s)", watchdog_message, id_.c_str(), why, seconds,
                 limit_ns_ / 1e9);
    if (culprit < board_.threads) std::fprintf(stderr, " [thread %u]", culprit);
    const bool roles = !board_.roles.empty();
    std::fprintf(stderr, "\n%8s %-8s %14s %12s %16s%s\n", "thread", "state", board_.unit.c_str(), "try-fails",
                 "idle (s)", roles ? "  role" : "");
    const std::int64_t now = now_ns();
    for (unsigned i = 0; i < board_.threads; ++i) {
        const thread_state& s = board_.state[i];
        // relaxed (all four): a diagnostic snapshot.
        std::fprintf(stderr, "%8u %-8s %14llu %12llu %16.2f%s%s\n", i,
                     to_string(s.where.load(std::memory_order_relaxed)),
                     static_cast<unsigned long long>(s.acquisitions.load(std::memory_order_relaxed)),
                     static_cast<unsigned long long>(s.try_failures.load(std::memory_order_relaxed)),
                     std::max<std::int64_t>(0, now - s.last_progress.load(std::memory_order_relaxed)) / 1e9,
                     roles ? "  " : "", roles && i < board_.roles.size() ? board_.roles[i].c_str() : "");
    }
    if (known_hang_defect != nullptr) {
        std::fprintf(stderr, "%s: %s: %s; this hang is that defect, reproduced, not a new failure\n",
                     known_defect_message, id_.c_str(), known_hang_defect);
    }
    std::fflush(stdout);
    std::fflush(stderr);
    write_hang_line();
    std::_Exit(1);
}

}  // namespace synclab::stress
