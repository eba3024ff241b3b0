// What the semaphore and condition-variable scenarios share: running a set of
// workers with a board, a watchdog and progress lines for a fixed time; each
// worker's log of its blocking calls; the checksum of the bounded buffers; and
// the check that a timed wait gave up only after its time-out.
//
// Every cross-thread step of the harness itself is a relaxed atomic (the board,
// the holder count, the stop hint): it must never create a happens-before edge
// between workers, or it could hide from ThreadSanitizer a race that the
// primitive under test fails to prevent. Results are read after join().
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "board.hpp"
#include "options.hpp"
#include "rng.hpp"
#include "stats.hpp"
#include "torture.hpp"
#include "tsan_hook.hpp"
#include "watchdog.hpp"

namespace synclab::stress {

// The headlines of the other concepts' broken invariants (the mutex one is
// mutual_exclusion_message); generate_tests.cmake looks for the first.
inline constexpr const char* holders_message = "HOLDERS ABOVE PERMITS";
inline constexpr const char* invariant_message = "INVARIANT BROKEN";
inline constexpr const char* checksum_message = "CHECKSUM MISMATCH";

// One worker's account of itself on the board: blocking calls (for the
// watchdog's "stuck in one call" and the longest wait), completed operations
// (progress) and failed tries.
class worker_log {
public:
    explicit worker_log(thread_state& st) : st_(st) {}
    worker_log(const worker_log&) = delete;
    worker_log& operator=(const worker_log&) = delete;
    // relaxed (every board store here): see board.hpp.
    ~worker_log() {
        st_.max_wait.store(max_wait_, std::memory_order_relaxed);
        st_.where.store(phase::done, std::memory_order_relaxed);
    }

    void begin_wait() {
        t0_ = now_ns();
        st_.waiting_since.store(t0_, std::memory_order_relaxed);
        st_.where.store(phase::waiting, std::memory_order_relaxed);
    }
    // Ends a blocking call; returns how long it took, in nanoseconds.
    std::int64_t end_wait(phase next = phase::outside) {
        const std::int64_t took = now_ns() - t0_;
        max_wait_ = std::max(max_wait_, took);
        st_.where.store(next, std::memory_order_relaxed);
        return took;
    }
    void enter(phase p) { st_.where.store(p, std::memory_order_relaxed); }
    void done_one() {
        st_.acquisitions.store(++ops_, std::memory_order_relaxed);
        st_.last_progress.store(now_ns(), std::memory_order_relaxed);
    }
    void failed_try() { st_.try_failures.store(++fails_, std::memory_order_relaxed); }

private:
    thread_state& st_;
    std::uint64_t ops_ = 0;
    std::uint64_t fails_ = 0;
    std::int64_t max_wait_ = 0;
    std::int64_t t0_ = 0;
};

// True when the run should wind down (the time is up, or a worker saw a broken invariant).
inline bool stopping(const arena& a) {
    return a.stop.load(std::memory_order_relaxed);  // relaxed: only a hint; join() orders the rest
}

// Work outside any primitive: a random busy loop and sometimes a yield.
inline void outside_work(rng& r, unsigned spread = 1024) {
    busy(r.below(spread));
    if (r.below(8) == 0) std::this_thread::yield();
}

// A random time-out for a timed acquire or wait: 0 (a deadline already
// reached: must return at once) to 500 us.
inline std::chrono::microseconds random_timeout(rng& r) {
    return std::chrono::microseconds(r.below(8) == 0 ? 0 : r.below(500));
}

// A timed call that reported a time-out must have lasted its time-out.
inline void check_timed_out(std::string_view label, arena& a, unsigned self, const char* call,
                            std::chrono::microseconds timeout, std::int64_t took_ns) {
    if (took_ns < std::chrono::duration_cast<std::chrono::nanoseconds>(timeout).count()) {
        report_broken(label, a, invariant_message, self,
                      std::string(call) + "(" + std::to_string(timeout.count()) + " us) timed out after " +
                          std::to_string(took_ns / 1000) + " us");
    }
}

// The checksum of a stream of items: each producer sends distinct values
// (producer index in the high bits, its sequence number in the low bits), so
// every value received exactly once gives equal count, sum and xor.
struct tally {
    std::uint64_t count = 0, sum = 0, xor_all = 0;
    void add(std::uint64_t v) {
        ++count;
        sum += v;
        xor_all ^= v;
    }
    tally& operator+=(const tally& o) {
        count += o.count;
        sum += o.sum;
        xor_all ^= o.xor_all;
        return *this;
    }
    bool operator==(const tally&) const = default;
    std::string text() const {
        char buf[96];
        std::snprintf(buf, sizeof buf, "%llu items (sum %016llx, xor %016llx)", static_cast<unsigned long long>(count),
                      static_cast<unsigned long long>(sum), static_cast<unsigned long long>(xor_all));
        return buf;
    }
};

// The bounded buffers' capacity: small, so producers and consumers both block often.
inline constexpr std::size_t buffer_capacity = 4;

inline constexpr unsigned item_sequence_bits = 40;
inline constexpr std::uint64_t end_of_stream = ~std::uint64_t{0};  // a pill: never a producer's value

inline std::uint64_t item(unsigned producer, std::uint64_t sequence) {
    return (std::uint64_t{producer} << item_sequence_bits) | sequence;
}

// What a consumer checks of each item: a known producer, and from each
// producer increasing sequence numbers (a FIFO queue hands one producer's items
// out in its order, so every consumer sees them in that order too).
class item_checker {
public:
    explicit item_checker(unsigned producers) : last_(producers, -1) {}

