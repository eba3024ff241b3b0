"""What the semaphore and condition-variable parts of the report share
(report_semaphore.py, report_condvar.py): their benchmarks, kept in a run's
'sync' part by scenario, id and pairs or waiters; their targets table; the
lookups and the spin-sweep scores over their scenarios; the ping-pong, buffer
and spin-sweep sections; and the same scenarios' plots."""
import math
import os
import re

import report_plots
from report_format import fmt, fmt_or_dash, table
from report_stats import TIME_UNIT_NS, ours_then_peers, ratio, summary

PARTS = ["sync"]
# The targets table of both concepts' rows of targets.tsv.
TARGETS = ("waiting", "## Targets: semaphores and condition variables", "Ratios of time per op taken within each run, "
           "then summarized (median [min-max] over runs); the verdict is on the median.")
# The note both concepts' sections need.
NOTE = ("- Semaphores and condition variables: each scenario runs threads of our own for the same fixed "
        "window after the warm-up; CPU is the process's CPU time (getrusage) over the window, so spinning "
        "shows up as CPU per op even where it wins wall time. Futex syscalls are counted by the native seam "
        "(platform::this_thread_stats), so only for implementations that sleep through it ('-' elsewhere; "
        "voluntary context switches are the figure every implementation has). Our condition variables are "
        "measured with mutex.futex; its futex calls are in their count.")


# ---------------------------------------------------------------- names and runs

def name_re(scenarios):
    """The benchmark names of these scenarios: scenario/id[/spin=S][/pairs:N or /waiters:W]."""
    return re.compile(r"^(" + "|".join(scenarios) + r")/([^/]+?(?:/spin=\d+)?)(?:/pairs:(\d+)|/waiters:(\d+))?(?:/|$)")


def parse_name(regex, name):
    """('sync', (scenario, id, pairs or waiters or 0)) for a name regex matches, else None."""
    m = regex.match(name)
    if not m:
        return None
    return "sync", (m.group(1), m.group(2), int(m.group(3) or m.group(4) or 0))


def kept(part, b):
    """The benchmark with 'cpu_ns': Google Benchmark's CPU time in ns (sem_uncontended's figure)."""
    b = dict(b)
    b["cpu_ns"] = b.get("cpu_time", 0) * TIME_UNIT_NS[b.get("time_unit", "ns")]
    return b


def value(run, scen, impl, shape, key):
    """A counter for report_stats.value (shape: {'pairs': N}, {'waiters': W} or {})."""
    return sv(run, scen, impl, shape.get("pairs") or shape.get("waiters") or 0, "cpu_ns" if key == "cpu_time" else key)


def has_data(runs, scenarios):
    """Whether any run has a benchmark of these scenarios."""
    return any(k[0] in scenarios for r in runs for k in r["sync"])


def place_family_targets(runs, scenarios, place_targets):
    """([the targets table], [it as printed]) where the runs have these scenarios and the table
    is not placed yet (by the other concept), else ([], [])."""
    placed = place_targets(TARGETS[0]) if has_data(runs, scenarios) else None
    return ([placed[0]], [placed[1]]) if placed else ([], [])


# ---------------------------------------------------------------- one counter, over runs

def sv(run, scen, impl, param, key):
    """A counter of a semaphore or condition-variable scenario (param: pairs, waiters or 0)."""
    b = run["sync"].get((scen, impl, param))
    return None if b is None else b.get(key)


def col(runs, scen, impl, param, key):
    """Summary over runs of one counter of a semaphore or condition-variable scenario."""
    return summary([sv(r, scen, impl, param, key) for r in runs])


def rcol(runs, scen, a, b, param, key):
    """Summary over runs of a / b, the ratio taken within each run."""
    return summary([ratio(sv(r, scen, a, param, key), sv(r, scen, b, param, key)) for r in runs])


def busy(runs, scen, impl, param):
    """CPU time / wall time: the cores kept busy on average (2 here)."""
    return summary([ratio(sv(r, scen, impl, param, "cpu_ns_per_op"), sv(r, scen, impl, param, "wall_ns_per_op"))
                    for r in runs])


def stuck_total(runs, scen, impl, param):
    return int(sum((sv(r, scen, impl, param, "stuck_threads") or 0) for r in runs))


def sync_impls(runs, scen):
    """Implementations measured in scenario scen: ours first (spin variants left
    to the sweep), then the peers, in the binary's order."""
    seen = []
    for r in runs:
        for (s, impl, _) in r["sync"]:
            if s == scen and "/spin=" not in impl and impl not in seen:
                seen.append(impl)
    return ours_then_peers(seen)


# ---------------------------------------------------------------- spin-budget sweeps

