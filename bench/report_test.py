#!/usr/bin/env python3
"""bench.report: report.py on the smoke run's JSON must write bench.md with the
expected tables and rows; an unknown id must exit 2 listing the known ids; a
concept name must select that concept's implementations and peers only.

  report_test.py REPORT_PY BINARY SMOKE_JSON OUT_DIR
The checker is first shown to reject a report made from an empty run."""
import importlib.util
import json
import os
import re
import subprocess
import sys

EXPECTED = [
    "## Uncontended lock+unlock (ns/op, one thread)",
    "| mutex.futex |",
    "| peer.std_mutex |",
    "## Targets",
    "| mutex.futex vs two locked RMWs (peer.floor_two_rmw), uncontended time |",
    "| mutex.futex vs std::mutex, uncontended time |",
    "| mutex.futex vs the better of peer.absl_mutex_nodetect and peer.tbb_mutex, 8 threads cs:1ns throughput |",
    "| mutex.futex vs peer.std_mutex, 8 threads cs:1ns throughput |",
    "| mutex.ticket vs peer.ck_ticket, 2 threads cs:1ns throughput |",
    "| minimal Drepper mutex (peer.drepper_minimal) vs std::mutex, 8 threads hammer throughput: the premise of 2.0x |",
    "## Contended throughput (acquisitions/s), critical section 1 ns",
    "## Contended throughput (acquisitions/s), critical section 50 ns",
    "## mutex.futex spin budget sweep",
    "Winner here: **spin=",
    "| mutex.ticket | 2 |",
    "| peer.ck_mcs | 2 |",
    "| CPU ns/acq | futex waits/acq | futex wakes/acq | stuck threads |",
    "- machine: ",
]
# The semaphore and condition-variable part (the smoke run has every implementation
# in each scenario at one shape, and two budgets of each sweep).
EXPECTED_WAITING = [
    "## Targets: semaphores and condition variables",
    "## Semaphores",
    "### Uncontended try_acquire + release (ns/op, one thread)",
    "| peer.sem_t |",
    "| peer.moodycamel_sem |",
    "| peer.std_counting_semaphore |",
    "### Hand-off round trip: semaphore ping-pong (two threads)",
    "### Producers and consumers through semaphore_queue",
    "| semaphore.std | 2+2 |",
    "## Condition variables",
    "### Hand-off round trip: condition-variable ping-pong (two threads)",
    "### Producers and consumers through blocking_queue",
    "| peer.std_condition_variable | 2+2 |",
    "### notify_all wake-up latency",
    "| peer.pthread_cond | 8 |",
    "| condvar.std | 8 |",
]
# Rows whose figure must be a number when the implementation is registered.
TARGET_ROWS = {
    "semaphore.futex": ["semaphore.futex vs sem_t, uncontended try_acquire+release time",
                        "semaphore.futex vs moodycamel, hand-off round trip (wall)",
                        "semaphore.futex release with no waiter: futex syscalls per try_acquire+release (seam counter)"],
    "condvar.futex": ["condvar.futex vs std::condition_variable, hand-off round trip (wall)"],
}
SWEEPS = {"semaphore.futex": "### semaphore.futex spin budget sweep", "condvar.futex": "### condvar.futex spin budget sweep"}


# The queue part (the smoke run has every queue and peer at 1P1C and in the round trip).
EXPECTED_QUEUE = [
    "## Targets: queues",
    "| queue.spsc vs peer.boost_spsc_queue, 1P1C throughput |",
    "## Queue throughput (items/s), producers and consumers spinning on try_push/try_pop",
    "| queue.mpmc |",
    "| peer.moodycamel_queue |",
    "## Queue round-trip latency (two threads, two queues, spinning)",
]


def missing(md, expected):
    return [e for e in expected if e not in md]


def report(report_py, json_path, out_dir):
    r = subprocess.run([sys.executable, report_py, "--from-json", json_path, "--out", out_dir],
                       capture_output=True, text=True, timeout=25)
    if r.returncode != 0:
        sys.exit(f"FAIL: report.py exit {r.returncode}\n{r.stderr[-2000:]}")
    with open(os.path.join(out_dir, "bench.md")) as f:
        return f.read()


def target_figures(md, ids):
    """Problems with the semaphore/condvar target rows: each must carry a figure and a verdict."""
    out = []
    for impl, labels in TARGET_ROWS.items():
        if impl not in ids:
            continue
        for label in labels:
            m = re.search(r"^\| " + re.escape(label) + r" \| ([^|]+) \| [^|]+ \| ([^|]+) \|$", md, re.M)
            if not m:
                out.append(f"no target row '{label}'")
            elif m.group(1).strip() == "n/a" or m.group(2).strip() not in ("met", "MISSED"):
                out.append(f"target row '{label}' has figure {m.group(1).strip()!r}, verdict {m.group(2).strip()!r}")
        if SWEEPS[impl] not in md:
            out.append(f"no section {SWEEPS[impl]}")
    return out


