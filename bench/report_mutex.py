"""The mutexes' part of the report (bench/mutex.cpp's scenarios): their
benchmark names and how a run keeps them, the lookups and the spin sweep's
scores over them, their sections of bench.md and their plots."""
import math
import os
import re

import report_plots
from report_format import fmt, fmt_or_dash, table
from report_stats import TIME_UNIT_NS, ours_then_peers, ratio, summary

PLURAL = "mutexes"
# As bench/mutex.cpp registers them: uncontended/id, SCENARIO/id/threads:N/cs:Kns.
SCENARIOS = ["uncontended", "contended", "hammer", "spin_sweep", "spin_hammer"]
NAME_RE = re.compile(r"^(contended|hammer|spin_sweep|spin_hammer)/(.+?)/threads:(\d+)/cs:(\d+)ns")
UNC_RE = re.compile(r"^uncontended/([^/]+)")
# A run keeps 'unc': {id: CPU ns per lock+unlock} and 'con': {(scenario, id, threads, cs): counters}.
PARTS = ["unc", "con"]
TARGETS = ("mutex", "## Targets", "Ratios taken within each run, then summarized (median [min-max] over runs); the "
           "verdict is on the median. CPU: the same pair's CPU time per acquisition (process CPU / acquisitions), "
           "ours over the peer's, in the same runs.")
TARGET_SHAPES = {"uncontended": set(), "contended": {"threads", "cs"}, "hammer": {"threads", "cs"}}
THREADS = [1, 2, 4, 8, 16]
CS = [1, 50, 2000]
# The peer the uncontended table's "vs" column divides by, with the name its header gives it
# (the peers of the targets are in targets.tsv).
REFERENCES = {"uncontended": [("peer.std_mutex", "std::mutex")]}
NOTES = [
    "- peer.absl_mutex is Debian's build as shipped (deadlock detection on: kAbort); "
    "peer.absl_mutex_nodetect sets OnDeadlockCycle::kIgnore, as production builds run it.",
    "- peer.drepper_minimal is the minimal Drepper futex mutex (no spin) of a throwaway baseline, "
    "measured beside mutex.futex so that the 2.0x-std::mutex premise is checked in every run.",
    "- peer.ck_ticket/peer.ck_mcs go through a C wrapper (one call per operation, not inlined); "
    "ck_mcs and tbb_queuing_mutex take their queue node from a per-thread stack.",
    "- FIFO spin locks (ticket, MCS, ck, tbb_queuing) collapse under oversubscription (4+ threads "
    "on 2 cores): a hand-off to a preempted waiter waits for a scheduler tick. 'stuck threads' counts "
    "threads still waiting at the 3x-duration hard cap.",
]


# ---------------------------------------------------------------- names and runs

def parse_name(name):
    """('unc', id) or ('con', (scenario, id, threads, cs)) for a mutex benchmark name, else None."""
    m = UNC_RE.match(name)
    if m:
        return "unc", m.group(1)
    m = NAME_RE.match(name)
    if m:
        return "con", (m.group(1), m.group(2), int(m.group(3)), int(m.group(4)))
    return None


def kept(part, b):
    """uncontended: its CPU time, one thread, so it is the lock's cost without the time a shared
    machine took the core away (real time counts that); the others: the benchmark."""
    if part == "unc":
        return b["cpu_time"] * TIME_UNIT_NS[b.get("time_unit", "ns")]
    return b


def value(run, scen, impl, shape, key):
    """A counter for report_stats.value (shape: {'threads': N, 'cs': K} or {}); uncontended has
    only 'cpu_time'."""
    if scen == "uncontended":
        return run["unc"].get(impl) if key == "cpu_time" else None
    return con(run, impl, shape.get("threads"), shape.get("cs"), key, scen)


def con(run, impl, threads, cs, key, scen="contended"):
    """A counter of a mutex scenario (contended, hammer, spin_sweep, spin_hammer)."""
    b = run["con"].get((scen, impl, threads, cs))
    return None if b is None else b.get(key)


