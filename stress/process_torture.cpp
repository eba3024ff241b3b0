// synclab_processes: the process-shared primitives under several processes
// with several threads each, in one anonymous shared region.
//
//   synclab_processes robust [--processes K] [--threads T] [--duration S]
//                            [--poll-ms M] [--max-detection-ms D] [--seed N] [--no-kill]
//       K processes x T threads take mutex.robust (robust_mutex<native_shared>)
//       around a two-step update (a += 1, a short window, b += 1; a == b
//       outside the lock) and a per-process tally. One process SIGKILLs itself
//       inside its critical section, between the two steps, at a random moment
//       in the first half of the run. The survivors must get owner_died, roll
//       the half update back (a = b) and mark the lock consistent. At the end
//       a == b == the sum of the tallies: nothing lost beyond the killed
//       critical section. Reports how long after the kill a survivor learnt of
//       it (the target is 100 ms at most; the run fails past --max-detection-ms).
//
//   synclab_processes shared [--processes K] [--threads T] [--duration S] [--seed N]
//       the other process-shared primitives: K x T workers take a locker room
//       of semaphore.futex (3 permits; holders never exceed 3, counted under
//       mutex.futex), push and pop numbered items through a queue.mpmc with
//       its cells in place (checksum and count of every item), and meet at a
//       condvar.futex barrier once a second. All shared futexes.
//
// Exit status: 0 when every invariant held, 1 when one broke (the message says
// which), 2 on bad arguments. Prints progress once a second.
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "primitives/condvar/futex_condvar.hpp"
#include "primitives/mutex/futex_mutex.hpp"
#include "primitives/mutex/robust_mutex.hpp"
#include "primitives/platform/native.hpp"
#include "primitives/queue/mpmc_queue.hpp"
#include "primitives/semaphore/futex_semaphore.hpp"
#include "primitives/shared/region.hpp"
#include "stress/rng.hpp"

namespace {

using namespace synclab;
using platform::native_shared;
using clock_type = std::chrono::steady_clock;  // CLOCK_MONOTONIC: one clock for every process

constexpr int max_processes = 16;

struct options {
    std::string mode;
    int processes = 4;
    int threads = 2;
    double duration_s = 2.0;
    int poll_ms = 10;
    int max_detection_ms = 1000;
    std::uint64_t seed = 1;
    bool kill = true;
};

[[noreturn]] void usage(const std::string& why) {
    std::fprintf(stderr,
                 "synclab_processes: %s\n"
                 "usage: synclab_processes robust|shared [--processes 2..%d] [--threads 1..16] [--duration S]\n"
                 "                         [--poll-ms 1..1000] [--max-detection-ms N] [--seed N] [--no-kill]\n",
                 why.c_str(), max_processes);
    std::exit(2);
}

long integer_flag(const char* flag, const char* value, long lo, long hi) {
    char* end = nullptr;
    const long v = value ? std::strtol(value, &end, 10) : 0;
    if (value == nullptr || *end != '\0' || v < lo || v > hi) {
        usage(std::string(flag) + " expects an integer in " + std::to_string(lo) + ".." + std::to_string(hi) +
              ", got '" + (value ? value : "") + "'");
    }
    return v;
}

options parse(int argc, char** argv) {
    options o;
    if (argc < 2) usage("which run? robust or shared");
    o.mode = argv[1];
    if (o.mode != "robust" && o.mode != "shared") usage("unknown run '" + o.mode + "': robust or shared");
    for (int i = 2; i < argc; ++i) {
        const std::string_view a = argv[i];
        const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
        if (a == "--processes") o.processes = static_cast<int>(integer_flag("--processes", v, 2, max_processes)), ++i;
        else if (a == "--threads") o.threads = static_cast<int>(integer_flag("--threads", v, 1, 16)), ++i;
        else if (a == "--poll-ms") o.poll_ms = static_cast<int>(integer_flag("--poll-ms", v, 1, 1000)), ++i;
        else if (a == "--max-detection-ms")
            o.max_detection_ms = static_cast<int>(integer_flag("--max-detection-ms", v, 1, 600000)), ++i;
        else if (a == "--seed") o.seed = static_cast<std::uint64_t>(integer_flag("--seed", v, 0, 1L << 62)), ++i;
        else if (a == "--no-kill") o.kill = false;
        else if (a == "--duration") {
            char* end = nullptr;
            o.duration_s = v ? std::strtod(v, &end) : 0;
            if (v == nullptr || *end != '\0' || !(o.duration_s > 0 && o.duration_s <= 3600))
                usage(std::string("--duration expects seconds in (0, 3600], got '") + (v ? v : "") + "'");
            ++i;
        } else usage("unknown flag '" + std::string(a) + "'");
    }
    return o;
}

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now().time_since_epoch()).count();
}