# The CPU cell beside the 8-thread mutex targets, on two synthetic runs whose
# ratios are known: mutex.futex's CPU per acquisition over std::mutex's is 0.5
# with outside work in both runs, and 0.25 and 0.75 in the hammer. With
# outside work, absl and tbb trade places between the runs: the better one
# makes 1.25M/s for 40 ns of CPU in each, so the target against the better of
# the two reads 0.8 [0.8-0.8] (MISSED) with CPU 1.25 only if the better peer
# is chosen in each run.
def synthetic_cpu_runs(out_dir):
    paths = []
    for rep, hammer_cpu in enumerate((25.0, 75.0), 1):
        benches = []
        for scen, ours_cpu in (("contended", 50.0), ("hammer", hammer_cpu)):
            impls = [("mutex.futex", ours_cpu, 1e6), ("peer.std_mutex", 100.0, 1e6)]
            if scen == "contended":
                fast, slow = ("peer.tbb_mutex", "peer.absl_mutex_nodetect")[::1 if rep == 1 else -1]
                impls += [(fast, 40.0, 1.25e6), (slow, 80.0, 0.8e6)]
            for impl, cpu, throughput in impls:
                benches.append({"name": f"{scen}/{impl}/threads:8/cs:1ns/iterations:1/manual_time",
                                "run_type": "iteration", "throughput": throughput, "jain": 1.0,
                                "cpu_ns_per_acq": cpu})
        path = os.path.join(out_dir, f"cpu{rep}.json")
        with open(path, "w") as f:
            json.dump({"context": {}, "benchmarks": benches}, f)
        paths.append(path)
    return paths


def cpu_cells(md):
    """Problems with the CPU-per-acquisition cells of the synthetic runs."""
    out = []
    for label, want in [("mutex.futex vs peer.std_mutex, 8 threads cs:1ns throughput", "0.5 [0.5-0.5]"),
                        ("mutex.futex vs peer.std_mutex, 8 threads hammer (no outside work) throughput",
                         "0.5 [0.25-0.75]")]:
        m = re.search(r"^\| " + re.escape(label) + r" \|(?: [^|]+ \|){3} ([^|]*) \|$", md, re.M)
        if not m:
            out.append(f"no target row '{label}' with a CPU cell")
        elif m.group(1).strip() != want:
            out.append(f"target row '{label}' has CPU cell {m.group(1).strip()!r}, want {want!r}")
    if "| CPU ns/acq |" not in md:
        out.append("no CPU ns/acq column in the hammer table")
    label = "mutex.futex vs the better of peer.absl_mutex_nodetect and peer.tbb_mutex, 8 threads cs:1ns throughput"
    m = re.search(r"^\| " + re.escape(label) + r" \| ([^|]+) \| ([^|]+) \| ([^|]+) \| ([^|]*) \|$", md, re.M)
    want = ("0.8 [0.8-0.8]", ">= 1.0x", "MISSED", "1.25 [1.25-1.25]")
    if not m or tuple(g.strip() for g in m.groups()) != want:
        out.append(f"target row '{label}': {m.groups() if m else 'missing'}, want {want}")
    return out


def seam_cells(md):
    """Problems with the futex columns of the contended detail: '-' for a peer, figures for ours."""
    out = []
    detail = md.split("### critical section 1 ns", 1)[-1].split("###", 1)[0]
    for impl, pattern in [("peer.std_mutex", r"- \| - \| \d+ \|$"), ("mutex.futex", r"\d[^|]* \| \d[^|]* \| \d+ \|$"),
                          ("mutex.ticket", r"0 \| 0 \| \d+ \|$")]:
        m = re.search(r"^\| " + re.escape(impl) + r" \| 2 \|.*$", detail, re.M)
        if not m or not re.search(pattern, m.group(0)):
            out.append(f"futex cells of {impl} at 2 threads cs 1 ns: {m.group(0) if m else 'no row'}")
    return out


def report_runs(report_py, paths, out_dir):
    r = subprocess.run([sys.executable, report_py, "--from-json", *paths, "--out", out_dir],
                       capture_output=True, text=True, timeout=25)
    if r.returncode != 0:
        sys.exit(f"FAIL: report.py exit {r.returncode}\n{r.stderr[-2000:]}")
    with open(os.path.join(out_dir, "bench.md")) as f:
        return f.read()


