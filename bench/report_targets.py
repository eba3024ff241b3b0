"""The benchmark targets: reads targets.tsv (one comparison per row: what it
compares, ours, the peer or the rule that picks it, scenario, measure,
direction, bound, what it means), checks every row, and evaluates a row on
the runs with the rule it names. What the rows say is data in targets.tsv;
this module only knows how to take a figure and a verdict. The scenarios a
row may name, and the targets table it goes to, are each concept's
(report_<c>.TARGET_SHAPES, TARGETS)."""
import math
import os
import re
from collections import namedtuple

import report_concepts
from report_stats import ratio, summary, value

TABLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "targets.tsv")
COLUMNS = ["name", "ours", "peer", "rule", "scenario", "measure", "direction", "bound", "shown", "beside",
           "absent", "meaning"]
DIRECTIONS = ("at most", "at least", "informative")
ABSENT = ("n/a", "omit")
# Counters where more is better (the better-per-run rule takes the higher); for the others, times
# and counts, it takes the lower.
HIGHER_IS_BETTER = {"throughput", "ops_per_s", "jain"}

Target = namedtuple("Target", COLUMNS + ["ours_ids", "peers", "scen", "shape", "limit", "family", "line"])
Result = namedtuple("Result", "target figure beside verdict goal")


# ---------------------------------------------------------------- rules

def best_of(target, run, ids):
    """The best of ids in this run by the row's measure (higher throughput or ops/s, lower time)."""
    of = lambda i: value(run, target.scen, i, target.shape, target.measure)
    if target.measure in HIGHER_IS_BETTER:
        return max(ids, key=lambda i: of(i) or 0)
    return min(ids, key=lambda i: of(i) if of(i) is not None else math.inf)


def single_ours(target, run):
    return target.ours


def best_of_ours(target, run):
    """The best of the row's ids of ours in this run (best-of-ours: one structure under several
    schemes, the fastest in each run against the peer)."""
    return best_of(target, run, target.ours_ids)


def single_peer(target, run):
    return target.peers[0]


def better_peer(target, run):
    """The better of the row's peers in this run, by the row's measure."""
    return best_of(target, run, target.peers)


def on_median(s, direction):
    return s[0]


def on_worst_run(s, direction):
    return s[2] if direction == "at most" else s[1]


# name: (ours in a run, the peer of a run, the figure the verdict is on, given the (median, min, max) summary)
RULES = {
    "ratio": (single_ours, single_peer, on_median),
    "better-per-run": (single_ours, better_peer, on_median),
    "every-run": (single_ours, single_peer, on_worst_run),
    "best-of-ours": (best_of_ours, single_peer, on_median),
}


# ---------------------------------------------------------------- the table

class TableError(ValueError):
    pass


def shapes():
    """{scenario a row may name: the shape its benchmark name carries after the id}, from every
    concept (report_<c>.TARGET_SHAPES)."""
    return {scen: shape for _, concept in report_concepts.modules() for scen, shape in concept.TARGET_SHAPES.items()}


def family(scen):
    """The targets table a row of scenario scen goes to: its concept's (report_<c>.TARGETS)."""
    for _, concept in report_concepts.modules():
        if scen in concept.TARGET_SHAPES:
            return concept.TARGETS[0]
    return None


def parse_scenario(text):
    """'contended/threads:8/cs:1ns' -> ('contended', {'threads': 8, 'cs': 1});
    'q_regime/regime:near_full' -> ('q_regime', {'regime': 'near_full'})."""
    scen, *parts = text.split("/")
    shape = {}
    for part in parts:
        m = re.fullmatch(r"([a-z]+):(?:(\d+)(?:ns)?|([a-z][a-z_]*))", part)
        if not m or m.group(1) in shape:
            raise TableError(f"scenario {text!r}: '{part}' is not key:N or key:name")
        shape[m.group(1)] = int(m.group(2)) if m.group(2) else m.group(3)
    return scen, shape


def parse_bound(text):
    """'1.0' -> 1.0, '1/1.2' -> 1 / 1.2."""
    num, sep, den = text.partition("/")
    try:
        return float(num) / float(den) if sep else float(num)
    except (ValueError, ZeroDivisionError):
        raise TableError(f"bound {text!r} is not a number or a fraction") from None


