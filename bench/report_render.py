"""The markdown of bench.md: number formats, the header, the targets tables
(each row of targets.tsv with its figure and verdict), the tables of every
family (mutexes, semaphores, condition variables, queues) and the notes.
write_report writes bench.md (with the plots of report_plots.py) and returns
the tables that are printed too."""
import datetime
import os
import platform

import report_plots
import report_targets
from report_stats import (busy, col, con, impl_order, mutex_sweep, qv, queue_impls, ratio, rcol, stuck_total,
                          summary, sv, sync_impls, waiting_sweep, waiting_sweep_shapes)

THREADS = [1, 2, 4, 8, 16]
CS = [1, 50, 2000]
QUEUE_PAIRS = [1, 2, 4]
# The peer each table's "vs" columns divide by, with the name its header gives it
# (the peers of the targets are in targets.tsv).
REFERENCES = {
    "uncontended": [("peer.std_mutex", "std::mutex")],
    "sem_uncontended": [("peer.sem_t", "sem_t"), ("peer.moodycamel_sem", "moodycamel"),
                        ("peer.std_counting_semaphore", "std::counting_semaphore")],
    "sem_pingpong": [("peer.moodycamel_sem", "moodycamel"), ("peer.sem_t", "sem_t")],
    "cv_pingpong": [("peer.std_condition_variable", "std::condition_variable"), ("peer.pthread_cond", "pthread_cond")],
    "q_roundtrip": [("peer.boost_spsc_queue", "boost spsc_queue")],
}
# The linearizability verdicts of proofs/ (queue_tests.cpp: property.Queue*),
# as FIFO queues; each must match what the property tests assert.
QUEUE_LINEARIZABLE = {
    "queue.spsc": "yes (one producer, one consumer)",
    "queue.mpmc": "yes, with try_ failures excused while another operation is in flight",
    "queue.blocking": "yes (strict bounded buffer)",
    "queue.semaphore": "yes, with try_ failures excused under contention",
    "peer.boost_spsc_queue": "yes (one producer, one consumer)",
    "peer.boost_queue": "yes",
    "peer.tbb_concurrent_bounded_queue": "yes",
    "peer.tbb_concurrent_queue": "yes",
    "peer.ck_ring_spsc": "yes (one producer, one consumer)",
    "peer.ck_ring_mpmc": "yes",
    "peer.moodycamel_queue": "NO: refuted across producers (FIFO per producer only)",
    "peer.moodycamel_blocking_queue": "NO: refuted across producers (FIFO per producer only)",
    "stack.treiber": "yes, as an unbounded stack (LIFO)",
    "queue.ms": "yes, as an unbounded FIFO queue",
}


# ---------------------------------------------------------------- formats

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
    if a >= 1e3:
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


def fmt_or_dash(s, n, digits=3):
    """As fmt, but '-' where the figure does not exist (e.g. a futex count the seam cannot see)."""
    return "-" if s is None else fmt(s, n, digits)


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * len(header)) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


# ---------------------------------------------------------------- targets

# Each family's targets table: its heading and what its figures are.
TARGET_SECTIONS = {
    "mutex": ("## Targets", "Ratios taken within each run, then summarized (median [min-max] over runs); the verdict "
              "is on the median. CPU: the same pair's CPU time per acquisition (process CPU / acquisitions), ours "
              "over the peer's, in the same runs."),
    "waiting": ("## Targets: semaphores and condition variables", "Ratios of time per op taken within each run, "
                "then summarized (median [min-max] over runs); the verdict is on the median."),
    "queue": ("## Targets: queues", "Ratios of items/s taken within each run, then summarized (median [min-max] "
              "over runs); the verdict is on the median."),
}
# The header of a beside column, by its counter.
BESIDE_HEADERS = {"cpu_ns_per_acq": "CPU per acquisition, same pair"}


def targets_table(family, targets, runs):
    """(the table of the family's rows of targets.tsv, a list of what the rows shown mean: one line per
    meaning, naming the rows that share it)."""
    n = len(runs)
    rows_of = [t for t in targets if t.family == family]
    besides = list(dict.fromkeys(t.beside for t in rows_of if t.beside))
    rows, meanings = [], {}  # meaning: the names of the rows shown that have it
    for t in rows_of:
        res = report_targets.evaluate(t, runs)
        if res.figure is None and t.absent == "omit":
            continue
        rows.append([t.name, fmt(res.figure, n, 3), res.goal, res.verdict]
                    + [fmt(res.beside, n, 3) if t.beside == b else "" for b in besides])
        meanings.setdefault(t.meaning, []).append(t.name)
    header = ["comparison", "figure", "target", "verdict"] + [BESIDE_HEADERS.get(b, f"{b}, same pair") for b in besides]
    return table(header, rows), ["- " + "; ".join(f"*{name}*" for name in names) + f": {meaning}"
                                 for meaning, names in meanings.items()]