def waiting_sweep_shapes(runs, prefix):
    """The semaphore or condition-variable spin sweeps found in the runs: [(base, shapes)], base an
    id measured as BASE/spin=S in the scenarios starting with prefix ('sem_', 'cv_'), shapes
    [(scenario, param, label)]: the ping-pong, then the buffer by pairs."""
    found = {}
    for r in runs:
        for (scen, impl, param) in r["sync"]:
            if scen.startswith(prefix) and "/spin=" in impl:
                found.setdefault(impl.split("/spin=")[0], set()).add((scen, param))
    out = []
    for base in sorted(found):
        shapes = [(s, p, "ping-pong") for s, p in sorted(found[base]) if s.endswith("_pingpong")]
        shapes += [(s, p, f"buffer {p}+{p}") for s, p in sorted(found[base]) if s.endswith("_buffer")]
        out.append((base, shapes))
    return out


def sweep_budgets(runs, base):
    prefix = base + "/spin="
    return sorted({int(k[1][len(prefix):]) for r in runs for k in r["sync"] if k[1].startswith(prefix)})


def waiting_sweep(runs, base, shapes):
    """The spin budget sweep of one implementation (base, e.g. semaphore.futex) over shapes
    [(scenario, param, label)], or None without data: (budgets, shapes with data, scores,
    cpu_cost). A run's score for a budget is the geometric mean over shapes of (fastest budget's
    wall time / this budget's); its CPU cost the geometric mean of (CPU per op / CPU per op at
    the smallest budget)."""
    budgets = sweep_budgets(runs, base)
    if not budgets:
        return None
    name = lambda b: f"{base}/spin={b}"
    shapes = [s for s in shapes if any(sv(r, s[0], name(b), s[1], "wall_ns_per_op") for r in runs for b in budgets)]
    scores = {b: [] for b in budgets}
    cpu_cost = {b: [] for b in budgets}
    for r in runs:
        for b in budgets:
            logs, clogs = [], []
            for scen, param, _ in shapes:
                walls = [sv(r, scen, name(x), param, "wall_ns_per_op") for x in budgets]
                mine = sv(r, scen, name(b), param, "wall_ns_per_op")
                best = min([w for w in walls if w], default=None)
                if mine and best:
                    logs.append(math.log(best / mine))
                c0 = sv(r, scen, name(budgets[0]), param, "cpu_ns_per_op")
                cb = sv(r, scen, name(b), param, "cpu_ns_per_op")
                if c0 and cb:
                    clogs.append(math.log(cb / c0))
            if logs:
                scores[b].append(math.exp(sum(logs) / len(logs)))
            if clogs:
                cpu_cost[b].append(math.exp(sum(clogs) / len(clogs)))
    return budgets, shapes, scores, cpu_cost


# ---------------------------------------------------------------- sections

def pingpong_section(runs, n, scen, refs, title, what):
    """The ping-pong table of scen; refs: [(peer, its label)] the wall time is divided by."""
    rows = []
    for i in sync_impls(runs, scen):
        wall = col(runs, scen, i, 0, "wall_ns_per_op")
        if wall is None:
            continue
        rows.append([i, fmt(wall, n), fmt(col(runs, scen, i, 0, "cpu_ns_per_op"), n), fmt(busy(runs, scen, i, 0), n)]
                    + [fmt(rcol(runs, scen, i, p, 0, "wall_ns_per_op"), n) for p, _ in refs]
                    + [fmt(col(runs, scen, i, 0, "vcsw_per_op"), n), fmt_or_dash(col(runs, scen, i, 0, "futex_per_op"), n),
                       fmt_or_dash(col(runs, scen, i, 0, "futex_wait_per_op"), n), stuck_total(runs, scen, i, 0)])
    if not rows:
        return None
    return (f"### {title}\n\n{what} Wall time per round trip over a fixed window; CPU time of the whole "
            "process over the same window per round trip; 'cores busy' = CPU / wall (2 = both cores of this "
            "machine: somebody spins); voluntary switches = sleeps in the kernel.\n\n"
            + table(["implementation", "round trip ns (wall)", "CPU ns / round trip", "cores busy"]
                    + [f"wall vs {label}" for _, label in refs]
                    + ["voluntary switches / rt", "futex syscalls / rt", "of which waits", "stuck threads"], rows))


