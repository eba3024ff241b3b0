#!/usr/bin/env python3
"""bench.smoke: synclab_bench on a tiny filter and duration must exit 0 and write
JSON whose scenarios carry the expected counters with sane values.

  smoke_test.py BINARY OUT_JSON
The checker is first shown to reject a damaged copy of the result (a checker
that cannot fail is a defect), then run on the real one.

Mutexes: a fixed handful of scenarios. Semaphores and condition variables:
every registered implementation and every peer (from --list/--list-peers) in
each scenario at one shape, and two budgets of the spin sweeps. Queues: every
registered queue and peer at 1P1C and in the round trip. Reader-writer locks:
every registered lock and peer uncontended (read) and at 50% reads on 2
threads."""
import copy
import json
import re
import subprocess
import sys

MUTEX_FILTER = (r"^(uncontended/(mutex\.futex|peer\.std_mutex)"
                r"|contended/(mutex\.futex|mutex\.ticket|peer\.std_mutex|peer\.ck_mcs)/threads:2/cs:(1|50)ns"
                r"|spin_sweep/mutex\.futex/spin=(0|16)/threads:2/cs:1ns)")
MUTEX_EXPECTED = 2 + 4 * 2 + 2
WAITING_FILTER = (r"^(sem_uncontended/|sem_pingpong/[^/]+/iterations|sem_buffer/[^/]+/pairs:2/"
                  r"|cv_pingpong/[^/]+/iterations|cv_buffer/[^/]+/pairs:2/|cv_notify_all/"
                  r"|(sem|cv)_pingpong/[^/]+/spin=(0|1000)/)")
QUEUE_FILTER = r"^(q_throughput/[^/]+/pairs:1/|q_roundtrip/|q_regime/(queue\.spsc|peer\.boost_spsc_queue_ct)/)"
REGIMES = ["near_empty", "near_full", "balanced", "bursts"]  # bench/queue_scenarios.hpp
RWLOCK_FILTER = r"^(rw_uncontended_read/|rw_mixed/[^/]+/reads:50/threads:2/cs:50ns)"
RWLOCK_COUNTERS = ["reads_per_s", "writes_per_s", "jain_readers", "jain_writers", "read_wait_p99_ns",
                   "read_wait_max_ns", "write_wait_p99_ns", "write_wait_max_ns"]
FILTER = MUTEX_FILTER + "|" + WAITING_FILTER + "|" + QUEUE_FILTER + "|" + RWLOCK_FILTER
PLACEMENT_MODES = ("close", "separate", "far", "one-cpu")  # bench/placement.hpp
COUNTERS = ["throughput", "jain", "max_min", "p99_wait_ns", "max_wait_ns", "cpu_ns_per_acq",
            "exclusion_ok", "stuck_threads", "threads", "cs_ns", "acquisitions"]
WINDOW_COUNTERS = ["ops", "ops_per_s", "wall_ns_per_op", "cpu_ns_per_op", "vcsw_per_op", "ivcsw_per_op", "jain",
                   "check_ok", "stuck_threads", "leftover_threads", "threads"]
NOTIFY_COUNTERS = ["first_p50_ns", "first_p99_ns", "last_p50_ns", "last_p99_ns", "last_max_ns", "latency_samples"]


def expected_names(ids, peers):
    """The semaphore, condition-variable and queue scenarios that must be there (base names)."""
    sems = [i for i in ids if i.startswith("semaphore.")] + [p for p, c in peers.items() if c == "semaphore"]
    cvs = [i for i in ids if i.startswith("condvar.")] + [p for p, c in peers.items() if c == "condvar"]
    names = []
    for s in sems:
        names += [f"sem_uncontended/{s}", f"sem_pingpong/{s}", f"sem_buffer/{s}/pairs:2"]
    for c in cvs:
        names += [f"cv_pingpong/{c}", f"cv_buffer/{c}/pairs:2", f"cv_notify_all/{c}/waiters:8"]
    queues = [i for i in ids if i.startswith("queue.")] + [p for p, c in peers.items() if c == "queue"]
    for q in queues:
        names += [f"q_throughput/{q}/pairs:1", f"q_roundtrip/{q}"]
    for q in ("queue.spsc", "peer.boost_spsc_queue_ct"):
        names += [f"q_regime/{q}/regime:{r}" for r in REGIMES]
    rwlocks = [i for i in ids if i.startswith("rwlock.")] + [p for p, c in peers.items() if c == "rwlock"]
    for r in rwlocks:
        names += [f"rw_uncontended_read/{r}", f"rw_mixed/{r}/reads:50/threads:2/cs:50ns"]
    # The sweeps: a constructor that stops taking a budget must not silently empty them.
    if "semaphore.futex" in ids:
        names += ["sem_pingpong/semaphore.futex/spin=0", "sem_pingpong/semaphore.futex/spin=1000"]
    if "condvar.futex" in ids:
        names += ["cv_pingpong/condvar.futex/spin=0", "cv_pingpong/condvar.futex/spin=1000"]
    return names


