#!/usr/bin/env python3
"""bench.report: report.py on the smoke run's JSON must write bench.md with the
expected tables and rows; an unknown id must exit 2 listing the known ids.

  report_test.py REPORT_PY BINARY SMOKE_JSON OUT_DIR
The checker is first shown to reject a report made from an empty run."""
import json
import os
import subprocess
import sys

EXPECTED = [
    "## Uncontended lock+unlock (ns/op, one thread)",
    "| mutex.futex |",
    "| peer.std_mutex |",
    "## Targets",
    "| mutex.futex vs std::mutex, uncontended time |",
    "| mutex.futex vs peer.std_mutex, 8 threads cs:1ns throughput |",
    "| mutex.ticket vs peer.ck_ticket, 2 threads cs:1ns throughput |",
    "## Contended throughput (acquisitions/s), critical section 1 ns",
    "## Contended throughput (acquisitions/s), critical section 50 ns",
    "## mutex.futex spin budget sweep",
    "Winner here: **spin=",
    "| mutex.ticket | 2 |",
    "| peer.ck_mcs | 2 |",
    "- machine: ",
]


def missing(md):
    return [e for e in EXPECTED if e not in md]


def report(report_py, json_path, out_dir):
    r = subprocess.run([sys.executable, report_py, "--from-json", json_path, "--out", out_dir],
                       capture_output=True, text=True, timeout=25)
    if r.returncode != 0:
        sys.exit(f"FAIL: report.py exit {r.returncode}\n{r.stderr[-2000:]}")
    with open(os.path.join(out_dir, "bench.md")) as f:
        return f.read()


def main():
    report_py, binary, smoke_json, out_dir = sys.argv[1:5]
    os.makedirs(out_dir, exist_ok=True)

    empty = os.path.join(out_dir, "empty.json")
    with open(empty, "w") as f:
        json.dump({"context": {}, "benchmarks": []}, f)
    if not missing(report(report_py, empty, os.path.join(out_dir, "empty"))):
        sys.exit("FAIL: the checker accepted a report of an empty run")

    md = report(report_py, smoke_json, os.path.join(out_dir, "smoke"))
    gone = missing(md)
    if gone:
        sys.exit("FAIL: bench.md lacks:\n  " + "\n  ".join(gone))

    r = subprocess.run([sys.executable, report_py, "--bench", binary, "--out", out_dir, "mutex.nosuch"],
                       capture_output=True, text=True, timeout=25)
    if r.returncode != 2 or "mutex.futex" not in r.stderr:
        sys.exit(f"FAIL: unknown id must exit 2 listing ids; got {r.returncode}: {r.stderr!r}")
    print("ok: bench.md has the expected rows; unknown id exits 2")


if __name__ == "__main__":
    main()
