"""The plots of bench.md, drawn by gnuplot where it is installed: mutex
throughput and fairness against threads (plots.gp), and the semaphore and
condition-variable scenarios and spin sweeps (plots_waiting.gp). Each writes
its data files (.dat) and script into the output directory and returns the
PNGs it drew; none without gnuplot."""
import os
import shutil
import subprocess
import sys

from report_stats import col, con, summary, sv, sweep_budgets, sync_impls, waiting_sweep_shapes


def plots(runs, impls, out_dir, threads, css):
    """Throughput and Jain against threads, one plot per critical section (css), for impls."""
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        print("report.py: gnuplot not found, no plots", file=sys.stderr)
        return []
    files = []
    script = []
    for key, ylabel, logy, stem in [("throughput", "acquisitions/s (median)", True, "throughput"),
                                    ("jain", "Jain fairness index (median)", False, "fairness")]:
        for cs in css:
            dat = os.path.join(out_dir, f"{stem}_cs{cs}.dat")
            present = [i for i in impls if any(con(r, i, th, cs, key) is not None for r in runs for th in threads)]
            if not present:
                continue
            with open(dat, "w") as f:
                f.write("threads " + " ".join(present) + "\n")
                for th in threads:
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
            "set xtics (" + ", ".join(str(t) for t in threads) + ")", "set xrange [0.8:20]", "set grid"]
    gp = os.path.join(out_dir, "plots.gp")
    for term in ("pngcairo size 1100,600", "png size 1100,600"):
        with open(gp, "w") as f:
            f.write("\n".join([f"set terminal {term}"] + head + script) + "\n")
        res = subprocess.run([gnuplot, gp], capture_output=True, text=True)
        if res.returncode == 0:
            return files
    print(f"report.py: gnuplot failed: {res.stderr.strip()[:500]}", file=sys.stderr)
    return []