def base_name(name):
    return re.sub(r"/(min_time:[^/]+|iterations:\d+|manual_time)", "", name)


def problems(data, listed, names):
    out = []
    benches = data.get("benchmarks", [])
    if len(benches) != listed:
        out.append(f"expected {listed} scenarios (as --benchmark_list_tests lists them), got {len(benches)}")
    have = {base_name(b.get("name", "?")) for b in benches}
    out += [f"missing scenario {n}" for n in names if n not in have]
    seam_counted = False
    window_ops = 0
    probes = 0
    if data.get("context", {}).get("synclab_placement") not in PLACEMENT_MODES:
        out.append(f"no placement in the context: {data.get('context', {}).get('synclab_placement')!r}")
    for b in benches:
        name = b.get("name", "?")
        if b.get("error_occurred"):
            out.append(f"{name}: error {b.get('error_message')}")
            continue
        if name.startswith("placement/"):
            probes += 1
            if b.get("label") not in PLACEMENT_MODES or not b.get("round_trip_ns", -1) >= 0:
                out.append(f"{name}: placement {b.get('label')!r}, round trip {b.get('round_trip_ns')!r}")
            continue
        if name.startswith("uncontended/"):
            if not b.get("real_time", 0) > 0:
                out.append(f"{name}: no time")
            continue
        if name.startswith("rw_uncontended_read/"):
            if not b.get("real_time", 0) > 0:
                out.append(f"{name}: no time")
            continue
        if name.startswith("sem_uncontended/"):
            if not b.get("real_time", 0) > 0:
                out.append(f"{name}: no time")
            if b.get("try_acquire_refused", 1) != 0:
                out.append(f"{name}: try_acquire refused a free permit (or no counter)")
            seam_counted |= "futex_per_op" in b and not name.startswith("sem_uncontended/peer.")
            continue
        if name.startswith(("sem_", "cv_", "q_", "rw_mixed/")):
            missing = [c for c in WINDOW_COUNTERS + (NOTIFY_COUNTERS if name.startswith("cv_notify_all/") else [])
                       + (RWLOCK_COUNTERS if name.startswith("rw_mixed/") else []) if c not in b]
            if missing:
                out.append(f"{name}: missing counters {missing}")
                continue
            # ops may be 0 for a spinning implementation on a loaded 2-core machine; never negative.
            if not (b["ops"] >= 0 and b["wall_ns_per_op"] >= 0 and b["cpu_ns_per_op"] >= 0 and b["vcsw_per_op"] >= 0):
                out.append(f"{name}: negative figures {b['ops']} {b['wall_ns_per_op']} {b['cpu_ns_per_op']}")
            window_ops += b["ops"]
            if b["ops"] > 0 and not 0 < b["jain"] <= 1.0000001:
                out.append(f"{name}: jain {b['jain']}")
            if b["check_ok"] != 1:
                out.append(f"{name}: its invariant failed (items lost or duplicated, or a waiter left asleep)")
            if b["stuck_threads"] != 0:
                out.append(f"{name}: {b['stuck_threads']} stuck threads")
            if name.startswith("rw_mixed/") and b["ops"] > 0 and not (
                    0 <= b["read_wait_p99_ns"] <= b["read_wait_max_ns"] and b["reads_per_s"] > 0):
                out.append(f"{name}: reads {b['reads_per_s']}/s, read wait p99 {b['read_wait_p99_ns']} "
                           f"max {b['read_wait_max_ns']}")
            if name.startswith("cv_notify_all/") and b["latency_samples"] > 0 and not b["last_max_ns"] >= b["last_p50_ns"] > 0:
                out.append(f"{name}: last waiter p50 {b['last_p50_ns']} max {b['last_max_ns']}")
            peer = "/peer." in name
            if peer and "futex_per_op" in b:
                out.append(f"{name}: a futex count for a peer, which the seam cannot see")
            continue
        missing = [c for c in COUNTERS if c not in b]
        if missing:
            out.append(f"{name}: missing counters {missing}")
            continue
        if not b["throughput"] > 0:
            out.append(f"{name}: throughput {b['throughput']}")
        if not 0 < b["jain"] <= 1.0000001:
            out.append(f"{name}: jain {b['jain']}")
        if not b["max_min"] >= 1:
            out.append(f"{name}: max_min {b['max_min']}")
        if not 0 <= b["p99_wait_ns"] <= b["max_wait_ns"]:
            out.append(f"{name}: p99 {b['p99_wait_ns']} > max {b['max_wait_ns']}")
        if b["exclusion_ok"] != 1:
            out.append(f"{name}: mutual exclusion violated")
        if b["stuck_threads"] != 0:
            out.append(f"{name}: {b['stuck_threads']} stuck threads")
        # Futex counts per acquisition: for ours only (the seam cannot see a peer's
        # sleeps), exactly 0 for a lock that never sleeps.
        seam_keys = ("futex_wait_per_acq", "futex_wake_per_acq")
        if "/peer." in name and any(k in b for k in seam_keys):
            out.append(f"{name}: a futex count for a peer, which the seam cannot see")
        if "/mutex.futex/" in name and not all(k in b and b[k] >= 0 for k in seam_keys):
            out.append(f"{name}: no futex counts per acquisition (the seam probe fails)")
        if "/mutex.ticket/" in name and any(b.get(k) != 0 for k in seam_keys):
            out.append(f"{name}: a spin lock with futex counts other than 0")
    if probes == 0:
        out.append("no placement probe ran (a filter must keep them: bench/main.cpp)")
    if names and not seam_counted:
        out.append("no registry semaphore has a futex_per_op counter in sem_uncontended (the seam probe fails)")
    if names and window_ops == 0:
        out.append("no semaphore or condition-variable scenario completed a single operation")
    return out


