// The board: what each torture worker publishes about itself, for the watchdog
// and the progress lines to read while the run goes on.
//
// Every field is an atomic written by its own worker and read by others with
// relaxed order. That is deliberate: the board must never create a
// happens-before edge between workers, or it could hide from ThreadSanitizer a
// race that the lock under test fails to prevent. The final figures are read
// after join(), which orders everything.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace synclab::stress {

enum class phase : int { outside, waiting, inside, done };

constexpr const char* to_string(phase p) noexcept {
    switch (p) {
    case phase::outside: return "outside";
    case phase::waiting: return "waiting";
    case phase::inside: return "inside";
    case phase::done: return "done";
    }
    return "?";
}

// Nanoseconds on the steady clock, as a plain integer fit for an atomic.
inline std::int64_t now_ns() noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// One worker's public state, on its own cache line.
struct alignas(64) thread_state {
    std::atomic<phase> where{phase::outside};
    std::atomic<std::uint64_t> acquisitions{0};   // critical sections completed
    std::atomic<std::uint64_t> try_failures{0};   // try_lock() calls that returned false
    std::atomic<std::int64_t> last_progress{0};   // now_ns() of the last completed step
    std::atomic<std::int64_t> waiting_since{0};   // now_ns() when the current lock() began
    std::atomic<std::int64_t> max_wait{0};        // longest lock()/try_lock() call, ns
};

struct board {
    explicit board(unsigned n) : threads(n), state(std::make_unique<thread_state[]>(n)) {
        const std::int64_t t = now_ns();
        // relaxed: no worker runs yet; thread creation orders these stores.
        for (unsigned i = 0; i < n; ++i) state[i].last_progress.store(t, std::memory_order_relaxed);
    }

    std::uint64_t total_acquisitions() const noexcept {
        std::uint64_t sum = 0;
        // relaxed: a progress snapshot; exact only after join().
        for (unsigned i = 0; i < threads; ++i) sum += state[i].acquisitions.load(std::memory_order_relaxed);
        return sum;
    }

    const unsigned threads;
    std::unique_ptr<thread_state[]> state;
    // Set before the workers start and only read after: what `acquisitions`
    // counts, and each worker's role ("producer", "waiter", ...; empty for a
    // mutex run, where every worker does the same), for the watchdog's table.
    std::string unit = "acquisitions";
    std::vector<std::string> roles;
};

}  // namespace synclab::stress
