#!/usr/bin/env python3
"""The benchmark report: runs synclab_bench, writes bench.md and plots (mutexes,
semaphores, condition variables, queues).

  python3 bench/report.py --bench BINARY --out out/report [--quick] [--repetitions N]
                          [--duration S] [IDS or concept names...]
  python3 bench/report.py --from-json RUN.json [RUN2.json ...] --out DIR   (report only)

With N > 1 the whole binary runs N times in turn (interleaved, not N
repetitions of one scenario back to back); every figure is the median over
runs with its spread (min-max), and ratios are computed per run, then summarized.
Selection: registry ids (mutex.futex) or concept names (mutex, semaphore,
condvar) restrict our implementations; the peers of the selected concepts always
run, since every ratio needs them. The targets are the rows of bench/targets.tsv.
Exit status: the bench binary's, if it fails; 1 if a scenario failed (threads stuck
at the hard cap, a broken invariant: listed, and left out of the figures); 2 on bad
arguments or a bad targets.tsv.

The work is split by job: report_load.py (running the bench, reading its JSON),
report_stats.py (medians, spread, per-run ratios), report_targets.py (targets.tsv
and its rules), report_render.py (bench.md), report_plots.py (gnuplot), and by
concept: report_<c>.py for each concept of primitives/concepts.tsv (its scenario
names, its sections and plots; report_concepts.py reads the list).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from report_load import list_ids, load_runs, run_bench, selection_filter  # noqa: E402  (used by report_test.py too)
from report_render import write_report  # noqa: E402
from report_targets import TableError, read_table  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", help="path to synclab_bench")
    ap.add_argument("--out", default="out/report", help="output directory (default out/report)")
    ap.add_argument("--quick", action="store_true", help="~0.15 s per contended scenario")
    ap.add_argument("--duration", type=float, help="seconds per contended scenario (overrides --quick's)")
    ap.add_argument("--repetitions", type=int, default=1, help="runs of the whole binary (default 1)")
    ap.add_argument("--from-json", nargs="+", metavar="JSON", help="report on existing runs; do not run")
    ap.add_argument("ids", nargs="*", help="registry ids or concept names to select (default: all)")
    a = ap.parse_args()
    if a.repetitions < 1:
        print("report.py: --repetitions accepts an integer >= 1", file=sys.stderr)
        sys.exit(2)
    if a.duration is not None and not (0 < a.duration <= 60):
        print("report.py: --duration accepts seconds in (0, 60]", file=sys.stderr)
        sys.exit(2)
    try:
        targets = read_table()  # before running anything: a bad row must not cost a run
    except TableError as e:
        print(f"report.py: {e}", file=sys.stderr)
        sys.exit(2)
    os.makedirs(a.out, exist_ok=True)
    command = " ".join(["python3"] + sys.argv)
    if a.from_json:
        paths = a.from_json
    else:
        if not a.bench or not os.access(a.bench, os.X_OK):
            print("report.py: --bench accepts the path of an executable synclab_bench", file=sys.stderr)
            sys.exit(2)
        ids, peers = list_ids(a.bench)
        flt = selection_filter(a.ids, ids, peers)
        extra = (["--quick"] if a.quick else []) + ([f"--duration={a.duration}"] if a.duration else [])
        if flt:
            extra.append(f"--benchmark_filter={flt}")
        paths = [run_bench(a.bench, a.out, rep, a.repetitions, extra) for rep in range(1, a.repetitions + 1)]
    runs = load_runs(paths)
    path, main_tables = write_report(runs, a.out, command, targets)
    print("\n" + main_tables + "\n")
    print(f"report: {path}")
    # A scenario that failed (threads stuck at the hard cap, a broken invariant)
    # fails the run: its figures are left out of the report, never shown as if measured.
    errors = [e for r in runs for e in r["errors"]]
    if errors:
        print(f"report.py: {len(errors)} scenario(s) failed:", file=sys.stderr)
        for e in errors:
            print(f"  {e}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
