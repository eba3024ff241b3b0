"""The markdown of bench.md: the header, the targets tables (each row of
targets.tsv with its figure and verdict, one table per family of concepts),
every concept's sections (report_<c>.sections) in the order of
primitives/concepts.tsv, the plots and the notes. write_report writes bench.md
(with the plots of report_plots.py) and returns the tables that are printed too."""
import datetime
import os
import platform

import report_concepts
import report_plots
import report_targets
from report_format import fmt, table

# The header of a beside column, by its counter.
BESIDE_HEADERS = {"cpu_ns_per_acq": "CPU per acquisition, same pair"}


# ---------------------------------------------------------------- targets

def target_sections():
    """{family: (heading, what its figures are)}: each concept's targets table (report_<c>.TARGETS)."""
    return {concept.TARGETS[0]: concept.TARGETS[1:] for _, concept in report_concepts.modules()}


def targets_table(family, targets, runs):
    """(the table of the family's rows of targets.tsv, a list of what the rows shown mean: one line per
    meaning, naming the rows that share it)."""
    n = len(runs)
    rows_of = [t for t in targets if t.family == family]
    besides = list(dict.fromkeys(t.beside for t in rows_of if t.beside))
    rows, meanings = [], {}  # meaning: the names of the rows shown that have it
    by_mode = runs_by_placement(runs)
    close_only = set(by_mode) == {"close"}
    for t in rows_of:
        res = report_targets.evaluate(t, runs)
        if res.figure is None and t.absent == "omit":
            continue
        # A target is not met on runs from the favourable placement alone (bench/placement.hpp).
        shown_verdict = "not shown: close placement only" if close_only and res.verdict == "met" else res.verdict
        row = [t.name, fmt(res.figure, n, 3), res.goal, shown_verdict]
        if len(by_mode) > 1:  # the same row on each placement's runs alone
            row.append("; ".join(f"{mode}: {fmt(report_targets.evaluate(t, rs).figure, len(rs), 3)} "
                                 f"({len(rs)} run{'s' if len(rs) > 1 else ''})" for mode, rs in by_mode.items()))
        rows.append(row + [fmt(res.beside, n, 3) if t.beside == b else "" for b in besides])
        meanings.setdefault(t.meaning, []).append(t.name)
    header = (["comparison", "figure", "target", "verdict"] + (["by placement"] if len(by_mode) > 1 else [])
              + [BESIDE_HEADERS.get(b, f"{b}, same pair") for b in besides])
    return table(header, rows), ["- " + "; ".join(f"*{name}*" for name in names) + f": {meaning}"
                                 for meaning, names in meanings.items()]


def targets_section(family, targets, runs):
    """(the section as bench.md has it, with what each row means; the section as printed)."""
    title, what = target_sections()[family]
    tab, meanings = targets_table(family, targets, runs)
    sec = f"{title}\n\n{what}\n\n{tab}"
    return sec + "\n\nWhat each row compares (bench/targets.tsv):\n\n" + "\n".join(meanings), sec


# ---------------------------------------------------------------- the machine's placement

def run_placement(run):
    """A run's placement: its probes' mode when they agree, 'mixed' when they do not, None without probes."""
    modes = {p["mode"] for p in run.get("placement", [])}
    return None if not modes else modes.pop() if len(modes) == 1 else "mixed"


def runs_by_placement(runs):
    """{placement: its runs}, in the order first seen; runs without probes are left out."""
    groups = {}
    for r in runs:
        mode = run_placement(r)
        if mode:
            groups.setdefault(mode, []).append(r)
    return groups


def placement_line(runs):
    """The header's line on where the VM's vCPUs sat during each run, or None."""
    per_run = []
    for k, r in enumerate(runs, 1):
        probes = r.get("placement", [])
        if probes:
            per_run.append(f"run {k}: " + ", ".join(f"{p['round_trip_ns']:.0f} ns {p['mode']}" for p in probes))
    if not per_run:
        return None
    by_mode = runs_by_placement(runs)
    verdict = (" Every probe saw the close placement: no target is called met on these runs."
               if set(by_mode) == {"close"} else
               " The runs saw more than one placement: the targets tables give each row per placement too."
               if len(by_mode) > 1 else "")
    return ("- placement (the cache-line round trip between the first two CPUs, at the start and before each "
            "concept's part; close < 100 ns <= separate < 400 ns <= far; bench/placement.hpp): "
            + "; ".join(per_run) + "." + verdict)


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
    placed = placement_line(runs)
    if placed:
        head.append(placed)
    head.append(f"- command: `{command}`")
    errors = [e for r in runs for e in r["errors"]]
    if errors:
        head.append(f"- ERRORS ({len(errors)}): " + "; ".join(errors[:10]))
    return "\n".join(head)


def write_report(runs, out_dir, command, targets):
    """Writes bench.md (and the plots) for the runs; returns (its path, the tables to print)."""
    concepts = [concept for _, concept in report_concepts.modules()]
    md = ["# synclab benchmarks: " + ", ".join(concept.PLURAL for concept in concepts), header(runs, command),
          "A figure here means something only as a ratio against a peer in the same run; a contended "
          "ratio under ~1.5x on one run is not a finding (the VM is shared and noisy).\n"]
    main = []  # what goes to stdout too
    placed = set()

    def place_targets(family):
        """The family's targets table (as bench.md has it, as printed) where it is not placed yet."""
        if family in placed:
            return None
        placed.add(family)
        return targets_section(family, targets, runs)

    # Each concept's sections only where the runs have its scenarios (./synclab bench semaphore has no mutex).
    for concept in concepts:
        more_md, more_main = concept.sections(runs, place_targets)
        md += more_md
        main += more_main
    # Runs from more than one placement (bench/placement.hpp): every concept's tables again on each
    # placement's runs alone, so no ratio hides a mix of the two (the targets tables carry their own
    # per-placement column).
    by_mode = runs_by_placement(runs)
    if len(by_mode) > 1:
        for mode, subset in by_mode.items():
            md.append(f"\n## Per placement: {mode} ({len(subset)} run{'s' if len(subset) != 1 else ''})\n\n"
                      "The tables above on this placement's runs alone (targets: their by placement column).")
            for concept in concepts:
                md += concept.sections(subset, lambda family: None)[0]
    pngs = report_plots.plots(runs, out_dir)
    if pngs:
        md.append("\n## Plots\n\n" + "\n".join(f"![{os.path.basename(p)}]({os.path.basename(p)})" for p in pngs))
    notes = dict.fromkeys(note for concept in concepts for note in concept.NOTES)
    md.append("\n## Notes\n\n" + "\n".join(notes))
    path = os.path.join(out_dir, "bench.md")
    with open(path, "w") as f:
        f.write("\n\n".join(md) + "\n")
    return path, "\n\n".join(main)