def buffer_section(runs, n, scen, title, what):
    impls = sync_impls(runs, scen)
    pairs = sorted({k[2] for r in runs for k in r["sync"] if k[0] == scen})
    rows = []
    for i in impls:
        row = [i] + [fmt(col(runs, scen, i, p, "ops_per_s"), n) for p in pairs]
        row += [fmt(col(runs, scen, i, p, "cpu_ns_per_op"), n) for p in pairs]
        if any(c != "n/a" for c in row[1:]):
            rows.append(row)
    if not rows:
        return None
    out = (f"### {title}\n\n{what} Items per second through a buffer of 64 slots, N producers and N consumers "
           "(2 cores: 2+2 and 4+4 oversubscribe), and process CPU ns per item.\n\n"
           + table(["implementation"] + [f"{p}+{p} items/s" for p in pairs] + [f"{p}+{p} CPU ns/item" for p in pairs], rows))
    detail = []
    for i in impls:
        for p in pairs:
            if col(runs, scen, i, p, "ops_per_s") is None:
                continue
            detail.append([i, f"{p}+{p}", fmt(col(runs, scen, i, p, "ops_per_s"), n),
                           fmt(col(runs, scen, i, p, "wall_ns_per_op"), n), fmt(col(runs, scen, i, p, "cpu_ns_per_op"), n),
                           fmt(busy(runs, scen, i, p), n), fmt(col(runs, scen, i, p, "vcsw_per_op"), n),
                           fmt_or_dash(col(runs, scen, i, p, "futex_per_op"), n),
                           fmt_or_dash(col(runs, scen, i, p, "futex_wait_per_op"), n), fmt(col(runs, scen, i, p, "jain"), n),
                           stuck_total(runs, scen, i, p)])
    out += ("\n\nDetail (Jain over the consumers' items: 1 = equal shares):\n\n"
            + table(["implementation", "producers+consumers", "items/s", "wall ns/item", "CPU ns/item", "cores busy",
                     "voluntary switches/item", "futex syscalls/item", "of which waits", "Jain", "stuck threads"], detail))
    return out


def waiting_sweep_section(runs, base, shapes, default_budget):
    """The spin budget sweep of one implementation (report_stats.waiting_sweep) with its winner,
    or None without data."""
    sw = waiting_sweep(runs, base, shapes)
    if not sw:
        return None
    budgets, shapes, scores, cpu_cost = sw
    n = len(runs)
    name = lambda b: f"{base}/spin={b}"
    header = ["spin budget"]
    for _, _, label in shapes:
        header += [f"{label} wall ns/op", f"{label} CPU ns/op"]
    header += ["score (geomean, 1 = fastest)", f"CPU vs spin={budgets[0]} (geomean)"]
    rows = []
    for b in budgets:
        row = [str(b) + (" (default)" if str(b) == default_budget else "")]
        for scen, param, _ in shapes:
            row.append(fmt(col(runs, scen, name(b), param, "wall_ns_per_op"), n))
            row.append(fmt(col(runs, scen, name(b), param, "cpu_ns_per_op"), n))
        row += [fmt(summary(scores[b]), n), fmt(summary(cpu_cost[b]), n)]
        rows.append(row)
    med = lambda d, b: (summary(d[b]) or (None,))[0]
    ranked = sorted((med(scores, b) or 0, b) for b in budgets)
    winner = ranked[-1][1]
    text = (f"### {base} spin budget sweep (wall and CPU ns per op)\n\nThe same scenarios with {base} built at each "
            "spin budget (pauses before sleeping); one op = a round trip (ping-pong) or an item (buffer).\n\n"
            + table(header, rows))
    wc = summary(cpu_cost[winner])
    text += (f"\n\nWinner here (wall time): **spin={winner}** (score {fmt(summary(scores[winner]), n)}"
             + (f"; next: spin={ranked[-2][1]} at {ranked[-2][0]:.3g}" if len(ranked) > 1 else "") + "). "
             + ("It is the smallest budget: it spins least" if winner == budgets[0] else
                f"It costs **{fmt(wc, n)}x the CPU per op of spin={budgets[0]}**" if wc else "Its CPU cost is n/a"))
    if default_budget and default_budget.isdigit() and int(default_budget) in budgets and int(default_budget) != winner:
        d = int(default_budget)
        rel = summary([ratio(a, b) for a, b in zip(scores[winner], scores[d])]) if scores[d] else None
        text += (f"; against the registry default spin={d} it is {fmt(rel, n)}x as fast (score ratio) for "
                 f"{fmt(summary([ratio(a, b) for a, b in zip(cpu_cost[winner], cpu_cost[d])]), n)}x the CPU")
    cheapest = min(budgets, key=lambda b: med(cpu_cost, b) if med(cpu_cost, b) is not None else float("inf"))
    text += (f". Cheapest in CPU: spin={cheapest} ({fmt(summary(cpu_cost[cheapest]), n)}x, score "
             f"{fmt(summary(scores[cheapest]), n)}).")
    return text


def sweep_sections(runs, prefix):
    """The spin sweeps of the scenarios starting with prefix, each with the registry default the
    binary recorded in its context (synclab_<base>_default_spin)."""
    ctx = runs[0]["context"] if runs else {}
    return [waiting_sweep_section(runs, base, shapes, ctx.get(f"synclab_{base.replace('.', '_')}_default_spin", ""))
            for base, shapes in waiting_sweep_shapes(runs, prefix)]