def waiting_plots(runs, out_dir):
    """Plots of the semaphore and condition-variable scenarios (script plots_waiting.gp)."""
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        return []
    files, script = [], []

    def dat(stem, header, rows, comment=False):
        """comment: the header as a comment line (histograms would draw it as an empty bar)."""
        path = os.path.join(out_dir, f"{stem}.dat")
        with open(path, "w") as f:
            f.write(("# " if comment else "") + " ".join(header) + "\n")
            for row in rows:
                f.write(" ".join(row) + "\n")
        return path

    def med(s):
        return "NaN" if s is None or s[0] <= 0 else repr(s[0])

    common = ["reset", "set termoption noenhanced", "set key outside right", "set grid"]
    # Buffer throughput against producer/consumer pairs.
    for scen, what in [("sem_buffer", "semaphore_queue"), ("cv_buffer", "blocking_queue")]:
        impls = sync_impls(runs, scen)
        pairs = sorted({k[2] for r in runs for k in r["sync"] if k[0] == scen})
        if not impls or not pairs:
            continue
        d = dat(scen, ["pairs"] + impls, [[str(p)] + [med(col(runs, scen, i, p, "ops_per_s")) for i in impls] for p in pairs])
        png = os.path.join(out_dir, f"{scen}.png")
        script += common + [f"set output '{png}'", f"set title '{what}: items/s, N producers + N consumers, {len(runs)} run(s)'",
                            "set logscale y", "set logscale x 2", f"set xtics ({', '.join(str(p) for p in pairs)})",
                            "set xrange [0.8:5]", "set xlabel 'N (2 cores: 2+2 and 4+4 oversubscribe)'",
                            "set ylabel 'items/s (median)'",
                            "plot " + ", ".join(f"'{d}' using 1:{c + 2} with linespoints lc {c + 1} pt {c + 1} lw 1.5 "
                                                f"title columnheader({c + 2})" for c in range(len(impls)))]
        files.append(png)
    # Hand-off round trip: wall and CPU per implementation.
    for scen, what in [("sem_pingpong", "semaphore ping-pong"), ("cv_pingpong", "condition-variable ping-pong")]:
        impls = sync_impls(runs, scen)
        if not impls:
            continue
        d = dat(scen, ["impl", "wall", "cpu"], [[i, med(col(runs, scen, i, 0, "wall_ns_per_op")),
                                                 med(col(runs, scen, i, 0, "cpu_ns_per_op"))] for i in impls], True)
        png = os.path.join(out_dir, f"{scen}.png")
        script += common + [f"set output '{png}'", f"set title '{what}: ns per round trip, {len(runs)} run(s)'",
                            "set style data histograms", "set style histogram clustered gap 1",
                            "set style fill solid 0.8 border -1", "set logscale y", "set xtics rotate by -30",
                            "set ylabel 'ns per round trip (median)'",
                            f"plot '{d}' using 2:xtic(1) title 'wall', '' using 3 title 'CPU (process)'"]
        files.append(png)
    # notify_all latency.
    scen = "cv_notify_all"
    impls = sync_impls(runs, scen)
    if impls:
        w = max(k[2] for r in runs for k in r["sync"] if k[0] == scen)
        d = dat(scen, ["impl", "first_p50", "last_p50", "last_p99"],
                [[i] + [med(col(runs, scen, i, w, k)) for k in ("first_p50_ns", "last_p50_ns", "last_p99_ns")] for i in impls],
                True)
        png = os.path.join(out_dir, f"{scen}.png")
        script += common + [f"set output '{png}'", f"set title 'notify_all with {w} waiters: wake-up latency, {len(runs)} run(s)'",
                            "set style data histograms", "set style histogram clustered gap 1",
                            "set style fill solid 0.8 border -1", "set logscale y", "set xtics rotate by -30",
                            "set ylabel 'ns from notify_all (median)'",
                            f"plot '{d}' using 2:xtic(1) title 'first waiter p50', '' using 3 title 'last waiter p50', "
                            "'' using 4 title 'last waiter p99'"]
        files.append(png)
    # Spin budget sweeps: wall (solid) and CPU (dashed) per op against the budget.
    for base, shapes in waiting_sweep_shapes(runs, "sem_") + waiting_sweep_shapes(runs, "cv_"):
        prefix = base + "/spin="
        budgets = sweep_budgets(runs, base)
        shapes = [s for s in shapes if any(sv(r, s[0], prefix + str(b), s[1], "wall_ns_per_op") for r in runs for b in budgets)]
        if not budgets or not shapes:
            continue
        header = ["budget"] + [f"{lab.replace(' ', '_')}_{k}" for _, _, lab in shapes for k in ("wall", "cpu")]
        rows = []
        for b in budgets:
            row = [str(b)]
            for scen, param, _ in shapes:
                row += [med(col(runs, scen, prefix + str(b), param, "wall_ns_per_op")),
                        med(col(runs, scen, prefix + str(b), param, "cpu_ns_per_op"))]
            rows.append(row)
        stem = base.replace(".", "_") + "_spin"
        d = dat(stem, header, rows)
        png = os.path.join(out_dir, f"{stem}.png")
        lines = []
        for c, (_, _, lab) in enumerate(shapes):
            lines.append(f"'{d}' using 0:{2 + 2 * c}:xtic(1) with linespoints lc {c + 1} dt 1 pt {c + 1} lw 1.5 title '{lab} wall'")
            lines.append(f"'{d}' using 0:{3 + 2 * c} with linespoints lc {c + 1} dt 2 pt {c + 1} lw 1.5 title '{lab} CPU'")
        script += common + [f"set output '{png}'", f"set title '{base}: spin budget sweep, {len(runs)} run(s)'",
                            "set logscale y", "set xlabel 'spin budget (pauses before sleeping)'",
                            "set ylabel 'ns per op (median)'", "plot " + ", ".join(lines)]
        files.append(png)
    if not files:
        return []
    gp = os.path.join(out_dir, "plots_waiting.gp")
    for term in ("pngcairo size 1100,600", "png size 1100,600"):
        with open(gp, "w") as f:
            f.write("\n".join([f"set terminal {term}"] + script) + "\n")
        res = subprocess.run([gnuplot, gp], capture_output=True, text=True)
        if res.returncode == 0:
            return files
    print(f"report.py: gnuplot failed on {gp}: {res.stderr.strip()[:500]}", file=sys.stderr)
    return []
