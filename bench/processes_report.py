#!/usr/bin/env python3
"""Threads against processes: runs synclab_processes_bench, writes processes.md and plots.

  python3 bench/processes_report.py --bench BINARY --out out/report [--quick] [--repetitions N]
  python3 bench/processes_report.py --from-json RUN1.jsonl [RUN2.jsonl ...] --out DIR   (report only)

With N > 1 the binary runs N times in turn; every figure is the median over
runs with its spread (min-max), and every ratio is taken within a run, then
summarized (the machine is shared and noisy: a ratio from one run's pair is
what means something). Exit status: the binary's if it fails; 2 on bad arguments.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_render  # noqa: E402
import report_stats  # noqa: E402

NRUNS = 1  # runs being reported on, for fmt()


def run_bench(bench, out_dir, reps, quick):
    paths = []
    for rep in range(1, reps + 1):
        print(f"processes: run {rep} of {reps} ...", file=sys.stderr, flush=True)
        path = os.path.join(out_dir, f"processes_run{rep}.jsonl")
        with open(path, "w") as f:
            r = subprocess.run([bench] + (["--quick"] if quick else []), stdout=f)
        if r.returncode != 0:
            print(f"processes_report.py: {bench} exited {r.returncode}", file=sys.stderr)
            sys.exit(r.returncode)
        paths.append(path)
    return paths


def load(paths):
    runs = []
    for p in paths:
        rows = [json.loads(line) for line in open(p) if line.strip()]
        runs.append({(r["scenario"], r["variant"], r["n"], r.get("spin")): r for r in rows})
    return runs


# The figures' summary and formatting are the registry report's (report_stats.py, report_render.py).
spread = report_stats.summary


def fmt(s):
    return report_render.fmt(s, NRUNS)


def figure(runs, key):
    return spread([r[key]["value"] if key in r else None for r in runs])


def ratio(runs, a, b):
    return spread([r[a]["value"] / r[b]["value"] if a in r and b in r and r[b]["value"] else None for r in runs])


table = report_render.table


def plot(out_dir, name, title, ylabel, series, logy=False):
    """series: [(label, [(n, median, lo, hi)])]. Writes name.png with gnuplot; returns the file name or None."""
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        return None
    dat = os.path.join(out_dir, f"processes_{name}.dat")
    with open(dat, "w") as f:
        for label, points in series:
            f.write(f'# "{label}"\n')
            for n, med, lo, hi in points:
                f.write(f"{n} {med} {lo} {hi}\n")
            f.write("\n\n")
    png = f"processes_{name}.png"
    gp = os.path.join(out_dir, f"processes_{name}.gp")
    plots = ", ".join(
        f"'{dat}' index {i} using 1:2:3:4 with yerrorlines title '{label}'" for i, (label, _) in enumerate(series))
    with open(gp, "w") as f:
        f.write(f"set terminal pngcairo size 800,480\nset output '{os.path.join(out_dir, png)}'\n"
                f"set title '{title}'\nset xlabel 'N (workers)'\nset ylabel '{ylabel}'\n"
                f"set logscale x 2\n{'set logscale y' if logy else ''}\nset key top left\nset grid\n"
                f"plot {plots}\n")
    r = subprocess.run([gnuplot, gp], capture_output=True, text=True)
    if r.returncode != 0:
        print(f"processes_report.py: gnuplot failed on {gp}: {r.stderr.strip()[:300]}", file=sys.stderr)
        return None
    return png


def points(runs, scen, variant, ns, spin=None):
    pts = []
    for n in ns:
        s = figure(runs, (scen, variant, n, spin))
        if s:
            pts.append((n, *s))
    return pts


def write(runs, out_dir, command):
    global NRUNS
    nruns = NRUNS = len(runs)
    ns = [1, 2, 4, 8]
    lines = ["# Threads against processes", "",
             f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} hardware threads, {nruns} run(s) of "
             f"`synclab_processes_bench`; every figure is median [min-max] over runs, every ratio is taken "
             f"within a run. Command: `{command}`.", ""]

    # Hand-off.
    lines += ["## Hand-off: semaphore.futex ping-pong round trip", "",
              "Private futexes between two threads, shared futexes between two threads, shared futexes between "
              "two processes in a shared mapping. Spin 0 sleeps on every hand-off (the path where private and "
              "shared futexes differ: the kernel keys a shared futex by its page and mapping, a private one by "
              "address); spin 1000 is the default.", ""]
    rows = []
    spins = sorted({k[3] for r in runs for k in r if k[0] == "handoff"})
    for spin in spins:
        base = ("handoff", "threads, private futex", 2, spin)
        for variant in ["threads, private futex", "threads, shared futex", "processes, shared futex"]:
            key = ("handoff", variant, 2, spin)
            rows.append([str(spin), variant, fmt(figure(runs, key)), fmt(ratio(runs, key, base))])
    lines += [table(["spin", "variant", "round trip ns", "vs threads, private"], rows), ""]

    # Contention.
    lines += ["## Contention: mutex.futex, lock + increment + unlock", "",
              "N workers for a fixed window: threads on private futexes, processes on shared futexes "
              "(2 cores: 4 and 8 oversubscribe).", ""]
    rows = []
    for n in [2, 4, 8]:
        t = ("contention", "threads, private futex", n, None)
        p = ("contention", "processes, shared futex", n, None)
        rows.append([str(n), fmt(figure(runs, t)), fmt(figure(runs, p)), fmt(ratio(runs, p, t))])
    lines += [table(["N", "threads M ops/s", "processes M ops/s", "processes / threads"], rows), ""]
    c_png = plot(out_dir, "contention", "mutex.futex contention", "M ops/s",
                 [("threads, private futex", points(runs, "contention", "threads, private futex", [2, 4, 8])),
                  ("processes, shared futex", points(runs, "contention", "processes, shared futex", [2, 4, 8]))])

    # CPU and I/O.
    sections = [("cpu", "CPU-bound: a fixed computation split N ways",
                 "Eight hash chains of fixed length, chain i to worker i mod N; wall time from the first "
                 "thread created or process forked to the last joined or reaped (start-up included)."),
                ("io", "I/O-bound: blocking reads on pipes, split N ways",
                 "A fixed number of requests, each answered 1 ms later by a responder (a device or peer with "
                 "latency); each worker writes a request and blocks in read() for the reply.")]
    verdicts = {}
    pngs = {}
    for scen, title, what in sections:
        lines += [f"## {title}", "", what, ""]
        rows = []
        for n in ns:
            t = (scen, "threads", n, None)
            p = (scen, "processes", n, None)
            rows.append([str(n), fmt(figure(runs, t)), fmt(figure(runs, p)), fmt(ratio(runs, p, t)),
                         fmt(ratio(runs, (scen, "threads", 1, None), t))])
        lines += [table(["N", "threads ms", "processes ms", "processes / threads", "speed-up of threads vs N=1"],
                        rows), ""]
        pngs[scen] = plot(out_dir, scen, title.split(":")[0], "wall ms",
                          [("threads", points(runs, scen, "threads", ns)),
                           ("processes", points(runs, scen, "processes", ns))])
        verdicts[scen] = {n: (ratio(runs, (scen, "processes", n, None), (scen, "threads", n, None)),
                              ratio(runs, (scen, "threads", 1, None), (scen, "threads", n, None))) for n in ns}

    # Start-up.
    lines += ["## Start-up", "", "Median of many: create + join an empty thread; fork + _exit + waitpid; the "
              "same with 256 MiB of the parent resident (fork copies the page tables); posix_spawn of /bin/true.",
              ""]
    rows = []
    thread_key = ("startup", "thread (create + join)", 1, None)
    startup_variants = sorted({k[1] for r in runs for k in r if k[0] == "startup"},
                              key=lambda v: (not v.startswith("thread"), v))
    for v in startup_variants:
        key = ("startup", v, 1, None)
        rows.append([v, fmt(figure(runs, key)), fmt(ratio(runs, key, thread_key))])
    lines += [table(["what", "us", "vs a thread"], rows), ""]

    # What the numbers say (computed from them, not written in advance).
    says = []
    fork_ratio = ratio(runs, ("startup", "process (fork + exit + waitpid)", 1, None), thread_key)
    if fork_ratio:
        says.append(f"- Start-up: a process costs {fork_ratio[0]:.0f}x a thread to start and reap here "
                    f"(fork of a small parent); a task shorter than a few process start-ups should not get a "
                    f"process of its own.")
    cpu8, io8 = verdicts["cpu"].get(8), verdicts["io"].get(8)
    cpu2 = verdicts["cpu"].get(2)
    if cpu2 and cpu8 and cpu2[1] and cpu8[1]:
        says.append(f"- CPU-bound work scales with the cores, not with N: threads at N=2 run "
                    f"{cpu2[1][0]:.2f}x as fast as N=1, at N=8 {cpu8[1][0]:.2f}x (2 cores). Processes at N=8 take "
                    f"{cpu8[0][0]:.2f}x the threads' time [{cpu8[0][1]:.2f}-{cpu8[0][2]:.2f}] "
                    + ("(past the core count extra workers only add start-up and switching)."
                       if cpu8[0][0] > 1.05 else "(no difference beyond noise: the computation dominates)."))
    if io8 and io8[1]:
        says.append(f"- I/O-bound work scales past the cores: threads at N=8 finish {io8[1][0]:.1f}x faster than "
                    f"N=1, since a blocked reader uses no core; processes at N=8 take {io8[0][0]:.2f}x the "
                    f"threads' time [{io8[0][1]:.2f}-{io8[0][2]:.2f}]"
                    + (", the difference being start-up." if io8[0][0] > 1.05 else ": the waiting dominates."))
    h0 = ratio(runs, ("handoff", "processes, shared futex", 2, 0), ("handoff", "threads, private futex", 2, 0))
    if h0:
        says.append(f"- A sleeping hand-off across processes on a shared futex costs {h0[0]:.2f}x one between "
                    f"threads on a private futex; with the default spin the gap is what the scheduler adds.")
    says.append("- So in C++: threads when the work shares data or is short-lived (start-up, hand-off and "
                "memory are cheaper); processes when isolation matters (a crash, a leak or a SIGKILL takes one "
                "worker, not all; mutex.robust makes the shared lock survive it), for long-running workers "
                "whose start-up is amortised, or for code that is not thread-safe.")
    lines += ["## What the numbers say", ""] + says + [""]
    for png in [c_png, pngs.get("cpu"), pngs.get("io")]:
        if png:
            lines.append(f"![{png}]({png})")
    lines.append("")
    path = os.path.join(out_dir, "processes.md")
    with open(path, "w") as f:
        f.write("\n".join(lines))
    return path, "\n".join(says)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", help="path to synclab_processes_bench")
    ap.add_argument("--out", default="out/report", help="output directory (default out/report)")
    ap.add_argument("--quick", action="store_true", help="shorter windows and less work")
    ap.add_argument("--repetitions", type=int, default=1, help="runs of the binary (default 1)")
    ap.add_argument("--from-json", nargs="+", metavar="JSONL", help="report on existing runs; do not run")
    a = ap.parse_args()
    if a.repetitions < 1:
        print("processes_report.py: --repetitions accepts an integer >= 1", file=sys.stderr)
        sys.exit(2)
    os.makedirs(a.out, exist_ok=True)
    if a.from_json:
        paths = a.from_json
    else:
        if not a.bench or not os.access(a.bench, os.X_OK):
            print("processes_report.py: --bench accepts the path of an executable synclab_processes_bench",
                  file=sys.stderr)
            sys.exit(2)
        paths = run_bench(a.bench, a.out, a.repetitions, a.quick)
    path, says = write(load(paths), a.out, " ".join(["python3"] + sys.argv))
    print("\n" + says + "\n")
    print(f"report: {path}")


if __name__ == "__main__":
    main()
