"""The reader-writer locks' part of the report (bench/rwlock.cpp's scenarios): their benchmark
names and their sections of bench.md (no plots yet)."""
import re

from report_format import fmt, table
from report_stats import ours_then_peers, summary

PLURAL = "reader-writer locks"
# As bench/rwlock.cpp registers them.
SCENARIOS = ["rw_uncontended_read", "rw_uncontended_write", "rw_mixed"]
NAME_RE = re.compile(r"^(rw_uncontended_read|rw_uncontended_write|rw_mixed)/([^/]+)"
                     r"(?:/reads:(\d+)/threads:(\d+)/cs:(\d+)ns)?(?:/|$)")
TIME_UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
# A run keeps 'rwlock': {(scenario, id, (reads, threads, cs) or 0): counters}.
PARTS = ["rwlock"]
TARGETS = ("rwlock", "## Targets: reader-writer locks", "Ratios taken within each run, then summarized (median "
           "[min-max] over runs); the verdict is on the median.")
TARGET_SHAPES = {"rw_uncontended_read": set(), "rw_uncontended_write": set(), "rw_mixed": {"reads", "threads", "cs"}}
READ_SHARES = [100, 99, 90, 50]
THREADS = [1, 2, 4, 8]
NOTES = ["- peer.pthread_rwlock is glibc's default kind (readers preferred); peer.pthread_rwlock_writer sets "
         "PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP; peer.absl_mutex_rw runs with deadlock detection off.",
         "- peer.ck_rwlock, peer.ck_pflock, peer.ck_tflock and peer.ck_brlock are Concurrency Kit's locks through "
         "a C wrapper (peers/ck_rwlock_peers.c: one out-of-line call per operation); they all spin, so a waiter "
         "preempted on 2 cores costs its whole time slice (the fair ones, ck_pflock and ck_tflock, most). "
         "peer.ck_brlock registers a reader per thread and lock at the thread's first read (once, in the "
         "warm-up of a mixed scenario) and unregisters it at the thread's exit."]


def parse_name(name):
    m = NAME_RE.match(name)
    if not m:
        return None
    shape = (int(m.group(3)), int(m.group(4)), int(m.group(5))) if m.group(3) else 0
    return "rwlock", (m.group(1), m.group(2), shape)


def kept(part, b):
    """The benchmark with 'cpu_ns': Google Benchmark's CPU time in ns (the uncontended figures)."""
    b = dict(b)
    b["cpu_ns"] = b.get("cpu_time", 0) * TIME_UNIT_NS[b.get("time_unit", "ns")]
    return b


def rv(run, scen, impl, shape, key):
    b = run["rwlock"].get((scen, impl, shape))
    return None if b is None else b.get(key)


def value(run, scen, impl, shape, key):
    """A counter for report_stats.value (shape: {'reads', 'threads', 'cs'} or {})."""
    if shape:
        return rv(run, scen, impl, (shape["reads"], shape["threads"], shape["cs"]), key)
    return rv(run, scen, impl, 0, "cpu_ns" if key == "cpu_time" else key)


def impls_of(runs):
    seen = []
    for r in runs:
        for (_, impl, _) in r["rwlock"]:
            if impl not in seen:
                seen.append(impl)
    return ours_then_peers(seen)


def sections(runs, place_targets):
    n = len(runs)
    impls = impls_of(runs)
    if not impls:
        return [], []
    placed = place_targets(TARGETS[0])
    md = [placed[0]] if placed else []
    col = lambda scen, i, shape, key: summary([rv(r, scen, i, shape, key) for r in runs])
    rows = [[i, fmt(col("rw_uncontended_read", i, 0, "cpu_ns"), n), fmt(col("rw_uncontended_write", i, 0, "cpu_ns"), n)]
            for i in impls]
    rows = [r for r in rows if any(c != "n/a" for c in r[1:])]
    if rows:
        md.append("## Reader-writer locks: uncontended (CPU ns per lock + unlock, one thread)\n\n"
                  + table(["implementation", "lock_shared + unlock_shared", "lock + unlock"], rows))
    for reads in READ_SHARES:
        rows = [[i] + [fmt(col("rw_mixed", i, (reads, t, 50), "ops_per_s"), n) for t in THREADS] for i in impls]
        rows = [r for r in rows if any(c != "n/a" for c in r[1:])]
        if rows:
            md.append(f"## Reader-writer locks: {reads}% reads, critical sections of 50 ns (operations/s)\n\n"
                      "bench/rwlock_scenarios.hpp: each operation a read with this probability, else a write; work "
                      "outside the lock between operations (2 cores: 4 and 8 threads oversubscribe).\n\n"
                      + table(["implementation"] + [f"{t} threads" for t in THREADS], rows))
    keys = [("jain_readers", "Jain readers"), ("jain_writers", "Jain writers"), ("read_wait_p99_ns", "read wait p99 ns"),
            ("read_wait_max_ns", "read wait max ns"), ("write_wait_p99_ns", "write wait p99 ns"),
            ("write_wait_max_ns", "write wait max ns")]
    rows = [[i] + [fmt(col("rw_mixed", i, (90, 8, 50), k), n) for k, _ in keys] for i in impls]
    rows = [r for r in rows if any(c != "n/a" for c in r[1:])]
    if rows:
        md.append("## Reader-writer locks: fairness and waits per role, 90% reads, 8 threads, 50 ns\n\n"
                  "Jain's index of each role's per-thread counts (1: equal shares), and the tail of every 16th "
                  "wait per role.\n\n" + table(["implementation"] + [label for _, label in keys], rows))
    return md, md[:2]


def plots(runs, out_dir):
    return []