// Forks n children running body(index); returns their pids.
template <class Body>
std::vector<pid_t> fork_children(int n, Body body) {
    std::vector<pid_t> pids;
    for (int p = 0; p < n; ++p) {
        const pid_t pid = ::fork();
        if (pid < 0) {
            std::perror("fork");
            std::exit(1);
        }
        if (pid == 0) ::_exit(body(p));
        pids.push_back(pid);
    }
    return pids;
}

// Waits for them; returns how many were killed by a signal, and sets failed
// for any that exited non-zero.
int reap(const std::vector<pid_t>& pids, bool& failed) {
    int killed = 0;
    for (pid_t pid : pids) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        if (WIFSIGNALED(status)) ++killed;
        else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failed = true;
    }
    return killed;
}

template <class Fn>
void run_threads(int n, Fn fn) {
    std::vector<std::thread> ts;
    for (int t = 0; t < n; ++t) ts.emplace_back(fn, t);
    for (auto& t : ts) t.join();
}

void progress(const char* what, const options& o, std::int64_t start, std::int64_t end,
              const std::atomic<std::int64_t>& done) {
    std::int64_t next = start + 1'000'000'000;
    while (now_ns() < end) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (now_ns() >= next) {
            std::printf("  %s: %.0f s of %.1f, %lld ops\n", what, (now_ns() - start) / 1e9, o.duration_s,
                        static_cast<long long>(done.load(std::memory_order_relaxed)));  // relaxed: a progress count, orders nothing
            std::fflush(stdout);
            next += 1'000'000'000;
        }
    }
}

// ------------------------------------------------------------------ robust

struct robust_state {
    robust_mutex<native_shared> m;
    // Under m:
    std::uint64_t a = 0, b = 0;               // a == b outside the lock
    std::uint64_t tally[max_processes] = {};  // completed critical sections, per process
    int repairs = 0;
    std::int64_t detection_ns = -1;  // kill -> owner_died, as the first survivor saw it
    // Outside m:
    std::atomic<std::int64_t> killed_at{0};  // the victim's clock reading just before SIGKILL
    std::atomic<std::int64_t> ops{0};

    explicit robust_state(std::chrono::nanoseconds poll) : m(poll) {}
};