def refused(data, count, names, prefix, damage):
    """Whether the checker finds a problem once `damage` has changed every scenario whose name starts with
    `prefix` in a copy of the run."""
    damaged = copy.deepcopy(data)
    for b in damaged["benchmarks"]:
        if b["name"].startswith(prefix):
            damage(b)
    return bool(problems(damaged, count, names))


def main():
    binary, out_json = sys.argv[1], sys.argv[2]
    ids = subprocess.run([binary, "--list"], capture_output=True, text=True)
    listed = dict(line.split("\t") for line in ids.stdout.splitlines() if "\t" in line)
    if ids.returncode != 0 or listed.get("mutex.futex") != "mutex" or listed.get("queue.spsc") != "queue":
        sys.exit(f"FAIL: --list must print 'id<TAB>concept' lines; got exit {ids.returncode}, output {ids.stdout!r}")
    ids = list(listed)
    peers_run = subprocess.run([binary, "--list-peers"], capture_output=True, text=True)
    peers = dict(line.split("\t") for line in peers_run.stdout.splitlines() if "\t" in line)
    if peers_run.returncode != 0 or peers.get("peer.sem_t") != "semaphore" or peers.get("peer.std_mutex") != "mutex":
        sys.exit(f"FAIL: --list-peers must print 'id<TAB>concept' lines; got {peers_run.stdout!r}")
    bad = subprocess.run([binary, "--duration=zero"], capture_output=True, text=True)
    if bad.returncode != 2 or "--duration" not in bad.stderr:
        sys.exit(f"FAIL: a bad --duration must exit 2 naming the flag; got {bad.returncode} {bad.stderr!r}")
    listed = subprocess.run([binary, f"--benchmark_filter={FILTER}", "--benchmark_list_tests=true", "--duration=0.03"],
                            capture_output=True, text=True)
    count = len([l for l in listed.stdout.splitlines() if l.strip()])
    names = expected_names(ids, peers)
    run = subprocess.run([binary, "--duration=0.03", "--warmup=0.01", f"--benchmark_filter={FILTER}",
                          f"--benchmark_out={out_json}", "--benchmark_out_format=json",
                          "--benchmark_min_time=0.01"], capture_output=True, text=True, timeout=50)
    if run.returncode != 0:
        sys.exit(f"FAIL: exit {run.returncode}\n{run.stderr[-2000:]}")
    with open(out_json) as f:
        data = json.load(f)

    if not refused(data, count, names, "", lambda b: b.pop("jain", None)):
        sys.exit("FAIL: the checker accepted a result without the jain counter")
    if not refused(data, count, names, "sem_buffer/", lambda b: b.update(check_ok=0)):
        sys.exit("FAIL: the checker accepted a buffer run that lost items")

    if not refused(data, count, names, "contended/mutex.futex/", lambda b: b.pop("futex_wait_per_acq", None)):
        sys.exit("FAIL: the checker accepted a mutex.futex run without its futex counts")

    if not refused(data, count, names, "rw_mixed/", lambda b: b.update(check_ok=0)):
        sys.exit("FAIL: the checker accepted a reader-writer run whose data changed under a reader")

    found = problems(data, count, names)
    if count < MUTEX_EXPECTED + len(names):
        found.append(f"the filter selects {count} scenarios, fewer than the {MUTEX_EXPECTED + len(names)} expected")
    if found:
        sys.exit("FAIL:\n  " + "\n  ".join(found))
    print(f"ok: {len(data['benchmarks'])} scenarios with the expected counters")


if __name__ == "__main__":
    main()
