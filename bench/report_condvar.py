"""The condition variables' part of the report (bench/condvar.cpp's scenarios):
their benchmark names, their sections of bench.md and their plots. What they
share with the semaphores is in report_waiting.py."""
import os

import report_plots
import report_waiting as waiting
from report_format import fmt, fmt_or_dash, table
from report_stats import summary
from report_waiting import col, stuck_total, sv, sync_impls

PLURAL = "condition variables"
# As bench/condvar.cpp registers them: scenario/id[/spin=S][/pairs:N or /waiters:W].
SCENARIOS = ["cv_pingpong", "cv_buffer", "cv_notify_all"]
NAME_RE = waiting.name_re(SCENARIOS)
PARTS = waiting.PARTS
TARGETS = waiting.TARGETS
TARGET_SHAPES = {"cv_pingpong": set(), "cv_buffer": {"pairs"}, "cv_notify_all": {"waiters"}}
# The peers each table's "vs" columns divide by, with the name its header gives them
# (the peers of the targets are in targets.tsv).
REFERENCES = {
    "cv_pingpong": [("peer.std_condition_variable", "std::condition_variable"), ("peer.pthread_cond", "pthread_cond")],
}
NOTES = [waiting.NOTE]
kept = waiting.kept
value = waiting.value


def parse_name(name):
    return waiting.parse_name(NAME_RE, name)


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


def sections(runs, place_targets):
    """The condition-variable sections of bench.md (after the targets table of semaphores and
    condition variables, where it is not placed yet), as (markdown, for stdout) lists."""
    n = len(runs)
    md, main = waiting.place_family_targets(runs, SCENARIOS, place_targets)
    cv = [waiting.pingpong_section(runs, n, "cv_pingpong", REFERENCES["cv_pingpong"],
                                   "Hand-off round trip: condition-variable ping-pong (two threads)",
                                   "One mutex, one condition variable, a turn flag; notify_one after unlocking."),
          waiting.buffer_section(runs, n, "cv_buffer", "Producers and consumers through blocking_queue",
                                 "primitives/queue/blocking_queue.hpp: the mutex and two condition variables, "
                                 "notify_one after unlocking."),
          notify_all_section(runs, n)] + waiting.sweep_sections(runs, "cv_")
    cv = [s for s in cv if s]
    if cv:
        md.append("## Condition variables\n\nOurs: every condvar_registry entry, with mutex.futex (default spin "
                  "budget). Peers with the mutex they are used with: std::condition_variable + std::mutex, "
                  "std::condition_variable_any + std::mutex, pthread_cond_t + pthread_mutex_t.")
        md += cv
        main += [s for s in cv if s.startswith("### Hand-off") or s.startswith("### notify_all")
                 or " spin budget sweep " in s.split("\n", 1)[0]]
    return md, main


def notify_all_plot(runs, out_dir):
    """notify_all's wake-up latency per implementation, at the most waiters measured."""
    scen = "cv_notify_all"
    impls = sync_impls(runs, scen)
    if not impls:
        return [], []
    w = max(k[2] for r in runs for k in r["sync"] if k[0] == scen)
    med = waiting.med
    d = report_plots.write_data(
        out_dir, scen, ["impl", "first_p50", "last_p50", "last_p99"],
        [[i] + [med(col(runs, scen, i, w, k)) for k in ("first_p50_ns", "last_p50_ns", "last_p99_ns")] for i in impls],
        True)
    png = os.path.join(out_dir, f"{scen}.png")
    return waiting.COMMON + [
        f"set output '{png}'", f"set title 'notify_all with {w} waiters: wake-up latency, {len(runs)} run(s)'",
        "set style data histograms", "set style histogram clustered gap 1",
        "set style fill solid 0.8 border -1", "set logscale y", "set xtics rotate by -30",
        "set ylabel 'ns from notify_all (median)'",
        f"plot '{d}' using 2:xtic(1) title 'first waiter p50', '' using 3 title 'last waiter p50', "
        "'' using 4 title 'last waiter p99'"], [png]


def plots(runs, out_dir):
    """blocking_queue's throughput, the ping-pong, notify_all's latency and the spin sweep
    (script plots_condvar.gp)."""
    script, files = [], []
    for lines, pngs in [waiting.buffer_plot(runs, out_dir, "cv_buffer", "blocking_queue"),
                        waiting.pingpong_plot(runs, out_dir, "cv_pingpong", "condition-variable ping-pong"),
                        notify_all_plot(runs, out_dir),
                        waiting.sweep_plots(runs, out_dir, "cv_")]:
        script += lines
        files += pngs
    return report_plots.draw(out_dir, "plots_condvar.gp", script, files)