int run_robust(const options& o) {
    auto region = shared_region::anonymous(1 << 16, 1);
    auto& s = region.place<robust_state>("robust", std::chrono::milliseconds(o.poll_ms));
    const std::int64_t start = now_ns();
    const std::int64_t end = start + static_cast<std::int64_t>(o.duration_s * 1e9);
    stress::rng choose(o.seed, 999);
    // The victim: process 0, thread 0, at a random moment in the first half of the run.
    const std::int64_t kill_after = start + static_cast<std::int64_t>(choose.below(1000) * o.duration_s * 0.5e6);
    std::printf("robust: %d processes x %d threads, %.1f s, poll %d ms, %s (seed %llu)\n", o.processes, o.threads,
                o.duration_s, o.poll_ms,
                o.kill ? "process 0 is killed inside its critical section" : "no kill",
                static_cast<unsigned long long>(o.seed));
    std::fflush(stdout);

    const auto pids = fork_children(o.processes, [&](int p) {
        run_threads(o.threads, [&](int t) {
            stress::rng r(o.seed, static_cast<unsigned>(p * 64 + t));
            const bool victim = o.kill && p == 0 && t == 0;
            while (now_ns() < end) {
                const auto status = s.m.lock();
                if (status.owner_died()) {
                    // The dead owner's half update: roll it back.
                    if (s.detection_ns < 0) s.detection_ns = now_ns() - s.killed_at.load();
                    s.a = s.b;
                    ++s.repairs;
                    s.m.mark_consistent();
                }
                if (s.a != s.b) {
                    std::fprintf(stderr, "robust: a = %llu, b = %llu on entry: a half update nobody repaired\n",
                                 static_cast<unsigned long long>(s.a), static_cast<unsigned long long>(s.b));
                    std::_Exit(1);
                }
                ++s.a;
                for (unsigned spin = r.below(64); spin > 0; --spin) native_shared::spin_pause();
                if (victim && now_ns() >= kill_after) {
                    s.killed_at.store(now_ns());
                    ::raise(SIGKILL);  // inside the critical section, between the two steps
                }
                ++s.b;
                ++s.tally[p];
                s.m.unlock();
                s.ops.fetch_add(1, std::memory_order_relaxed);  // relaxed: a progress count
            }
        });
        return 0;
    });
    progress("robust", o, start, end, s.ops);
    bool failed = false;
    const int killed = reap(pids, failed);
    if (failed) {
        std::fprintf(stderr, "robust: FAILED: a worker process broke an invariant (above)\n");
        return 1;
    }
    s.m.lock();
    std::uint64_t completed = 0;
    for (int p = 0; p < o.processes; ++p) completed += s.tally[p];
    std::printf("robust: %llu critical sections in %d processes (%d killed), a = %llu, b = %llu, repairs %d\n",
                static_cast<unsigned long long>(completed), o.processes, killed,
                static_cast<unsigned long long>(s.a), static_cast<unsigned long long>(s.b), s.repairs);
    bool ok = s.a == s.b && s.a == completed;
    if (!ok) std::fprintf(stderr, "robust: FAILED: a = b = the completed critical sections does not hold\n");
    if (o.kill) {
        if (killed != 1 || s.repairs != 1) {
            std::fprintf(stderr, "robust: FAILED: expected 1 killed process and 1 repair, got %d and %d\n", killed,
                         s.repairs);
            ok = false;
        } else {
            const double ms = s.detection_ns / 1e6;
            std::printf("robust: the owner's death was seen %.2f ms after the kill (target <= 100 ms: %s)\n", ms,
                        ms <= 100 ? "met" : "MISSED");
            if (ms > o.max_detection_ms) {
                std::fprintf(stderr, "robust: FAILED: detection took %.1f ms, past --max-detection-ms %d\n", ms,
                             o.max_detection_ms);
                ok = false;
            }
        }
    } else if (killed != 0 || s.repairs != 0) {
        std::fprintf(stderr, "robust: FAILED: nobody was killed, yet %d killed and %d repairs\n", killed, s.repairs);
        ok = false;
    }
    s.m.unlock();
    std::printf("robust: %s\n", ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}

// ------------------------------------------------------------------ shared

constexpr int locker_permits = 3;
constexpr std::size_t queue_cells = 256;

struct shared_state {
    futex_semaphore<native_shared> lockers{locker_permits};
    futex_mutex<native_shared> m;               // guards the fields below
    futex_condvar<native_shared> round_changed;  // the barrier's
    int holders = 0, max_holders = 0;
    int arrived = 0;
    std::uint64_t round = 0;
    bool finished = false;  // decided by the last to arrive at a barrier round
    mpmc_queue<std::uint64_t, native_shared, faithful, cells_in_place<queue_cells>> queue{queue_cells};
    std::atomic<std::uint64_t> pushed_sum{0}, popped_sum{0}, pushed{0}, popped{0};
    std::atomic<std::int64_t> ops{0};
};

int run_shared(const options& o) {
    auto region = shared_region::anonymous(1 << 20, 1);
    auto& s = region.place<shared_state>("shared");
    const std::int64_t start = now_ns();
    const std::int64_t end = start + static_cast<std::int64_t>(o.duration_s * 1e9);
    const int workers = o.processes * o.threads;
    std::printf("shared: %d processes x %d threads: locker room of %d, queue.mpmc of %zu cells in place, a barrier\n",
                o.processes, o.threads, locker_permits, queue_cells);
    std::fflush(stdout);
    const auto pids = fork_children(o.processes, [&](int p) {
        run_threads(o.threads, [&](int t) {
            const unsigned me = static_cast<unsigned>(p * 64 + t);
            stress::rng r(o.seed, me);
            std::uint64_t serial = 0, my_round = 0;
            for (;;) {
                // The locker room.
                s.lockers.acquire();
                s.m.lock();
                if (++s.holders > s.max_holders) s.max_holders = s.holders;
                s.m.unlock();
                for (unsigned spin = r.below(32); spin > 0; --spin) native_shared::spin_pause();
                s.m.lock();
                --s.holders;
                s.m.unlock();
                s.lockers.release();
                // The queue: push one numbered item, pop one (anyone's).
                const std::uint64_t item = (std::uint64_t{me} << 40) | ++serial;
                // relaxed: tallies, read after every worker process has been reaped
                // (waitpid orders them), never to decide anything during the run.
                if (s.queue.try_push(item)) {
                    s.pushed_sum.fetch_add(item, std::memory_order_relaxed);
                    s.pushed.fetch_add(1, std::memory_order_relaxed);
                }
                if (auto v = s.queue.try_pop()) {
                    s.popped_sum.fetch_add(*v, std::memory_order_relaxed);
                    s.popped.fetch_add(1, std::memory_order_relaxed);
                }
                s.ops.fetch_add(1, std::memory_order_relaxed);  // relaxed: a progress count
                // The barrier, once a second: everyone waits for everyone. The
                // last to arrive decides for all whether this round is the end,
                // so nobody leaves while others still wait for it.
                const std::uint64_t due = static_cast<std::uint64_t>((now_ns() - start) / 1'000'000'000);
                if (due > my_round || now_ns() >= end) {
                    s.m.lock();
                    const std::uint64_t r0 = s.round;
                    if (++s.arrived == workers) {
                        s.arrived = 0;
                        s.finished = now_ns() >= end;
                        ++s.round;
                        s.m.unlock();
                        s.round_changed.notify_all();
                    } else {
                        while (s.round == r0) s.round_changed.wait(s.m);
                        s.m.unlock();
                    }
                    my_round = due > my_round ? due : my_round + 1;
                    s.m.lock();
                    const bool finished = s.finished && s.round == r0 + 1;
                    s.m.unlock();
                    if (finished) break;
                }
            }
        });
        return 0;
    });
    progress("shared", o, start, end, s.ops);
    bool failed = false;
    const int killed = reap(pids, failed);
    // Drain what is left in the queue.
    while (auto v = s.queue.try_pop()) {
        s.popped_sum.fetch_add(*v);
        s.popped.fetch_add(1);
    }
    bool ok = !failed && killed == 0;
    std::printf("shared: %lld rounds of work; most holders at once %d of %d; %llu items pushed, %llu popped\n",
                static_cast<long long>(s.ops.load()), s.max_holders, locker_permits,
                static_cast<unsigned long long>(s.pushed.load()), static_cast<unsigned long long>(s.popped.load()));
    if (s.max_holders > locker_permits) {
        std::fprintf(stderr, "shared: FAILED: %d holders at once in a locker room of %d\n", s.max_holders,
                     locker_permits);
        ok = false;
    }
    if (s.pushed.load() != s.popped.load() || s.pushed_sum.load() != s.popped_sum.load()) {
        std::fprintf(stderr, "shared: FAILED: the queue lost or invented items (checksums %llu vs %llu)\n",
                     static_cast<unsigned long long>(s.pushed_sum.load()),
                     static_cast<unsigned long long>(s.popped_sum.load()));
        ok = false;
    }
    if (!ok && (failed || killed)) std::fprintf(stderr, "shared: FAILED: a worker process failed or was killed\n");
    std::printf("shared: %s\n", ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const options o = parse(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    return o.mode == "robust" ? run_robust(o) : run_shared(o);
}