def impl_order(runs):
    """The mutexes measured (uncontended or contended), ours first, in the binary's order."""
    seen = []
    for r in runs:
        for k in list(r["unc"]) + [k[1] for k in r["con"] if k[0] == "contended"]:
            if k not in seen:
                seen.append(k)
    return ours_then_peers(seen)


# ---------------------------------------------------------------- the spin-budget sweep

def mutex_sweep(runs):
    """The mutex spin sweeps (spin_sweep, spin_hammer: ids BASE/spin=S), or None without data:
    (base, budgets, shapes [(scenario, threads, cs)], scores {budget: [per-run score]}), a run's
    score being the geometric mean over shapes of throughput / the best budget's."""
    sweeps = ("spin_sweep", "spin_hammer")
    keys = [k for r in runs for k in r["con"] if k[0] in sweeps]
    if not keys:
        return None
    base = keys[0][1].split("/spin=")[0]
    budgets = sorted({int(k[1].split("=")[1]) for k in keys})
    shapes = sorted({(k[0], k[2], k[3]) for k in keys}, key=lambda s: (s[0] == "spin_hammer", s[2], s[1]))
    name = lambda b: f"{base}/spin={b}"
    scores = {b: [] for b in budgets}
    for r in runs:
        for b in budgets:
            logs = []
            for sc, th, cs in shapes:
                vals = [con(r, name(x), th, cs, "throughput", sc) for x in budgets]
                mine = con(r, name(b), th, cs, "throughput", sc)
                best = max([v for v in vals if v], default=None)
                if mine and best:
                    logs.append(math.log(mine / best))
            if logs:
                scores[b].append(math.exp(sum(logs) / len(logs)))
    return base, budgets, shapes, scores


# ---------------------------------------------------------------- sections

def sections(runs, place_targets):
    """The mutex sections of bench.md (with its targets table), as (markdown, for stdout) lists;
    none where the runs have no mutex scenario."""
    if not any(r["unc"] or r["con"] for r in runs):
        return [], []
    n = len(runs)
    impls = impl_order(runs)
    md, main = [], []
    ref, ref_label = REFERENCES["uncontended"][0]
    rows = []
    for i in impls:
        s = summary([r["unc"].get(i) for r in runs])
        if s is None:
            continue
        rt = summary([ratio(r["unc"].get(i), r["unc"].get(ref)) for r in runs])
        rows.append([i, fmt(s, n), fmt(rt, n)])
    sec = ("## Uncontended lock+unlock (ns/op, one thread)\n\nCPU time per lock+unlock, in a process that has "
           "started a thread (glibc locks skip atomics before that).\n\n"
           + table(["implementation", "ns/op", f"time vs {ref_label}"], rows))
    md.append(sec)
    main.append(sec)

    placed = place_targets(TARGETS[0])
    if placed:
        md.append(placed[0])
        main.append(placed[1])

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
            row.append(fmt(summary([con(r, i, th, 1, "cpu_ns_per_acq", "hammer") for r in runs]), n, 3))
        if any(c != "n/a" for c in row[1:]):
            rows.append(row)
    if rows:
        sec = ("## Hammer: lock; increment; unlock with no work outside the lock (acquisitions/s, Jain, "
               "CPU ns per acquisition)\n\n"
               + table(["implementation"] + [h for th in hammer_threads
                                             for h in (f"{th} threads", "Jain", "CPU ns/acq")], rows))
        md.append(sec)
        main.append(sec)

    sec = mutex_sweep_section(runs)
    if sec:
        md.append(sec)
        main.append(sec)

    md.append("## Contended detail: throughput with fairness\n\nJain's index over per-thread acquisitions "
              "(1 = equal shares), max/min per-thread acquisitions, wait = time from lock() call to return "
              "(every 16th acquisition), CPU ns per acquisition (process CPU time / acquisitions), futex "
              "waits and wakes per acquisition as the native seam counts them (ours only: '-' where a lock "
              "sleeps outside the seam, in glibc or a peer library).")
    keys = [("throughput", 3), ("jain", 3), ("max_min", 3), ("p99_wait_ns", 3), ("max_wait_ns", 3),
            ("cpu_ns_per_acq", 3)]
    futex_keys = ["futex_wait_per_acq", "futex_wake_per_acq"]
    for scen, cs, title in [("contended", c, f"critical section {c} ns") for c in CS] + [
            ("hammer", 1, "hammer: lock; increment; unlock, no work outside the lock")]:
        rows = []
        for i in impls:
            for th in THREADS:
                cells = [fmt(summary([con(r, i, th, cs, k, scen) for r in runs]), n, d) for k, d in keys]
                if all(c == "n/a" for c in cells):
                    continue
                cells += [fmt_or_dash(summary([con(r, i, th, cs, k, scen) for r in runs]), n) for k in futex_keys]
                stuck = sum((con(r, i, th, cs, "stuck_threads", scen) or 0) for r in runs)
                rows.append([i, th] + cells + [int(stuck)])
        if rows:
            md.append(f"\n### {title}\n\n" + table(
                ["implementation", "threads", "acq/s", "Jain", "max/min", "p99 wait ns", "max wait ns",
                 "CPU ns/acq", "futex waits/acq", "futex wakes/acq", "stuck threads"], rows))
    return md, main


