// The placement probe (placement.hpp).
#include "placement.hpp"

#include "primitives/platform/native.hpp"

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace synclab::bench {

namespace {

constexpr double close_below_ns = 100;
constexpr double far_from_ns = 400;
constexpr int batches = 5;
// A batch ends at whichever comes first: on a loaded host a round trip can
// wait a scheduler slice, and the probe must stay short.
constexpr std::uint32_t round_trips_per_batch = 20000;
constexpr std::chrono::milliseconds batch_cap{20};

// The CPUs this process may run on (its affinity mask), in order.
std::vector<int> allowed_cpus() {
    std::vector<int> cpus;
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return cpus;
    for (int c = 0; c < CPU_SETSIZE; ++c) {
        if (CPU_ISSET(c, &set)) cpus.push_back(c);
    }
    return cpus;
}

// A number from a sysfs file of the CPU's topology, or -1.
int topology_value(int cpu, const char* file) {
    const std::string path = "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/topology/" + file;
    std::ifstream in(path);
    int v = -1;
    if (!(in >> v)) return -1;
    return v;
}

struct alignas(128) line {
    std::atomic<std::uint32_t> value{0};
};

}  // namespace

const char* placement_mode(double round_trip_ns) {
    if (round_trip_ns < close_below_ns) return "close";
    if (round_trip_ns < far_from_ns) return "separate";
    return "far";
}

bool pin_this_thread(int cpu) {
    if (cpu < 0) return false;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
}

const char* pin_name(pin_kind kind) { return kind == pin_kind::cores ? "cores" : "siblings"; }

cpu_pair find_cpu_pair(pin_kind kind) {
    struct place {
        int cpu, core, package;
    };
    std::vector<place> allowed;
    for (const int c : allowed_cpus()) {
        const int core = topology_value(c, "core_id"), package = topology_value(c, "physical_package_id");
        if (core >= 0 && package >= 0) allowed.push_back({c, core, package});
    }
    for (std::size_t i = 0; i < allowed.size(); ++i) {
        for (std::size_t j = i + 1; j < allowed.size(); ++j) {
            const place& x = allowed[i];
            const place& y = allowed[j];
            if (x.package != y.package) continue;
            if ((kind == pin_kind::siblings) == (x.core == y.core)) return {x.cpu, y.cpu};
        }
    }
    return {};
}

std::string describe(const cpu_pair& pair) {
    return pair.found() ? std::to_string(pair.a) + "," + std::to_string(pair.b) : std::string("none");
}

placement_sample measure_placement() {
    const std::vector<int> cpus = allowed_cpus();
    return cpus.size() >= 2 ? measure_placement(cpus[0], cpus[1]) : measure_placement(-1, -1);
}

placement_sample measure_placement(int cpu_a, int cpu_b) {
    placement_sample s;
    const std::array<int, 2> cpus{cpu_a, cpu_b};
    s.cpu_a = cpus[0];
    s.cpu_b = cpus[1];
    if (cpus[0] < 0 || cpus[1] < 0) {  // one CPU: the two threads would hand the line over by time slices
        s.mode = "one-cpu";
        return s;
    }
    std::array<double, batches> ns{};
    line counter;
    std::atomic<bool> partner_pinned{false};
    // The partner answers each odd value with the next even one.
    std::thread partner([&] {
        partner_pinned.store(pin_this_thread(cpus[1]), std::memory_order_relaxed);
        for (std::uint32_t want = 1;; want += 2) {
            std::uint32_t v;
            // acquire: pairs with the initiator's release store of `want`.
            while ((v = counter.value.load(std::memory_order_acquire)) != want) {
                if (v == 0xffffffffu) return;
                platform::native::spin_pause();
            }
            // release: pairs with the initiator's acquire load of the answer.
            counter.value.store(want + 1, std::memory_order_release);
        }
    });
    // The initiator runs here, on the other CPU; it gives its own affinity back after.
    cpu_set_t saved;
    const bool had_mask = sched_getaffinity(0, sizeof saved, &saved) == 0;
    const bool self_pinned = pin_this_thread(cpus[0]);
    std::uint32_t next = 1;
    for (int b = 0; b < batches; ++b) {
        const auto begin = std::chrono::steady_clock::now();
        std::uint32_t done = 0;
        auto now = begin;
        while (done < round_trips_per_batch && now - begin < batch_cap) {
            for (int i = 0; i < 64; ++i, ++done, next += 2) {
                // release/acquire: the hand-off itself (see the partner).
                counter.value.store(next, std::memory_order_release);
                while (counter.value.load(std::memory_order_acquire) != next + 1) platform::native::spin_pause();
            }
            now = std::chrono::steady_clock::now();
        }
        const std::chrono::duration<double, std::nano> took = now - begin;
        ns[static_cast<std::size_t>(b)] = took.count() / done;
    }
    counter.value.store(0xffffffffu, std::memory_order_release);  // release: ends the partner
    partner.join();
    if (had_mask) pthread_setaffinity_np(pthread_self(), sizeof saved, &saved);
    std::sort(ns.begin(), ns.end());
    s.round_trip_ns = ns[batches / 2];
    s.spread_ns = ns.back() - ns.front();
    s.pinned = self_pinned && partner_pinned.load(std::memory_order_relaxed);
    s.mode = placement_mode(s.round_trip_ns);
    return s;
}

std::string describe(const placement_sample& s) {
    char text[160];
    if (s.cpu_a >= 0) {
        std::snprintf(text, sizeof text, "cache-line round trip CPU %d <-> CPU %d (%s): %.0f ns (spread %.0f ns), %s",
                      s.cpu_a, s.cpu_b, s.pinned ? "pinned" : "not pinned", s.round_trip_ns, s.spread_ns, s.mode);
    } else {
        std::snprintf(text, sizeof text, "one CPU allowed: no cache-line round trip measured, %s", s.mode);
    }
    return text;
}

}  // namespace synclab::bench
