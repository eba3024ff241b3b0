// synclab_processes_bench: threads against processes, and private futexes
// within a process against shared futexes across processes. Prints one JSON
// object per measurement (one per line) on stdout; progress on stderr.
// bench/processes_report.py runs it and writes processes.md with plots.
//
//   synclab_processes_bench [--quick] [--only SCENARIO[,SCENARIO...]]
//
// Scenarios (each measured over a fixed window or a fixed amount of work):
//   handoff     semaphore ping-pong round trip (semaphore.futex): two threads on
//               private futexes, two threads on shared futexes, two processes on
//               shared futexes in a shared mapping. Spin budget 0 as well as the
//               default, so that the sleeping path (where private and shared
//               futexes differ: the kernel hashes a shared futex by its page) shows.
//   contention  N workers lock mutex.futex, increment, unlock, for a window:
//               threads on private futexes vs processes on shared, N = 2, 4, 8.
//   cpu         a fixed computation (hash chains) split N ways, N = 1, 2, 4, 8:
//               wall time with N threads vs N processes, start-up included.
//   io          a fixed number of blocking reads split N ways: each read waits
//               for a reply that a responder sends 1 ms after the request (a
//               device or a peer with latency), N = 1, 2, 4, 8, threads vs processes.
//   startup     create + join a thread vs fork + exit + waitpid a process (with a
//               small parent, and with 256 MiB of it resident) vs posix_spawn of
//               /bin/true.
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "primitives/mutex/futex_mutex.hpp"
#include "primitives/platform/native.hpp"
#include "primitives/semaphore/futex_semaphore.hpp"

extern char** environ;