def main():
    report_py, binary, smoke_json, out_dir = sys.argv[1:5]
    os.makedirs(out_dir, exist_ok=True)
    ids = subprocess.run([binary, "--list"], capture_output=True, text=True).stdout.split()

    empty = os.path.join(out_dir, "empty.json")
    with open(empty, "w") as f:
        json.dump({"context": {}, "benchmarks": []}, f)
    md = report(report_py, empty, os.path.join(out_dir, "empty"))
    if (not missing(md, EXPECTED) or not missing(md, EXPECTED_WAITING) or not target_figures(md, ids)
            or not cpu_cells(md) or not seam_cells(md)):
        sys.exit("FAIL: the checker accepted a report of an empty run")

    md = report(report_py, smoke_json, os.path.join(out_dir, "smoke"))
    gone = missing(md, EXPECTED + EXPECTED_WAITING) + target_figures(md, ids) + seam_cells(md)
    gone += cpu_cells(report_runs(report_py, synthetic_cpu_runs(out_dir), os.path.join(out_dir, "cpu")))
    if gone:
        sys.exit("FAIL: bench.md lacks:\n  " + "\n  ".join(gone))

    # Semaphores and condition variables alone (./synclab bench semaphore condvar):
    # their sections, and no empty mutex tables.
    with open(smoke_json) as f:
        data = json.load(f)
    data["benchmarks"] = [b for b in data["benchmarks"] if b["name"].startswith(("sem_", "cv_"))]
    only = os.path.join(out_dir, "waiting_only.json")
    with open(only, "w") as f:
        json.dump(data, f)
    md = report(report_py, only, os.path.join(out_dir, "waiting_only"))
    gone = missing(md, EXPECTED_WAITING)
    if gone or "## Uncontended lock+unlock" in md:
        sys.exit("FAIL: a semaphore/condvar-only report lacks " + repr(gone) + " or shows the mutex tables")

    # Queues alone (./synclab bench queue): their sections, nothing else.
    with open(smoke_json) as f:
        data = json.load(f)
    data["benchmarks"] = [b for b in data["benchmarks"] if b["name"].startswith("q_")]
    only = os.path.join(out_dir, "queue_only.json")
    with open(only, "w") as f:
        json.dump(data, f)
    md = report(report_py, only, os.path.join(out_dir, "queue_only"))
    gone = missing(md, EXPECTED_QUEUE)
    if gone or "## Uncontended lock+unlock" in md or "## Semaphores" in md:
        sys.exit("FAIL: a queue-only report lacks " + repr(gone) + " or shows other families' tables")

    r = subprocess.run([sys.executable, report_py, "--bench", binary, "--out", out_dir, "mutex.nosuch"],
                       capture_output=True, text=True, timeout=25)
    if r.returncode != 2 or "mutex.futex" not in r.stderr or "semaphore.std" not in r.stderr:
        sys.exit(f"FAIL: unknown id must exit 2 listing ids; got {r.returncode}: {r.stderr!r}")

    # A concept selects its implementations and its own peers (what ./synclab bench semaphore runs).
    spec = importlib.util.spec_from_file_location("report", report_py)
    rep = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(rep)
    reg, peers = rep.list_ids(binary)
    flt = rep.selection_filter(["semaphore"], reg, peers)
    names = subprocess.run([binary, f"--benchmark_filter={flt}", "--benchmark_list_tests=true"],
                           capture_output=True, text=True).stdout.split()
    wrong = [n for n in names if not n.startswith("sem_") or "/peer.std_mutex" in n]
    if not names or wrong or not any("/peer.sem_t" in n for n in names) or not any("/semaphore.std" in n for n in names):
        sys.exit(f"FAIL: 'semaphore' selected {len(names)} scenarios, wrong ones: {wrong[:5]}")
    flt = rep.selection_filter(["queue"], reg, peers)
    names = subprocess.run([binary, f"--benchmark_filter={flt}", "--benchmark_list_tests=true"],
                           capture_output=True, text=True).stdout.split()
    wrong = [n for n in names if not n.startswith("q_")]
    if not names or wrong or not any("/peer.moodycamel_queue" in n for n in names) or not any("/queue.mpmc" in n for n in names):
        sys.exit(f"FAIL: 'queue' selected {len(names)} scenarios, wrong ones: {wrong[:5]}")
    print("ok: bench.md has the expected rows; unknown id exits 2; a concept selects its own scenarios")


if __name__ == "__main__":
    main()