def targets_section(family, targets, runs):
    """(the section as bench.md has it, with what each row means; the section as printed)."""
    title, what = TARGET_SECTIONS[family]
    tab, meanings = targets_table(family, targets, runs)
    sec = f"{title}\n\n{what}\n\n{tab}"
    return sec + "\n\nWhat each row compares (bench/targets.tsv):\n\n" + "\n".join(meanings), sec


# ---------------------------------------------------------------- mutexes

def mutex_sections(runs, targets):
    """The mutex sections of bench.md, as (markdown, for stdout) lists."""
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

    sec_md, sec = targets_section("mutex", targets, runs)
    md.append(sec_md)
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


# ---------------------------------------------------------------- semaphores and condition variables

def sem_uncontended_section(runs, n):
    refs = REFERENCES["sem_uncontended"]
    rows = []
    for i in sync_impls(runs, "sem_uncontended"):
        s = col(runs, "sem_uncontended", i, 0, "cpu_ns")
        if s is None:
            continue
        rows.append([i, fmt(s, n)] + [fmt(rcol(runs, "sem_uncontended", i, p, 0, "cpu_ns"), n) for p, _ in refs]
                    + [fmt_or_dash(col(runs, "sem_uncontended", i, 0, "futex_per_op"), n)])
    if not rows:
        return None
    return ("### Uncontended try_acquire + release (ns/op, one thread)\n\nCPU time per try_acquire+release on a "
            "semaphore of 1, and the futex syscalls per op seen by the native seam ('-': the implementation "
            "sleeps outside the seam, in libstdc++ or glibc, where it cannot be counted).\n\n"
            + table(["implementation", "ns/op"] + [f"vs {label}" for _, label in refs] + ["futex syscalls/op"], rows))


def pingpong_section(runs, n, scen, title, what):
    refs = REFERENCES[scen]
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


def notify_all_section(runs, n):
    scen = "cv_notify_all"
    rows = []
    for i in sync_impls(runs, scen):
        waiters = sorted({k[2] for r in runs for k in r["sync"] if k[0] == scen and k[1] == i})
        for w in waiters:
            rows.append([i, w] + [fmt(col(runs, scen, i, w, k), n) for k in
                                  ("first_p50_ns", "first_p99_ns", "last_p50_ns", "last_p99_ns", "last_max_ns")]
                        + [fmt(summary([None if x is None else x / 1e3 for x in
                                        (sv(r, scen, i, w, "cpu_ns_per_op") for r in runs)]), n),
                           fmt(col(runs, scen, i, w, "vcsw_per_op"), n), fmt_or_dash(col(runs, scen, i, w, "futex_per_op"), n),
                           fmt(col(runs, scen, i, w, "latency_samples"), n), stuck_total(runs, scen, i, w)])
    if not rows:
        return None
    return ("### notify_all wake-up latency\n\nW waiters asleep on one condition variable (parked, then 300 us to "
            "settle); the notifier bumps a generation under the mutex, reads the clock, unlocks and calls "
            "notify_all. Latency = a waiter's clock reading on return from wait (mutex held) minus the "
            "notifier's, for the first waiter back and for the last (the last includes the W waiters taking the "
            "mutex in turn). Log-linear histogram (~6%). CPU per round includes the notifier's polling.\n\n"
            + table(["implementation", "waiters", "first p50 ns", "first p99 ns", "last p50 ns", "last p99 ns",
                     "last max ns", "CPU us/round", "voluntary switches/round", "futex syscalls/round",
                     "rounds sampled", "stuck threads"],
                    rows))


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


