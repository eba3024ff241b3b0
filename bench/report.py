#!/usr/bin/env python3
"""The mutex benchmark report: runs synclab_bench, writes bench.md and plots.

  python3 bench/report.py --bench BINARY --out out/report [--quick] [--repetitions N]
                          [--duration S] [IDS or concept names...]
  python3 bench/report.py --from-json RUN.json [RUN2.json ...] --out DIR   (report only)

With N > 1 the whole binary runs N times in turn (interleaved, not N
repetitions of one scenario back to back); every figure is the median over
runs with its spread (min-max), and ratios are computed per run, then summarized.
Selection: registry ids (mutex.futex) or concept names (mutex) restrict our
implementations; the peers always run, since every ratio needs them.
Exit status: the bench binary's, if it fails; 2 on bad arguments.
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys

THREADS = [1, 2, 4, 8, 16]
CS = [1, 50, 2000]
NAME_RE = re.compile(r"^(contended|hammer|spin_sweep)/(.+?)/threads:(\d+)/cs:(\d+)ns")
UNC_RE = re.compile(r"^uncontended/([^/]+)")
STD = "peer.std_mutex"


# ---------------------------------------------------------------- running

def list_ids(bench):
    def run(flag):
        out = subprocess.run([bench, flag], capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"report.py: {bench} {flag} failed (exit {out.returncode}): {out.stderr.strip()}")
        return [line.strip() for line in out.stdout.splitlines() if line.strip()]
    return run("--list"), run("--list-peers")


def selection_filter(selected, ids, peers):
    """Regex for --benchmark_filter, or None for everything. Exits 2 on an unknown id."""
    if not selected:
        return None
    concepts = sorted({i.split(".")[0] for i in ids})
    chosen = set()
    for s in selected:
        if s in ids or s in peers:
            chosen.add(s)
        elif s in concepts:
            chosen.update(i for i in ids if i.split(".")[0] == s)
        else:
            print(f"report.py: unknown id or concept '{s}'. Known ids:", file=sys.stderr)
            for i in ids + peers:
                print(f"  {i}", file=sys.stderr)
            print("Concepts: " + ", ".join(concepts), file=sys.stderr)
            sys.exit(2)
    chosen.update(peers)
    alts = "|".join(re.escape(c) for c in sorted(chosen))
    return f"^(uncontended|contended|hammer|spin_sweep)/({alts})(/|$)"


def run_bench(bench, out_dir, rep, reps, extra):
    json_path = os.path.join(out_dir, f"run{rep}.json")
    listed = subprocess.run([bench, "--benchmark_list_tests=true"] + extra, capture_output=True, text=True)
    total = len([l for l in listed.stdout.splitlines() if l.strip()])
    cmd = [bench, f"--benchmark_out={json_path}", "--benchmark_out_format=json",
           "--benchmark_format=console", "--benchmark_color=false"] + extra
    print(f"[run {rep}/{reps}] {' '.join(cmd)}  ({total} scenarios)", flush=True)
    done = 0
    with open(os.path.join(out_dir, f"run{rep}.log"), "w") as log, \
            subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as p:
        for line in p.stdout:
            log.write(line)
            name = line.split(" ", 1)[0]
            if not (name.startswith("uncontended/") or NAME_RE.match(name)):
                continue
            done += 1
            thr = re.search(r"throughput=(\S+)", line)
            jain = re.search(r"jain=(\S+)", line)
            t = re.search(r"\s(\d[\d.]*) ns\s", line)
            figure = (f"throughput={thr.group(1)}/s jain={jain.group(1)}" if thr else
                      f"{t.group(1)} ns/op" if t else line.strip()[len(name):][:60])
            clean = re.sub(r"/(min_time:[^/ ]+|iterations:\d+|manual_time)", "", name)
            print(f"[run {rep}/{reps}] [{done}/{total}] {clean}: {figure}", flush=True)
    if p.returncode != 0:
        print(f"report.py: {bench} exited {p.returncode}; see {log.name}", file=sys.stderr)
        sys.exit(p.returncode)
    return json_path


# ---------------------------------------------------------------- parsing

def load_runs(paths):
    """One dict per run: {'unc': {impl: ns}, 'con': {(scen, impl, threads, cs): counters}, 'context': ...}."""
    runs = []
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        run = {"unc": {}, "con": {}, "errors": [], "context": data.get("context", {})}
        for b in data.get("benchmarks", []):
            name = b.get("name", "")
            if b.get("error_occurred"):
                run["errors"].append(f"{name}: {b.get('error_message', '')}")
                continue
            m = UNC_RE.match(name)
            if m:
                unit = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
                # CPU time: one thread, so it is the lock's cost without the time
                # a shared machine took the core away (real time counts that).
                run["unc"][m.group(1)] = b["cpu_time"] * unit
                continue
            m = NAME_RE.match(name)
            if m:
                run["con"][(m.group(1), m.group(2), int(m.group(3)), int(m.group(4)))] = b
        runs.append(run)
    return runs


# ---------------------------------------------------------------- figures

def summary(values):
    """(median, min, max) of the non-None values, or None."""
    v = [x for x in values if x is not None and not math.isnan(x)]
    if not v:
        return None
    return statistics.median(v), min(v), max(v)


def fmt_num(x, digits=3):
    if x is None:
        return "n/a"
    if x == 0:
        return "0"
    a = abs(x)
    if a >= 1e9:
        return f"{x / 1e9:.{digits}g}G"
    if a >= 1e6:
        return f"{x / 1e6:.{digits}g}M"
    if a >= 1e4:
        return f"{x / 1e3:.{digits}g}k"
    return f"{x:.{digits}g}"


def fmt(s, nruns, digits=3):
    """median, with [min-max] when there are several runs."""
    if s is None:
        return "n/a"
    med, lo, hi = s
    if nruns > 1:
        return f"{fmt_num(med, digits)} [{fmt_num(lo, digits)}-{fmt_num(hi, digits)}]"
    return fmt_num(med, digits)


def impl_order(runs):
    seen = []
    for r in runs:
        for k in list(r["unc"]) + [k[1] for k in r["con"] if k[0] == "contended"]:
            if k not in seen:
                seen.append(k)
    ours = [i for i in seen if not i.startswith("peer.")]
    return ours + [i for i in seen if i.startswith("peer.")]


def con(run, impl, threads, cs, key, scen="contended"):
    b = run["con"].get((scen, impl, threads, cs))
    return None if b is None else b.get(key)


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * len(header)) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def targets(runs):
    """(label, summary of per-run figure, goal text, predicate) for each target."""
    n = len(runs)
    t = []

    def per_run(fn):
        return summary([fn(r) for r in runs])

    unc = lambda r, a, b: ratio(r["unc"].get(a), r["unc"].get(b))
    t.append(("mutex.futex vs std::mutex, uncontended time", per_run(lambda r: unc(r, "mutex.futex", STD)),
              "<= 0.8x", lambda x: x <= 0.8))
    t.append(("mutex.tas vs tbb::spin_mutex, uncontended time",
              per_run(lambda r: unc(r, "mutex.tas", "peer.tbb_spin_mutex")), "<= 1.1x", lambda x: x <= 1.1))
    thr = lambda r, a, b, th, cs: ratio(con(r, a, th, cs, "throughput"), con(r, b, th, cs, "throughput"))
    for peer, goal, lim in [(STD, ">= 2.0x", 2.0), ("peer.absl_mutex_nodetect", ">= 1.0x", 1.0),
                            ("peer.tbb_mutex", ">= 1.0x", 1.0)]:
        t.append((f"mutex.futex vs {peer}, 8 threads cs:1ns throughput",
                  per_run(lambda r, p=peer: thr(r, "mutex.futex", p, 8, 1)), goal, lambda x, l=lim: x >= l))
    hthr = lambda r, a, b, th: ratio(con(r, a, th, 1, "throughput", "hammer"), con(r, b, th, 1, "throughput", "hammer"))
    for peer, goal, lim in [(STD, ">= 2.0x", 2.0), ("peer.absl_mutex_nodetect", ">= 1.0x", 1.0),
                            ("peer.tbb_mutex", ">= 1.0x", 1.0)]:
        t.append((f"mutex.futex vs {peer}, 8 threads hammer (no outside work) throughput",
                  per_run(lambda r, p=peer: hthr(r, "mutex.futex", p, 8)), goal, lambda x, l=lim: x >= l))
    for ours, peer in [("mutex.ticket", "peer.ck_ticket"), ("mutex.mcs", "peer.ck_mcs")]:
        for cs in (1, 50):
            t.append((f"{ours} vs {peer}, 2 threads cs:{cs}ns throughput",
                      per_run(lambda r, o=ours, p=peer, c=cs: thr(r, o, p, 2, c)),
                      "within 1.2x (>= 0.833x)", lambda x: x >= 1 / 1.2))
        t.append((f"{ours} Jain, 2 threads cs:1ns", per_run(lambda r, o=ours: con(r, o, 2, 1, "jain")),
                  ">= 0.99", lambda x: x >= 0.99))
    rows = []
    for label, s, goal, ok in t:
        verdict = "n/a" if s is None else ("met" if ok(s[0]) else "MISSED")
        rows.append([label, fmt(s, n, 3), goal, verdict])
    return rows


def spin_sweep(runs):
    """Rows per budget and the winner: the budget with the best median score, a
    run's score being the geometric mean over shapes of throughput / best budget's."""
    budgets = sorted({int(k[1].split("=")[1]) for r in runs for k in r["con"] if k[0] == "spin_sweep"})
    shapes = sorted({(k[2], k[3]) for r in runs for k in r["con"] if k[0] == "spin_sweep"},
                    key=lambda s: (s[1], s[0]))
    if not budgets:
        return None
    name = lambda b: f"mutex.futex/spin={b}"
    scores = {b: [] for b in budgets}
    for r in runs:
        for b in budgets:
            logs = []
            for th, cs in shapes:
                vals = [con(r, name(x), th, cs, "throughput", "spin_sweep") for x in budgets]
                mine = con(r, name(b), th, cs, "throughput", "spin_sweep")
                best = max([v for v in vals if v], default=None)
                if mine and best:
                    logs.append(math.log(mine / best))
            if logs:
                scores[b].append(math.exp(sum(logs) / len(logs)))
    n = len(runs)
    header = ["spin budget"] + [f"{th}t cs:{cs}ns" for th, cs in shapes] + ["score (geomean vs best)"]
    rows = []
    for b in budgets:
        row = [str(b)]
        for th, cs in shapes:
            row.append(fmt(summary([con(r, name(b), th, cs, "throughput", "spin_sweep") for r in runs]), n))
        row.append(fmt(summary(scores[b]), n))
        rows.append(row)
    ranked = sorted(((summary(scores[b]) or (0, 0, 0))[0], b) for b in budgets)
    winner = ranked[-1][1]
    return header, rows, winner, summary(scores[winner]), (ranked[-2] if len(ranked) > 1 else None)


# ---------------------------------------------------------------- plots

def plots(runs, impls, out_dir):
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        print("report.py: gnuplot not found, no plots", file=sys.stderr)
        return []
    files = []
    script = []
    for key, ylabel, logy, stem in [("throughput", "acquisitions/s (median)", True, "throughput"),
                                    ("jain", "Jain fairness index (median)", False, "fairness")]:
        for cs in CS:
            dat = os.path.join(out_dir, f"{stem}_cs{cs}.dat")
            present = [i for i in impls if any(con(r, i, th, cs, key) is not None for r in runs for th in THREADS)]
            if not present:
                continue
            with open(dat, "w") as f:
                f.write("threads " + " ".join(present) + "\n")
                for th in THREADS:
                    vals = []
                    for i in present:
                        s = summary([con(r, i, th, cs, key) for r in runs])
                        vals.append("NaN" if s is None or (logy and s[0] <= 0) else repr(s[0]))
                    f.write(f"{th} " + " ".join(vals) + "\n")
            png = os.path.join(out_dir, f"{stem}_cs{cs}.png")
            script += [f"set output '{png}'",
                       f"set title '{stem}, critical section {cs} ns, {len(runs)} run(s)' noenhanced",
                       f"set ylabel '{ylabel}'",
                       "set logscale y" if logy else "unset logscale y",
                       "set yrange [*:*]" if logy else "set yrange [0:1.05]",
                       "plot " + ", ".join(
                           f"'{dat}' using 1:{c + 2} with linespoints lc {c + 1} dt {1 + c // 8} pt {c + 1} "
                           f"lw 1.5 title columnheader({c + 2}) noenhanced" for c in range(len(present)))]
            files.append(png)
    if not files:
        return []
    head = ["set key outside right", "set logscale x 2", "set xlabel 'threads (2 cores: 4+ oversubscribe)'",
            "set xtics (1, 2, 4, 8, 16)", "set xrange [0.8:20]", "set grid"]
    gp = os.path.join(out_dir, "plots.gp")
    for term in ("pngcairo size 1100,600", "png size 1100,600"):
        with open(gp, "w") as f:
            f.write("\n".join([f"set terminal {term}"] + head + script) + "\n")
        res = subprocess.run([gnuplot, gp], capture_output=True, text=True)
        if res.returncode == 0:
            return files
    print(f"report.py: gnuplot failed: {res.stderr.strip()[:500]}", file=sys.stderr)
    return []


# ---------------------------------------------------------------- report

def machine():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs (nproc), {model}, Linux {platform.release()}"


def write_report(runs, out_dir, command):
    n = len(runs)
    impls = impl_order(runs)
    md = []
    main = []  # what goes to stdout too
    ctx = runs[0]["context"] if runs else {}
    md.append("# synclab mutex benchmarks")
    head = []
    head.append(f"- date: {datetime.datetime.now().isoformat(timespec='seconds')}")
    head.append(f"- machine: {machine()}")
    head.append(f"- runs: {n} (whole binary, interleaved); figures are medians, [min-max] over runs when runs > 1")
    head.append(f"- contended window: {ctx.get('synclab_duration_s', '?')} s after {ctx.get('synclab_warmup_s', '?')} s "
              f"warm-up; busy work {ctx.get('synclab_busy_ns_per_step', '?')} ns/step; "
              "local work between acquisitions 100 ns x min(threads, cores)")
    head.append(f"- command: `{command}`")
    errors = [e for r in runs for e in r["errors"]]
    if errors:
        head.append(f"- ERRORS ({len(errors)}): " + "; ".join(errors[:10]))
    md.append("\n".join(head))
    md.append("A figure here means something only as a ratio against a peer in the same run; a contended "
              "ratio under ~1.5x on one run is not a finding (see DESIGN.md, Measuring performance).\n")

    rows = []
    for i in impls:
        s = summary([r["unc"].get(i) for r in runs])
        if s is None:
            continue
        rt = summary([ratio(r["unc"].get(i), r["unc"].get(STD)) for r in runs])
        rows.append([i, fmt(s, n), fmt(rt, n)])
    sec = "## Uncontended lock+unlock (ns/op, one thread)\n\nCPU time per lock+unlock, in a process that has started a thread (glibc locks skip atomics before that).\n\n" + table(["implementation", "ns/op", "time vs std::mutex"], rows)
    md.append(sec)
    main.append(sec)

    sec = "## Targets\n\n" + table(["comparison", "figure", "target", "verdict"], targets(runs))
    md.append(sec)
    main.append(sec)

    for cs in CS:
        rows = []
        for i in impls:
            row = [i] + [fmt(summary([con(r, i, th, cs, "throughput") for r in runs]), n) for th in THREADS]
            if any(c != "n/a" for c in row[1:]):
                rows.append(row)
        if rows:
            sec = (f"## Contended throughput (acquisitions/s), critical section {cs} ns\n\n"
                   + table(["implementation"] + [f"{t} threads" for t in THREADS], rows))
            md.append(sec)
            main.append(sec)

    hammer_threads = sorted({k[2] for r in runs for k in r["con"] if k[0] == "hammer"})
    rows = []
    for i in impls:
        row = [i]
        for th in hammer_threads:
            row.append(fmt(summary([con(r, i, th, 1, "throughput", "hammer") for r in runs]), n))
            row.append(fmt(summary([con(r, i, th, 1, "jain", "hammer") for r in runs]), n, 3))
        if any(c != "n/a" for c in row[1:]):
            rows.append(row)
    if rows:
        sec = ("## Hammer: lock; increment; unlock with no work outside the lock (acquisitions/s, Jain)\n\n"
               + table(["implementation"] + [h for th in hammer_threads for h in (f"{th} threads", "Jain")], rows))
        md.append(sec)
        main.append(sec)

    sw = spin_sweep(runs)
    if sw:
        header, rows, winner, wscore, runner_up = sw
        sec = ("## mutex.futex spin budget sweep (acquisitions/s)\n\n" + table(header, rows)
               + f"\n\nWinner here: **spin={winner}** (score {fmt(wscore, n)}; 1.0 = best budget in every shape"
               + (f"; next: spin={runner_up[1]} at {runner_up[0]:.3g}" if runner_up else "") + ").")
        md.append(sec)
        main.append(sec)

    md.append("## Contended detail: throughput with fairness\n\nJain's index over per-thread acquisitions "
              "(1 = equal shares), max/min per-thread acquisitions, wait = time from lock() call to return "
              "(every 16th acquisition), CPU ns per acquisition (process CPU time / acquisitions).")
    keys = [("throughput", 3), ("jain", 3), ("max_min", 3), ("p99_wait_ns", 3), ("max_wait_ns", 3),
            ("cpu_ns_per_acq", 3)]
    for cs in CS:
        rows = []
        for i in impls:
            for th in THREADS:
                cells = [fmt(summary([con(r, i, th, cs, k) for r in runs]), n, d) for k, d in keys]
                stuck = sum((con(r, i, th, cs, "stuck_threads") or 0) for r in runs)
                if all(c == "n/a" for c in cells):
                    continue
                rows.append([i, th] + cells + [int(stuck)])
        if rows:
            md.append(f"\n### critical section {cs} ns\n\n" + table(
                ["implementation", "threads", "acq/s", "Jain", "max/min", "p99 wait ns", "max wait ns",
                 "CPU ns/acq", "stuck threads"], rows))

    pngs = plots(runs, impls, out_dir)
    if pngs:
        md.append("\n## Plots\n\n" + "\n".join(f"![{os.path.basename(p)}]({os.path.basename(p)})" for p in pngs))
    md.append("\n## Notes\n\n- peer.absl_mutex is Debian's build as shipped (deadlock detection on: kAbort); "
              "peer.absl_mutex_nodetect sets OnDeadlockCycle::kIgnore, as production builds run it.\n"
              "- peer.ck_ticket/peer.ck_mcs go through a C wrapper (one call per operation, not inlined); "
              "ck_mcs and tbb_queuing_mutex take their queue node from a per-thread stack.\n"
              "- FIFO spin locks (ticket, MCS, ck, tbb_queuing) collapse under oversubscription (4+ threads "
              "on 2 cores): a hand-off to a preempted waiter waits for a scheduler tick. 'stuck threads' counts "
              "threads still waiting at the 3x-duration hard cap.")
    path = os.path.join(out_dir, "bench.md")
    with open(path, "w") as f:
        f.write("\n\n".join(md) + "\n")
    return path, "\n\n".join(main)


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
    path, main_tables = write_report(runs, a.out, command)
    print("\n" + main_tables + "\n")
    print(f"report: {path}")


if __name__ == "__main__":
    main()