def make_target(fields, line=0):
    """A Target from the 12 columns of a row; raises TableError on a bad row."""
    if len(fields) != len(COLUMNS):
        raise TableError(f"{len(fields)} columns, want {len(COLUMNS)} ({' | '.join(COLUMNS)})")
    row = dict(zip(COLUMNS, (f.strip() for f in fields)))
    if any(not v for v in row.values()):
        raise TableError(f"an empty column ({', '.join(k for k, v in row.items() if not v)}); write - for none")
    scen, shape = parse_scenario(row["scenario"])
    known = shapes()
    if scen not in known:
        raise TableError(f"scenario {scen!r} is not one of {', '.join(known)}")
    if set(shape) != known[scen]:
        raise TableError(f"scenario {row['scenario']!r} must name {', '.join(sorted(known[scen])) or 'no shape'}")
    if row["rule"] not in RULES:
        raise TableError(f"rule {row['rule']!r} is not one of {', '.join(RULES)}")
    peers = [] if row["peer"] == "-" else [p.strip() for p in row["peer"].split(",")]
    ours_ids = [i.strip() for i in row["ours"].split(",")]
    if row["rule"] == "best-of-ours" and (len(ours_ids) < 2 or len(peers) != 1):
        raise TableError("rule best-of-ours needs two or more ids of ours and one peer")
    if row["rule"] != "best-of-ours" and len(ours_ids) > 1:
        raise TableError(f"several ids of ours need rule best-of-ours, not {row['rule']}")
    row["ours"] = ours_ids[0]
    if row["rule"] == "better-per-run" and len(peers) < 2:
        raise TableError("rule better-per-run needs two or more peers")
    if row["rule"] != "better-per-run" and len(peers) > 1:
        raise TableError(f"several peers need rule better-per-run, not {row['rule']}")
    if row["direction"] not in DIRECTIONS:
        raise TableError(f"direction {row['direction']!r} is not one of {', '.join(DIRECTIONS)}")
    if row["direction"] == "informative":
        if row["bound"] != "-":
            raise TableError("an informative row has no bound (-)")
        limit = None
    else:
        limit = parse_bound(row["bound"])
    if row["beside"] != "-" and not peers:
        raise TableError("beside needs a peer (it is the same pair's ratio)")
    if row["absent"] not in ABSENT:
        raise TableError(f"absent {row['absent']!r} is not one of {', '.join(ABSENT)}")
    row = {k: (None if v == "-" and k in ("shown", "beside") else v) for k, v in row.items()}
    return Target(**row, ours_ids=ours_ids, peers=peers, scen=scen, shape=shape, limit=limit, family=family(scen), line=line)


def read_table(path=TABLE):
    """The rows of targets.tsv, in order. Raises TableError naming the file and line."""
    name = os.path.basename(path)
    targets, header_seen = [], False
    with open(path) as f:
        for number, line in enumerate(f.read().splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if not header_seen:
                if fields != COLUMNS:
                    raise TableError(f"{name}:{number}: the header must be {' | '.join(COLUMNS)}")
                header_seen = True
                continue
            try:
                targets.append(make_target(fields, number))
            except TableError as e:
                raise TableError(f"{name}:{number}: {e}") from None
    return targets


def benchmark_names(target):
    """The benchmark names the row reads (ours and each peer), without Google Benchmark's suffixes."""
    shape = target.scenario.split("/")[1:]
    return ["/".join([target.scen, i] + shape) for i in target.ours_ids + target.peers]


# ---------------------------------------------------------------- evaluation

def per_run(target, run):
    """(figure, beside) in one run: ours / the rule's peer of that run (ours alone without a
    peer), and the same pair's ratio of the beside counter."""
    ours = RULES[target.rule][0](target, run)
    mine = lambda key: value(run, target.scen, ours, target.shape, key)
    if not target.peers:
        return mine(target.measure), None
    peer = RULES[target.rule][1](target, run)
    theirs = lambda key: value(run, target.scen, peer, target.shape, key)
    return (ratio(mine(target.measure), theirs(target.measure)),
            ratio(mine(target.beside), theirs(target.beside)) if target.beside else None)


def goal(target):
    """The target column's text."""
    if target.shown:
        return target.shown
    if target.direction == "informative":
        return "informative"
    return ("<= " if target.direction == "at most" else ">= ") + target.bound + ("x" if target.peers else "")


def verdict(target, s):
    """n/a without a figure, - for an informative row, else met or MISSED."""
    if s is None:
        return "n/a"
    if target.direction == "informative":
        return "-"
    x = RULES[target.rule][2](s, target.direction)
    return "met" if (x <= target.limit if target.direction == "at most" else x >= target.limit) else "MISSED"


def evaluate(target, runs):
    """The row on the runs: figure and beside as (median, min, max) over runs (or None), verdict, goal."""
    figures = [per_run(target, r) for r in runs]
    s = summary([f for f, _ in figures])
    side = summary([b for _, b in figures]) if target.beside else None
    return Result(target, s, side, verdict(target, s), goal(target))