def waiting_sections(runs, targets):
    """The semaphore and condition-variable sections of bench.md, as (markdown, for stdout) lists."""
    n = len(runs)
    md, main = [], []
    sec_md, sec = targets_section("waiting", targets, runs)
    md.append(sec_md)
    main.append(sec)
    sem = [sem_uncontended_section(runs, n),
           pingpong_section(runs, n, "sem_pingpong", "Hand-off round trip: semaphore ping-pong (two threads)",
                            "Two semaphores of 0: A releases ping and acquires pong, B the mirror image."),
           buffer_section(runs, n, "sem_buffer", "Producers and consumers through semaphore_queue",
                          "primitives/queue/semaphore_queue.hpp: three semaphores of the implementation (free slots, "
                          "full slots, a key of 1).")] + sweep_sections(runs, "sem_")
    sem = [s for s in sem if s]
    if sem:
        md.append("## Semaphores\n\nOurs: every semaphore_registry entry. Peers: std::counting_semaphore<> "
                  "(libstdc++ 12), POSIX sem_t (glibc), moodycamel::LightweightSemaphore (default 10000 spins "
                  "before sleeping).")
        md += sem
        main += [s for s in sem[:2]] + [s for s in sem if " spin budget sweep " in s.split("\n", 1)[0]]
    cv = [pingpong_section(runs, n, "cv_pingpong", "Hand-off round trip: condition-variable ping-pong (two threads)",
                           "One mutex, one condition variable, a turn flag; notify_one after unlocking."),
          buffer_section(runs, n, "cv_buffer", "Producers and consumers through blocking_queue",
                         "primitives/queue/blocking_queue.hpp: the mutex and two condition variables, "
                         "notify_one after unlocking."),
          notify_all_section(runs, n)] + sweep_sections(runs, "cv_")
    cv = [s for s in cv if s]
    if cv:
        md.append("## Condition variables\n\nOurs: every condvar_registry entry, with mutex.futex (default spin "
                  "budget). Peers with the mutex they are used with: std::condition_variable + std::mutex, "
                  "std::condition_variable_any + std::mutex, pthread_cond_t + pthread_mutex_t.")
        md += cv
        main += [s for s in cv if s.startswith("### Hand-off") or s.startswith("### notify_all")
                 or " spin budget sweep " in s.split("\n", 1)[0]]
    return md, main


# ---------------------------------------------------------------- queues

def queue_sections(runs, targets):
    """The queue sections of bench.md (markdown list, and what goes to stdout)."""
    n = len(runs)
    impls = queue_impls(runs)
    if not impls:
        return [], []
    thr = lambda impl, p: summary([qv(r, "q_throughput", impl, p, "ops_per_s") for r in runs])
    rthr = lambda a, b, p: summary([ratio(qv(r, "q_throughput", a, p, "ops_per_s"),
                                          qv(r, "q_throughput", b, p, "ops_per_s")) for r in runs])
    sec_md, sec = targets_section("queue", targets, runs)
    md = [sec_md]
    rows = []
    for i in impls:
        row = [i] + [fmt(thr(i, p), n) for p in QUEUE_PAIRS]
        row.append(QUEUE_LINEARIZABLE.get(i, "not checked"))
        if any(c != "n/a" for c in row[1:-1]):
            rows.append(row)
    md.append("## Queue throughput (items/s), producers and consumers spinning on try_push/try_pop\n\n"
              "bench/queue_scenarios.hpp: N producers and N consumers (2 cores: 2P2C and 4P4C oversubscribe), "
              "capacity 1024, a CPU pause after each failed try and a yield after 256 in a row; counted at the consumers. Entries that allow "
              "one producer and one consumer run 1P1C only. The last column is the linearizability verdict of "
              "proofs/ (as a FIFO queue).\n\n"
              + table(["implementation"] + [f"{p}P{p}C" for p in QUEUE_PAIRS] + ["linearizable (proofs/)"], rows))
    ours = [i for i in impls if not i.startswith("peer.")]
    peers = [i for i in impls if i.startswith("peer.")]
    rows = []
    for o in ours:
        for p in QUEUE_PAIRS:
            cells = [fmt(rthr(o, q, p), n) for q in peers]
            if any(c != "n/a" for c in cells):
                rows.append([o, f"{p}P{p}C"] + cells)
    if rows:
        md.append("## Queue throughput ratios against each peer (same run)\n\n"
                  + table(["ours", "shape"] + [f"vs {q}" for q in peers], rows))
    rows = []
    ref, ref_label = REFERENCES["q_roundtrip"][0]
    for i in impls:
        s = summary([qv(r, "q_roundtrip", i, 0, "wall_ns_per_op") for r in runs])
        if s is None:
            continue
        rt = summary([ratio(qv(r, "q_roundtrip", i, 0, "wall_ns_per_op"), qv(r, "q_roundtrip", ref, 0, "wall_ns_per_op"))
                      for r in runs])
        rows.append([i, fmt(s, n), fmt(rt, n)])
    if rows:
        md.append("## Queue round-trip latency (two threads, two queues, spinning)\n\n"
                  "Wall ns per round trip (two hand-offs), counted by the initiator. A partner that is not "
                  "running costs a yield and a scheduler slice: on a loaded 2-core machine this figure is the "
                  "scheduler's, whatever the queue.\n\n"
                  + table(["implementation", "ns/round trip", f"time vs {ref_label}"], rows))
    return md, [sec] + md[1:3]  # printed: the targets and the next two tables


