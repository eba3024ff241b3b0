"""The semaphores' part of the report (bench/semaphore.cpp's scenarios): their
benchmark names, their sections of bench.md and their plots. What they share
with the condition variables is in report_waiting.py."""
import report_plots
import report_waiting as waiting
from report_format import fmt, fmt_or_dash, table
from report_waiting import col, rcol, sync_impls

PLURAL = "semaphores"
# As bench/semaphore.cpp registers them: scenario/id[/spin=S][/pairs:N].
SCENARIOS = ["sem_uncontended", "sem_pingpong", "sem_buffer"]
NAME_RE = waiting.name_re(SCENARIOS)
PARTS = waiting.PARTS
TARGETS = waiting.TARGETS
TARGET_SHAPES = {"sem_uncontended": set(), "sem_pingpong": set(), "sem_buffer": {"pairs"}}
# The peers each table's "vs" columns divide by, with the name its header gives them
# (the peers of the targets are in targets.tsv).
REFERENCES = {
    "sem_uncontended": [("peer.sem_t", "sem_t"), ("peer.moodycamel_sem", "moodycamel"),
                        ("peer.std_counting_semaphore", "std::counting_semaphore")],
    "sem_pingpong": [("peer.moodycamel_sem", "moodycamel"), ("peer.sem_t", "sem_t")],
}
NOTES = [waiting.NOTE,
         "- peer.moodycamel_sem spins up to 10000 times (no pause instruction) before it sleeps on a sem_t; "
         "peer.std_counting_semaphore is libstdc++ 12's, which makes a futex wake syscall on every release."]
kept = waiting.kept
value = waiting.value


def parse_name(name):
    return waiting.parse_name(NAME_RE, name)


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


def sections(runs, place_targets):
    """The semaphore sections of bench.md (after the targets table of semaphores and condition
    variables, where it is not placed yet), as (markdown, for stdout) lists."""
    n = len(runs)
    md, main = waiting.place_family_targets(runs, SCENARIOS, place_targets)
    sem = [sem_uncontended_section(runs, n),
           waiting.pingpong_section(runs, n, "sem_pingpong", REFERENCES["sem_pingpong"],
                                    "Hand-off round trip: semaphore ping-pong (two threads)",
                                    "Two semaphores of 0: A releases ping and acquires pong, B the mirror image."),
           waiting.buffer_section(runs, n, "sem_buffer", "Producers and consumers through semaphore_queue",
                                  "primitives/queue/semaphore_queue.hpp: three semaphores of the implementation (free "
                                  "slots, full slots, a key of 1).")] + waiting.sweep_sections(runs, "sem_")
    sem = [s for s in sem if s]
    if sem:
        md.append("## Semaphores\n\nOurs: every semaphore_registry entry. Peers: std::counting_semaphore<> "
                  "(libstdc++ 12), POSIX sem_t (glibc), moodycamel::LightweightSemaphore (default 10000 spins "
                  "before sleeping).")
        md += sem
        main += [s for s in sem[:2]] + [s for s in sem if " spin budget sweep " in s.split("\n", 1)[0]]
    return md, main


def plots(runs, out_dir):
    """semaphore_queue's throughput, the ping-pong and the spin sweep (script plots_semaphore.gp)."""
    script, files = [], []
    for lines, pngs in [waiting.buffer_plot(runs, out_dir, "sem_buffer", "semaphore_queue"),
                        waiting.pingpong_plot(runs, out_dir, "sem_pingpong", "semaphore ping-pong"),
                        waiting.sweep_plots(runs, out_dir, "sem_")]:
        script += lines
        files += pngs
    return report_plots.draw(out_dir, "plots_semaphore.gp", script, files)