namespace {

using namespace synclab;
using clock_type = std::chrono::steady_clock;

bool quick = false;

double seconds_since(clock_type::time_point t) {
    return std::chrono::duration<double>(clock_type::now() - t).count();
}

void emit(const std::string& scenario, const std::string& variant, int n, double value, const char* unit,
          const std::string& extra = "") {
    std::printf("{\"scenario\": \"%s\", \"variant\": \"%s\", \"n\": %d, \"value\": %.6g, \"unit\": \"%s\"%s}\n",
                scenario.c_str(), variant.c_str(), n, value, unit, extra.c_str());
    std::fflush(stdout);
}

void note(const std::string& what) {
    std::fprintf(stderr, "  %s\n", what.c_str());
}

// Memory every process can see: a MAP_SHARED | MAP_ANONYMOUS mapping, inherited by fork().
template <class T, class... Args>
T* shared_object(Args&&... args) {
    void* p = ::mmap(nullptr, sizeof(T), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        std::perror("mmap");
        std::exit(1);
    }
    return new (p) T(std::forward<Args>(args)...);
}
template <class T>
void release_shared(T* p) {
    p->~T();
    ::munmap(p, sizeof(T));
}

pid_t fork_or_die() {
    const pid_t pid = ::fork();
    if (pid < 0) {
        std::perror("fork");
        std::exit(1);
    }
    return pid;
}

void wait_all(const std::vector<pid_t>& pids) {
    for (pid_t p : pids) ::waitpid(p, nullptr, 0);
}

// ------------------------------------------------------------------ handoff

template <class P>
struct pingpong {
    futex_semaphore<P> ping, pong;
    std::atomic<int> stop{0};
    std::atomic<std::uint64_t> round_trips{0};
    pingpong(unsigned spin) : ping(0, spin), pong(0, spin) {}
};

// The responder: answers every ping with a pong until stop.
template <class P>
void respond(pingpong<P>& pp) {
    for (;;) {
        pp.ping.acquire();
        if (pp.stop.load(std::memory_order_acquire)) return;  // acquire: pairs with the initiator's release store
        pp.pong.release();
    }
}

template <class P>
double initiate(pingpong<P>& pp, double window) {
    const auto start = clock_type::now();
    std::uint64_t n = 0;
    while (seconds_since(start) < window) {
        for (int k = 0; k < 64; ++k) {
            pp.ping.release();
            pp.pong.acquire();
        }
        n += 64;
    }
    const double ns = seconds_since(start) * 1e9 / static_cast<double>(n);
    pp.stop.store(1, std::memory_order_release);  // release: pairs with the responder's acquire load
    pp.ping.release();
    return ns;
}

void handoff() {
    const double window = quick ? 0.3 : 1.0;
    for (unsigned spin : {0u, futex_semaphore<platform::native>::default_spin_budget}) {
        const std::string budget = "\"spin\": " + std::to_string(spin);
        {
            auto* pp = new pingpong<platform::native>(spin);
            std::thread t([&] { respond(*pp); });
            emit("handoff", "threads, private futex", 2, initiate(*pp, window), "ns", ", " + budget);
            t.join();
            delete pp;
        }
        {
            auto* pp = new pingpong<platform::native_shared>(spin);
            std::thread t([&] { respond(*pp); });
            emit("handoff", "threads, shared futex", 2, initiate(*pp, window), "ns", ", " + budget);
            t.join();
            delete pp;
        }
        {
            auto* pp = shared_object<pingpong<platform::native_shared>>(spin);
            const pid_t child = fork_or_die();
            if (child == 0) {
                respond(*pp);
                ::_exit(0);
            }
            emit("handoff", "processes, shared futex", 2, initiate(*pp, window), "ns", ", " + budget);
            ::waitpid(child, nullptr, 0);
            release_shared(pp);
        }
        note("handoff: spin " + std::to_string(spin) + " done");
    }
}

// --------------------------------------------------------------- contention

template <class P>
struct counter {
    futex_mutex<P> m;
    std::uint64_t count = 0;  // under m
    std::atomic<int> go{0};
    std::atomic<int> stop{0};
};

template <class P>
void count_until_stopped(counter<P>& c) {
    while (c.go.load(std::memory_order_acquire) == 0) std::this_thread::yield();  // acquire: pairs with go's store
    while (c.stop.load(std::memory_order_relaxed) == 0) {  // relaxed: a flag, the lock orders the count
        for (int k = 0; k < 32; ++k) {
            c.m.lock();
            ++c.count;
            c.m.unlock();
        }
    }
}

template <class P>
double run_window(counter<P>& c, double window) {
    const auto start = clock_type::now();
    c.go.store(1, std::memory_order_release);  // release: pairs with the workers' acquire load
    std::this_thread::sleep_for(std::chrono::duration<double>(window));
    c.stop.store(1, std::memory_order_relaxed);  // relaxed: a flag; the workers' count is read after join/waitpid
    return seconds_since(start);
}

void contention() {
    const double window = quick ? 0.3 : 1.0;
    for (int n : {2, 4, 8}) {
        {
            auto* c = new counter<platform::native>();
            std::vector<std::thread> ts;
            for (int i = 0; i < n; ++i) ts.emplace_back([&] { count_until_stopped(*c); });
            const double took = run_window(*c, window);
            for (auto& t : ts) t.join();
            emit("contention", "threads, private futex", n, static_cast<double>(c->count) / took / 1e6, "M ops/s");
            delete c;
        }
        {
            auto* c = shared_object<counter<platform::native_shared>>();
            std::vector<pid_t> pids;
            for (int i = 0; i < n; ++i) {
                const pid_t pid = fork_or_die();
                if (pid == 0) {
                    count_until_stopped(*c);
                    ::_exit(0);
                }
                pids.push_back(pid);
            }
            const double took = run_window(*c, window);
            wait_all(pids);
            emit("contention", "processes, shared futex", n, static_cast<double>(c->count) / took / 1e6, "M ops/s");
            release_shared(c);
        }
        note("contention: " + std::to_string(n) + " workers done");
    }
}

// ---------------------------------------------------------------------- cpu

// A fixed computation: chains of a 64-bit mixing function. Returns the chain's end.
std::uint64_t hash_chain(std::uint64_t seed, std::uint64_t steps) {
    std::uint64_t x = seed;
    for (std::uint64_t i = 0; i < steps; ++i) {
        x ^= x >> 31;
        x *= 0x7fb5d329728ea185ull;
        x ^= x >> 27;
    }
    return x;
}

struct results {
    std::uint64_t part[16];
};

void cpu() {
    const std::uint64_t total = quick ? (1ull << 27) : (1ull << 29);
    const std::uint64_t expect = [&] {
        std::uint64_t x = 0;
        for (int i = 0; i < 8; ++i) x ^= hash_chain(static_cast<std::uint64_t>(i) + 1, total / 8);
        return x;
    }();
    for (int n : {1, 2, 4, 8}) {
        // Work in 8 chains (so every N does the same work), chain i to worker i % n.
        const auto work = [&](int w) {
            std::uint64_t x = 0;
            for (int i = w; i < 8; i += n) x ^= hash_chain(static_cast<std::uint64_t>(i) + 1, total / 8);
            return x;
        };
        {
            std::vector<std::uint64_t> part(static_cast<std::size_t>(n));
            const auto start = clock_type::now();
            std::vector<std::thread> ts;
            for (int w = 0; w < n; ++w) ts.emplace_back([&, w] { part[static_cast<std::size_t>(w)] = work(w); });
            for (auto& t : ts) t.join();
            const double took = seconds_since(start);
            std::uint64_t x = 0;
            for (auto p : part) x ^= p;
            if (x != expect) note("cpu: threads computed a different result!");
            emit("cpu", "threads", n, took * 1e3, "ms", x == expect ? "" : ", \"wrong\": true");
        }
        {
            auto* r = shared_object<results>();
            const auto start = clock_type::now();
            std::vector<pid_t> pids;
            for (int w = 0; w < n; ++w) {
                const pid_t pid = fork_or_die();
                if (pid == 0) {
                    r->part[w] = work(w);
                    ::_exit(0);
                }
                pids.push_back(pid);
            }
            wait_all(pids);
            const double took = seconds_since(start);
            std::uint64_t x = 0;
            for (int w = 0; w < n; ++w) x ^= r->part[w];
            if (x != expect) note("cpu: processes computed a different result!");
            emit("cpu", "processes", n, took * 1e3, "ms", x == expect ? "" : ", \"wrong\": true");
            release_shared(r);
        }
        note("cpu: " + std::to_string(n) + " ways done");
    }
}

// ----------------------------------------------------------------------- io

// One responder thread per worker: reads a request byte, sleeps `latency`,
// writes the reply. The worker blocks in read() for it: I/O-bound work.
struct channel {
    int request[2];
    int reply[2];
};

void io() {
    const int reads = quick ? 64 : 256;
    const auto latency = std::chrono::milliseconds(1);
    for (int n : {1, 2, 4, 8}) {
        for (const bool processes : {false, true}) {
            std::vector<channel> ch(static_cast<std::size_t>(n));
            for (auto& c : ch) {
                if (::pipe(c.request) != 0 || ::pipe(c.reply) != 0) {
                    std::perror("pipe");
                    std::exit(1);
                }
            }
            std::vector<std::thread> responders;
            for (int w = 0; w < n; ++w) {
                responders.emplace_back([&, w] {
                    char b;
                    while (::read(ch[w].request[0], &b, 1) == 1) {
                        std::this_thread::sleep_for(latency);
                        if (::write(ch[w].reply[1], &b, 1) != 1) return;
                    }
                });
            }
            const auto worker = [&](int w) {
                char b = 'x';
                for (int k = w; k < reads; k += n) {
                    if (::write(ch[w].request[1], &b, 1) != 1 || ::read(ch[w].reply[0], &b, 1) != 1) return 1;
                }
                return 0;
            };
            const auto start = clock_type::now();
            if (processes) {
                std::vector<pid_t> pids;
                for (int w = 0; w < n; ++w) {
                    const pid_t pid = fork_or_die();
                    if (pid == 0) ::_exit(worker(w));
                    pids.push_back(pid);
                }
                wait_all(pids);
            } else {
                std::vector<std::thread> ts;
                for (int w = 0; w < n; ++w) ts.emplace_back([&, w] { worker(w); });
                for (auto& t : ts) t.join();
            }
            const double took = seconds_since(start);
            for (auto& c : ch) ::close(c.request[1]);  // the responders see end of file
            for (auto& t : responders) t.join();
            for (auto& c : ch) {
                ::close(c.request[0]);
                ::close(c.reply[0]);
                ::close(c.reply[1]);
            }
            emit("io", processes ? "processes" : "threads", n, took * 1e3, "ms",
                 ", \"reads\": " + std::to_string(reads) + ", \"latency_ms\": 1");
        }
        note("io: " + std::to_string(n) + " ways done");
    }
}

// ------------------------------------------------------------------ startup

template <class Fn>
double median_us(int reps, Fn fn) {
    std::vector<double> t;
    for (int i = 0; i < reps; ++i) {
        const auto start = clock_type::now();
        fn();
        t.push_back(seconds_since(start) * 1e6);
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

void startup() {
    const int reps = quick ? 100 : 400;
    const auto fork_once = [] {
        const pid_t pid = fork_or_die();
        if (pid == 0) ::_exit(0);
        ::waitpid(pid, nullptr, 0);
    };
    emit("startup", "thread (create + join)", 1, median_us(reps, [] { std::thread([] {}).join(); }), "us");
    emit("startup", "process (fork + exit + waitpid)", 1, median_us(reps, fork_once), "us");
    {
        // The same with 256 MiB of the parent resident: fork copies its page tables.
        const std::size_t bytes = std::size_t{256} << 20;
        auto* big = static_cast<char*>(::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
        if (big != MAP_FAILED) {
            std::memset(big, 1, bytes);
            emit("startup", "process, 256 MiB parent (fork + exit + waitpid)", 1, median_us(reps / 4, fork_once), "us");
            ::munmap(big, bytes);
        }
    }
    emit("startup", "process (posix_spawn /bin/true + waitpid)", 1, median_us(reps / 4, [] {
             pid_t pid;
             char arg0[] = "true";
             char* argv[] = {arg0, nullptr};
             if (::posix_spawn(&pid, "/bin/true", nullptr, nullptr, argv, environ) == 0) ::waitpid(pid, nullptr, 0);
         }),
         "us");
    note("startup done");
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> only;
    const std::vector<std::pair<std::string, std::function<void()>>> scenarios = {
        {"handoff", handoff}, {"contention", contention}, {"cpu", cpu}, {"io", io}, {"startup", startup}};
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--quick") {
            quick = true;
        } else if (a == "--only" && i + 1 < argc) {
            std::string list = argv[++i];
            for (std::size_t at = 0; at <= list.size();) {
                const std::size_t comma = std::min(list.find(',', at), list.size());
                only.push_back(list.substr(at, comma - at));
                at = comma + 1;
            }
        } else {
            std::fprintf(stderr, "synclab_processes_bench: unknown argument '%s'\n"
                                 "usage: synclab_processes_bench [--quick] [--only handoff,contention,cpu,io,startup]\n",
                         argv[i]);
            return 2;
        }
    }
    for (const auto& o : only) {
        if (std::none_of(scenarios.begin(), scenarios.end(), [&](const auto& s) { return s.first == o; })) {
            std::fprintf(stderr, "synclab_processes_bench: --only: unknown scenario '%s'; known: handoff, contention, cpu, io, startup\n",
                         o.c_str());
            return 2;
        }
    }
    std::fprintf(stderr, "synclab_processes_bench: %u hardware threads%s\n", std::thread::hardware_concurrency(),
                 quick ? ", quick" : "");
    for (const auto& [name, fn] : scenarios) {
        if (!only.empty() && std::find(only.begin(), only.end(), name) == only.end()) continue;
        std::fprintf(stderr, "%s ...\n", name.c_str());
        fn();
    }
    return 0;
}
