// The machine's mode: what one cache line costs to move between the two CPUs
// the benchmark's threads run on. On a VM the host places the vCPUs, and the
// placement changes from minute to minute: two vCPUs on one physical core
// (SMT siblings) or sharing a cache hand a line over in tens of nanoseconds,
// two on separate cores in a hundred or more, and every ratio between a
// queue or a lock that moves lines and one that moves fewer swings with it
// (an SPSC ring against boost's was 0.45-0.74x in one placement and
// 0.85-1.67x in the other, on the same VM, minutes apart). A figure that does
// not say which placement produced it is not yet a result.
//
// The probe: two threads, pinned to the first two CPUs of the process's
// affinity mask where the kernel lets them be, ping-pong one counter on its
// own cache line (each waits, spinning, for the other's increment); the
// median over five batches of round trips (each up to 20000 round trips or
// 20 ms), in nanoseconds. A round trip is two transfers of the line.
//
// The modes (thresholds on the round trip; docs/measuring.md has the figures):
//     close      below 100 ns: SMT siblings, or cores sharing a cache
//     separate   100 ns up to 400 ns: separate cores of one socket
//     far        400 ns and above: separate sockets, or a host so loaded that
//                the probe itself waited for a vCPU
//     one-cpu    the process may run on one CPU only: no probe
// synclab_bench measures it before the first scenario (the JSON context:
// synclab_placement, synclab_placement_round_trip_ns, synclab_placement_cpus)
// and again before each concept's scenarios (benchmarks named
// placement/probe:K, which every filter keeps), so a long run says which mode
// each part ran in.
#pragma once

#include <string>

namespace synclab::bench {

struct placement_sample {
    double round_trip_ns = 0;  // median of the batches
    double spread_ns = 0;      // max - min of the batches
    int cpu_a = -1, cpu_b = -1;  // the CPUs probed (-1: fewer than two allowed)
    bool pinned = false;       // both threads pinned
    const char* mode = "";     // close | separate | far | one-cpu
};

// The mode of a round trip of `ns` (thresholds above).
const char* placement_mode(double round_trip_ns);

// Runs the probe (at most about 100 ms) between the first two CPUs of the
// process's affinity mask, or between two given ones.
placement_sample measure_placement();
placement_sample measure_placement(int cpu_a, int cpu_b);

// Pinned scenarios (q_regime/<id>/regime:R/pin:K): two CPUs chosen from the
// kernel's topology (/sys/devices/system/cpu/cpuN/topology: core_id and
// physical_package_id) among those the process may run on:
//     cores      two CPUs on separate cores of one package
//     siblings   two SMT siblings of one core (hyperthreads)
// A VM shows the topology the host gives it, not where the host places the
// vCPUs: two "cores" of a VM may share a physical core for a minute. So a
// pinned scenario probes its own pair before it runs and reports the round
// trip beside its figure.
enum class pin_kind { cores, siblings };
inline constexpr pin_kind pin_kinds[] = {pin_kind::cores, pin_kind::siblings};
const char* pin_name(pin_kind kind);  // "cores", "siblings"
struct cpu_pair {
    int a = -1, b = -1;
    bool found() const { return a >= 0 && b >= 0; }
};
// The first such pair, or none (no SMT siblings shown; one CPU allowed).
cpu_pair find_cpu_pair(pin_kind kind);
// "0,1" or "none": for the JSON context and the report.
std::string describe(const cpu_pair& pair);

// Pins the calling thread to one CPU; false if the kernel refuses.
bool pin_this_thread(int cpu);

// "cache-line round trip CPU 0 <-> CPU 1 (pinned): 42 ns [38-47], close"
std::string describe(const placement_sample& s);

}  // namespace synclab::bench
