"""Statistics over runs: the median [min-max] of a figure over runs, ratios
taken within each run, ours before the peers, Google Benchmark's time units,
and any scenario's counter by scenario, id and shape, looked up by the concept
whose scenario it is (report_<c>.value; each concept's own lookups and sweep
scores are in its module). Nothing here formats or writes; report_render.py does."""
import math
import statistics

import report_concepts

TIME_UNIT_NS = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}


def summary(values):
    """(median, min, max) of the non-None values, or None."""
    v = [x for x in values if x is not None and not math.isnan(x)]
    if not v:
        return None
    return statistics.median(v), min(v), max(v)


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def value(run, scen, impl, shape, key):
    """Any scenario's counter, the shape as a dict ({'threads': 8, 'cs': 1}, {'pairs': 2}, {}).
    key 'cpu_time': the CPU ns per op of a scenario timed by Google Benchmark's own loop
    (uncontended, sem_uncontended)."""
    for _, concept in report_concepts.modules():
        if scen in concept.SCENARIOS:
            return concept.value(run, scen, impl, shape, key)
    return None


def ours_then_peers(seen):
    return [i for i in seen if not i.startswith("peer.")] + [i for i in seen if i.startswith("peer.")]