# ---------------------------------------------------------------- the whole report

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


def header(runs, command):
    n = len(runs)
    ctx = runs[0]["context"] if runs else {}
    head = [f"- date: {datetime.datetime.now().isoformat(timespec='seconds')}",
            f"- machine: {machine()}",
            f"- runs: {n} (whole binary, interleaved); figures are medians, [min-max] over runs when runs > 1",
            f"- contended window: {ctx.get('synclab_duration_s', '?')} s after {ctx.get('synclab_warmup_s', '?')} s "
            f"warm-up; busy work {ctx.get('synclab_busy_ns_per_step', '?')} ns/step; "
            "local work between acquisitions 100 ns x min(threads, cores)"]
    loads = [r["context"].get("load_avg") for r in runs if r["context"].get("load_avg")]
    if loads:
        head.append("- load average at each run's start (1, 5, 15 min): "
                    + "; ".join(", ".join(f"{x:.2f}" for x in l) for l in loads))
    head.append(f"- command: `{command}`")
    errors = [e for r in runs for e in r["errors"]]
    if errors:
        head.append(f"- ERRORS ({len(errors)}): " + "; ".join(errors[:10]))
    return "\n".join(head)


NOTES = ("\n## Notes\n\n- peer.absl_mutex is Debian's build as shipped (deadlock detection on: kAbort); "
         "peer.absl_mutex_nodetect sets OnDeadlockCycle::kIgnore, as production builds run it.\n"
         "- peer.drepper_minimal is the minimal Drepper futex mutex (no spin) of a throwaway baseline, "
         "measured beside mutex.futex so that the 2.0x-std::mutex premise is checked in every run.\n"
         "- peer.ck_ticket/peer.ck_mcs go through a C wrapper (one call per operation, not inlined); "
         "ck_mcs and tbb_queuing_mutex take their queue node from a per-thread stack.\n"
         "- FIFO spin locks (ticket, MCS, ck, tbb_queuing) collapse under oversubscription (4+ threads "
         "on 2 cores): a hand-off to a preempted waiter waits for a scheduler tick. 'stuck threads' counts "
         "threads still waiting at the 3x-duration hard cap.\n"
         "- Semaphores and condition variables: each scenario runs threads of our own for the same fixed "
         "window after the warm-up; CPU is the process's CPU time (getrusage) over the window, so spinning "
         "shows up as CPU per op even where it wins wall time. Futex syscalls are counted by the native seam "
         "(platform::this_thread_stats), so only for implementations that sleep through it ('-' elsewhere; "
         "voluntary context switches are the figure every implementation has). Our condition variables are "
         "measured with mutex.futex; its futex calls are in their count.\n"
         "- peer.moodycamel_sem spins up to 10000 times (no pause instruction) before it sleeps on a sem_t; "
         "peer.std_counting_semaphore is libstdc++ 12's, which makes a futex wake syscall on every release.")


def write_report(runs, out_dir, command, targets):
    """Writes bench.md (and the plots) for the runs; returns (its path, the tables to print)."""
    md = ["# synclab benchmarks: mutexes, semaphores, condition variables, queues", header(runs, command),
          "A figure here means something only as a ratio against a peer in the same run; a contended "
          "ratio under ~1.5x on one run is not a finding (the VM is shared and noisy).\n"]
    main = []  # what goes to stdout too
    # Each family's sections only where the runs have its scenarios (./synclab bench semaphore has no mutex).
    has_mutex = any(r["unc"] or r["con"] for r in runs)
    families = [(has_mutex, mutex_sections), (any(r["sync"] for r in runs), waiting_sections),
                (True, queue_sections)]
    for present, sections in families:
        if present:
            more_md, more_main = sections(runs, targets)
            md += more_md
            main += more_main
    pngs = (report_plots.plots(runs, impl_order(runs), out_dir, THREADS, CS) if has_mutex else []) \
        + report_plots.waiting_plots(runs, out_dir)
    if pngs:
        md.append("\n## Plots\n\n" + "\n".join(f"![{os.path.basename(p)}]({os.path.basename(p)})" for p in pngs))
    md.append(NOTES)
    path = os.path.join(out_dir, "bench.md")
    with open(path, "w") as f:
        f.write("\n\n".join(md) + "\n")
    return path, "\n\n".join(main)