# ---------------------------------------------------------------- plots
# Each returns the gnuplot commands of its plots and their PNGs ([], [] without data);
# report_plots.draw runs them.

COMMON = ["reset", "set termoption noenhanced", "set key outside right", "set grid"]


def med(s):
    return "NaN" if s is None or s[0] <= 0 else repr(s[0])


def buffer_plot(runs, out_dir, scen, what):
    """Buffer throughput against producer/consumer pairs; what: the buffer's name."""
    impls = sync_impls(runs, scen)
    pairs = sorted({k[2] for r in runs for k in r["sync"] if k[0] == scen})
    if not impls or not pairs:
        return [], []
    d = report_plots.write_data(out_dir, scen, ["pairs"] + impls,
                                [[str(p)] + [med(col(runs, scen, i, p, "ops_per_s")) for i in impls] for p in pairs])
    png = os.path.join(out_dir, f"{scen}.png")
    return COMMON + [f"set output '{png}'", f"set title '{what}: items/s, N producers + N consumers, {len(runs)} run(s)'",
                     "set logscale y", "set logscale x 2", f"set xtics ({', '.join(str(p) for p in pairs)})",
                     "set xrange [0.8:5]", "set xlabel 'N (2 cores: 2+2 and 4+4 oversubscribe)'",
                     "set ylabel 'items/s (median)'",
                     "plot " + ", ".join(f"'{d}' using 1:{c + 2} with linespoints lc {c + 1} pt {c + 1} lw 1.5 "
                                         f"title columnheader({c + 2})" for c in range(len(impls)))], [png]


def pingpong_plot(runs, out_dir, scen, what):
    """Hand-off round trip: wall and CPU per implementation."""
    impls = sync_impls(runs, scen)
    if not impls:
        return [], []
    d = report_plots.write_data(out_dir, scen, ["impl", "wall", "cpu"],
                                [[i, med(col(runs, scen, i, 0, "wall_ns_per_op")),
                                  med(col(runs, scen, i, 0, "cpu_ns_per_op"))] for i in impls], True)
    png = os.path.join(out_dir, f"{scen}.png")
    return COMMON + [f"set output '{png}'", f"set title '{what}: ns per round trip, {len(runs)} run(s)'",
                     "set style data histograms", "set style histogram clustered gap 1",
                     "set style fill solid 0.8 border -1", "set logscale y", "set xtics rotate by -30",
                     "set ylabel 'ns per round trip (median)'",
                     f"plot '{d}' using 2:xtic(1) title 'wall', '' using 3 title 'CPU (process)'"], [png]


def sweep_plots(runs, out_dir, prefix):
    """Spin budget sweeps of the scenarios starting with prefix: wall (solid) and CPU (dashed)
    per op against the budget."""
    script, files = [], []
    for base, shapes in waiting_sweep_shapes(runs, prefix):
        prefix_id = base + "/spin="
        budgets = sweep_budgets(runs, base)
        shapes = [s for s in shapes if any(sv(r, s[0], prefix_id + str(b), s[1], "wall_ns_per_op") for r in runs for b in budgets)]
        if not budgets or not shapes:
            continue
        header = ["budget"] + [f"{lab.replace(' ', '_')}_{k}" for _, _, lab in shapes for k in ("wall", "cpu")]
        rows = []
        for b in budgets:
            row = [str(b)]
            for scen, param, _ in shapes:
                row += [med(col(runs, scen, prefix_id + str(b), param, "wall_ns_per_op")),
                        med(col(runs, scen, prefix_id + str(b), param, "cpu_ns_per_op"))]
            rows.append(row)
        stem = base.replace(".", "_") + "_spin"
        d = report_plots.write_data(out_dir, stem, header, rows)
        png = os.path.join(out_dir, f"{stem}.png")
        lines = []
        for c, (_, _, lab) in enumerate(shapes):
            lines.append(f"'{d}' using 0:{2 + 2 * c}:xtic(1) with linespoints lc {c + 1} dt 1 pt {c + 1} lw 1.5 title '{lab} wall'")
            lines.append(f"'{d}' using 0:{3 + 2 * c} with linespoints lc {c + 1} dt 2 pt {c + 1} lw 1.5 title '{lab} CPU'")
        script += COMMON + [f"set output '{png}'", f"set title '{base}: spin budget sweep, {len(runs)} run(s)'",
                            "set logscale y", "set xlabel 'spin budget (pauses before sleeping)'",
                            "set ylabel 'ns per op (median)'", "plot " + ", ".join(lines)]
        files.append(png)
    return script, files