def mutex_sweep_section(runs):
    """The mutex spin budget sweep: rows per budget and the winner, the budget with the best
    median score (report_stats.mutex_sweep)."""
    sw = mutex_sweep(runs)
    if not sw:
        return None
    base, budgets, shapes, scores = sw
    n = len(runs)
    name = lambda b: f"{base}/spin={b}"
    label = lambda sc, th, cs: f"{th}t hammer" if sc == "spin_hammer" else f"{th}t cs:{cs}ns"
    header = ["spin budget"] + [label(*s) for s in shapes] + ["score (geomean vs best)"]
    rows = []
    for b in budgets:
        row = [str(b)]
        for sc, th, cs in shapes:
            row.append(fmt(summary([con(r, name(b), th, cs, "throughput", sc) for r in runs]), n))
        row.append(fmt(summary(scores[b]), n))
        rows.append(row)
    ranked = sorted(((summary(scores[b]) or (0, 0, 0))[0], b) for b in budgets)
    winner = ranked[-1][1]
    runner_up = ranked[-2] if len(ranked) > 1 else None
    return (f"## {base} spin budget sweep (acquisitions/s)\n\n" + table(header, rows)
            + f"\n\nWinner here: **spin={winner}** (score {fmt(summary(scores[winner]), n)}; 1.0 = best budget in "
            "every shape" + (f"; next: spin={runner_up[1]} at {runner_up[0]:.3g}" if runner_up else "") + ").")


# ---------------------------------------------------------------- plots

def plots(runs, out_dir):
    """Throughput and Jain against threads, one plot per critical section (script plots_mutex.gp)."""
    if not any(r["unc"] or r["con"] for r in runs):
        return []
    impls = impl_order(runs)
    files = []
    script = []
    for key, ylabel, logy, stem in [("throughput", "acquisitions/s (median)", True, "throughput"),
                                    ("jain", "Jain fairness index (median)", False, "fairness")]:
        for cs in CS:
            present = [i for i in impls if any(con(r, i, th, cs, key) is not None for r in runs for th in THREADS)]
            if not present:
                continue
            rows = []
            for th in THREADS:
                row = [str(th)]
                for i in present:
                    s = summary([con(r, i, th, cs, key) for r in runs])
                    row.append("NaN" if s is None or (logy and s[0] <= 0) else repr(s[0]))
                rows.append(row)
            dat = report_plots.write_data(out_dir, f"{stem}_cs{cs}", ["threads"] + present, rows)
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
    head = ["set key outside right", "set logscale x 2", "set xlabel 'threads (2 cores: 4+ oversubscribe)'",
            "set xtics (" + ", ".join(str(t) for t in THREADS) + ")", "set xrange [0.8:20]", "set grid"]
    return report_plots.draw(out_dir, "plots_mutex.gp", head + script, files)
