#!/usr/bin/env python3
"""bench.smoke: synclab_bench on a tiny filter and duration must exit 0 and write
JSON whose scenarios carry the expected counters with sane values.

  smoke_test.py BINARY OUT_JSON
The checker is first shown to reject a damaged copy of the result (a checker
that cannot fail is a defect), then run on the real one."""
import copy
import json
import subprocess
import sys

FILTER = (r"^(uncontended/(mutex\.futex|peer\.std_mutex)"
          r"|contended/(mutex\.futex|mutex\.ticket|peer\.std_mutex|peer\.ck_mcs)/threads:2/cs:(1|50)ns"
          r"|spin_sweep/mutex\.futex/spin=(0|16)/threads:2/cs:1ns)")
EXPECTED = 2 + 4 * 2 + 2
COUNTERS = ["throughput", "jain", "max_min", "p99_wait_ns", "max_wait_ns", "cpu_ns_per_acq",
            "exclusion_ok", "stuck_threads", "threads", "cs_ns", "acquisitions"]


def problems(data):
    out = []
    benches = data.get("benchmarks", [])
    if len(benches) != EXPECTED:
        out.append(f"expected {EXPECTED} scenarios, got {len(benches)}")
    for b in benches:
        name = b.get("name", "?")
        if b.get("error_occurred"):
            out.append(f"{name}: error {b.get('error_message')}")
            continue
        if name.startswith("uncontended/"):
            if not b.get("real_time", 0) > 0:
                out.append(f"{name}: no time")
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
    return out


def main():
    binary, out_json = sys.argv[1], sys.argv[2]
    ids = subprocess.run([binary, "--list"], capture_output=True, text=True)
    if ids.returncode != 0 or "mutex.futex" not in ids.stdout.split():
        sys.exit(f"FAIL: --list: exit {ids.returncode}, output {ids.stdout!r}")
    bad = subprocess.run([binary, "--duration=zero"], capture_output=True, text=True)
    if bad.returncode != 2 or "--duration" not in bad.stderr:
        sys.exit(f"FAIL: a bad --duration must exit 2 naming the flag; got {bad.returncode} {bad.stderr!r}")
    run = subprocess.run([binary, "--duration=0.05", "--warmup=0.02", f"--benchmark_filter={FILTER}",
                          f"--benchmark_out={out_json}", "--benchmark_out_format=json",
                          "--benchmark_min_time=0.01"], capture_output=True, text=True, timeout=50)
    if run.returncode != 0:
        sys.exit(f"FAIL: exit {run.returncode}\n{run.stderr[-2000:]}")
    with open(out_json) as f:
        data = json.load(f)

    damaged = copy.deepcopy(data)
    for b in damaged["benchmarks"]:
        b.pop("jain", None)
    if not problems(damaged):
        sys.exit("FAIL: the checker accepted a result without the jain counter")

    found = problems(data)
    if found:
        sys.exit("FAIL:\n  " + "\n  ".join(found))
    print(f"ok: {len(data['benchmarks'])} scenarios with the expected counters")


if __name__ == "__main__":
    main()