    // Empty when the item is fine; else what is wrong with it.
    std::string check(std::uint64_t v) {
        const std::uint64_t producer = v >> item_sequence_bits;
        const auto sequence = static_cast<std::int64_t>(v & ((std::uint64_t{1} << item_sequence_bits) - 1));
        if (producer >= last_.size()) return "received " + std::to_string(v) + " from no producer";
        std::int64_t& last = last_[producer];
        if (sequence <= last) {
            return "received item " + std::to_string(sequence) + " of producer " + std::to_string(producer) +
                   " after its item " + std::to_string(last) + " (duplicated or out of FIFO order)";
        }
        last = sequence;
        return {};
    }

private:
    std::vector<std::int64_t> last_;
};

// One scenario of an id: its label ("semaphore.futex/locker-room"), what its
// workers count, their roles, and its share of the id's time.
struct scenario_spec {
    std::string label;
    std::string unit;
    std::string try_unit;
    std::vector<std::string> roles;  // one per worker
    double seconds;
    const char* call = "blocking call";  // what a waiting worker is inside of
};

// Runs body(i, log, rng) on one thread per role until the time is up, with a
// watchdog watching and a progress line a second; then wind_down(workers)
// (sets the stop hint, closes a queue, ...: it may join some workers itself,
// the rest are joined after it). Fills in the per-thread counts; the caller adds
// its own end-of-run checks.
template <class Body, class WindDown>
run_result run_workers(const scenario_spec& spec, const options& opt, arena& a, Body&& body, WindDown&& wind_down) {
    const auto n = static_cast<unsigned>(spec.roles.size());
    board b(n);
    b.unit = spec.unit;
    b.roles = spec.roles;
    std::printf("[%s] %u threads (", spec.label.c_str(), n);
    for (unsigned i = 0, run = 1; i < n; i += run) {  // "2 producers, 2 consumers"
        for (run = 1; i + run < n && spec.roles[i + run] == spec.roles[i];) ++run;
        std::printf("%s%u %s%s", i ? ", " : "", run, spec.roles[i].c_str(), run > 1 ? "s" : "");
    }
    std::printf("), %.2f s\n", spec.seconds);
    std::fflush(stdout);
    const std::uint64_t reports_before = tsan_report_count();
    const auto start = std::chrono::steady_clock::now();
    {
        watchdog dog(spec.label, b, opt.watchdog, spec.call);
        std::vector<std::thread> workers;
        for (unsigned i = 0; i < n; ++i) {
            workers.emplace_back([&, i] {
                worker_log log(b.state[i]);
                rng r(opt.seed, i);
                body(i, log, r);
            });
        }
        wait_with_progress(spec.label, b, a, spec.seconds);
        wind_down(workers);
        for (auto& w : workers) {
            if (w.joinable()) w.join();
        }
    }  // the watchdog keeps watching until every worker has been joined
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;

    run_result res;
    res.id = spec.label;
    res.unit = spec.unit;
    res.try_unit = spec.try_unit;
    res.seconds = took.count();
    // relaxed (all loads below): after join(), which ordered every store.
    res.violations = a.violations.load(std::memory_order_relaxed);
    for (unsigned i = 0; i < n; ++i) {
        const thread_state& s = b.state[i];
        res.acquisitions.push_back(s.acquisitions.load(std::memory_order_relaxed));
        res.try_failures.push_back(s.try_failures.load(std::memory_order_relaxed));
        res.max_wait_s = std::max(res.max_wait_s, s.max_wait.load(std::memory_order_relaxed) / 1e9);
    }
    res.plain_counter = res.total();  // a scenario with a plain counter of its own overwrites it
    res.tsan_reports = tsan_report_count() - reports_before;
    return res;
}

// Sets the stop hint (and joins nobody): the wind-down of a scenario whose
// workers all watch it.
inline auto stop_all(arena& a) {
    return [&a](std::vector<std::thread>&) { a.stop.store(true, std::memory_order_relaxed); };  // relaxed: a hint
}

// n roles named `name`.
inline std::vector<std::string> roles(unsigned n, const std::string& name) { return std::vector<std::string>(n, name); }

// Producers and consumers from --threads: half and half, at least one each.
struct split {
    unsigned producers, consumers;
};
inline split producers_and_consumers(unsigned threads) {
    const unsigned producers = std::max(1u, threads / 2);
    return {producers, std::max(1u, threads - producers)};
}

// The end of every producer/consumer scenario: sums the per-thread tallies,
// prints them ("[label] sent X, received Y", in the scenario's words), and
// records a checksum failure when what was received is not what was sent.
inline void check_tallies(run_result& res, const std::string& label, const std::vector<tally>& sent,
                          const std::vector<tally>& received, const char* sent_word = "sent",
                          const char* received_word = "received", const char* why = "") {
    tally all_sent, all_received;
    for (const tally& t : sent) all_sent += t;
    for (const tally& t : received) all_received += t;
    std::printf("[%s] %s %s, %s %s\n", label.c_str(), sent_word, all_sent.text().c_str(), received_word,
                all_received.text().c_str());
    if (!(all_sent == all_received)) {
        res.failures.push_back(std::string(checksum_message) + ": " + sent_word + " " + all_sent.text() + ", " +
                               received_word + " " + all_received.text() + why);
    }
}

// The frame of every producer/consumer scenario: producers first, then
// consumers; one tally per producer and per consumer, each written by its own
// thread (`drained` more: what the main thread takes after the consumers
// stop); and the end, where every item sent must have been received once.
struct transfer {
    split n;
    std::string label;
    std::vector<tally> sent, received;
    arena a;
    scenario_spec spec;

