"""The concepts of primitives/concepts.tsv, the one list every layer walks, and
each one's part of the report, bench/report_<c>.py, in the list's order.

A concept's module (report_mutex.py, for one) holds:
  PLURAL          what bench.md's title calls its implementations
  SCENARIOS       its scenario names, as bench/<c>.cpp registers them
  PARTS           the parts of a run (report_load.load_runs) its benchmarks fill
  parse_name(name)  (part, key) for a benchmark name of its scenarios, None for another
  kept(part, b)   what a run keeps of the benchmark b (its JSON object) in that part
  value(run, scen, impl, shape, key)  a counter of one of its scenarios (report_stats.value)
  TARGETS         (family, heading, what the figures are) of the targets table its rows
                  of targets.tsv go to; concepts of one family share the table
  TARGET_SHAPES   {scenario a targets.tsv row may name: the shape keys after the id}
  sections(runs, place_targets)  its sections of bench.md and those printed too
                  (place_targets(family): its targets table, None once placed)
  plots(runs, out_dir)  the PNGs it drew (report_plots.py)
  NOTES           its lines of bench.md's notes"""
import importlib
import os
import sys

LIST = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "primitives", "concepts.tsv")
_modules = []


def names(path=LIST):
    """The concept names: the first tab-separated field of each line that starts with a
    lower-case letter (the other lines are comments)."""
    with open(path) as f:
        return [line.rstrip("\n").split("\t", 1)[0] for line in f if "a" <= line[:1] <= "z"]


def modules():
    """[(name, its report_<name> module)] for every concept of the list, in its order."""
    if not _modules:
        for name in names():
            try:
                module = importlib.import_module(f"report_{name}")
            except ModuleNotFoundError as e:
                if e.name != f"report_{name}":
                    raise
                sys.exit(f"report.py: bench/report_{name}.py is missing: every concept of primitives/concepts.tsv "
                         "has one (report_concepts.py says what it holds)")
            _modules.append((name, module))
    return _modules