    transfer(split roles_split, std::string name, double seconds, unsigned drained = 0)
        : n(roles_split), label(std::move(name)), sent(n.producers), received(n.consumers + drained) {
        std::vector<std::string> who = roles(n.producers, "producer");
        for (unsigned c = 0; c < n.consumers; ++c) who.push_back("consumer");
        spec = {label, "items", "failed tries", who, seconds, "push/pop"};
    }
    transfer(const transfer&) = delete;
    transfer& operator=(const transfer&) = delete;

    // Consumer c (worker `self`) took v: the order check, when the scenario
    // keeps one, then its tally and count.
    void take(item_checker* order, unsigned self, unsigned c, std::uint64_t v, worker_log& log) {
        if (order != nullptr) {
            if (std::string wrong = order->check(v); !wrong.empty()) report_broken(label, a, invariant_message, self, wrong);
        }
        received[c].add(v);
        log.done_one();
    }

    // Runs producer(p, log, rng) and consumer(self, c, log, rng) on their
    // threads, then wind_down (see run_workers), then the tallies' check
    // (check_tallies's words: what the totals are called, and why a mismatch).
    template <class Producer, class Consumer, class WindDown>
    run_result run(const options& opt, Producer&& producer, Consumer&& consumer, WindDown&& wind_down,
                   const char* sent_word = "sent", const char* received_word = "received", const char* why = "") {
        auto body = [&](unsigned self, worker_log& log, rng& r) {
            if (self < n.producers) {
                producer(self, log, r);
            } else {
                consumer(self, self - n.producers, log, r);
            }
        };
        run_result res = run_workers(spec, opt, a, body, wind_down);
        check_tallies(res, label, sent, received, sent_word, received_word, why);
        return res;
    }
};

// The scenarios of one id, run in order; a failed scenario ends the id (its
// primitive is broken: the next scenario would only add noise, or hang).
inline std::vector<run_result> run_scenarios(std::string_view id,
                                             const std::vector<std::function<run_result()>>& scenarios) {
    std::vector<run_result> out;
    for (const auto& scenario : scenarios) {
        out.push_back(scenario());
        print_result(out.back());
        if (!out.back().passed()) {
            std::printf("[%.*s] skipping its other scenarios after this failure\n", static_cast<int>(id.size()),
                        id.data());
            std::fflush(stdout);
            break;
        }
    }
    return out;
}

}  // namespace synclab::stress
