"""The queues' part of the report (bench/queue.cpp's scenarios): their
benchmark names, their sections of bench.md with each queue's
linearizability verdict, and no plots."""
import re

from report_format import fmt, table
from report_stats import ours_then_peers, ratio, summary

PLURAL = "queues"
# As bench/queue.cpp registers them: scenario/id[/pairs:N | /regime:R[/pin:K]].
SCENARIOS = ["q_throughput", "q_roundtrip", "q_regime"]
NAME_RE = re.compile(r"^(" + "|".join(SCENARIOS) + r")/([^/]+)(?:/pairs:(\d+)|/regime:(\w+)(?:/pin:(\w+))?)?(?:/|$)")
# The CPU pairs of the pinned regimes (bench/placement.hpp, pin_kinds), in order.
PINS = ["cores", "siblings"]
PIN_WORDS = {"cores": "two separate cores", "siblings": "two SMT siblings of one core"}
# The regimes of q_regime (bench/queue_scenarios.hpp, queue_regimes), in order.
REGIMES = ["near_empty", "near_full", "balanced", "bursts"]
# The peers queue.spsc is compared with in each regime, with their names in the table.
REGIME_REFERENCES = [("peer.boost_spsc_queue_ct", "boost spsc_queue, capacity at compile time"),
                     ("peer.boost_spsc_queue", "boost spsc_queue, capacity at run time"),
                     ("peer.ck_ring_spsc", "ck_ring (SPSC)")]
# A run keeps 'queue': {(scenario, id, pairs or 0, or the regime's name, 'R/pin:K' when pinned): counters}.
PARTS = ["queue"]
TARGETS = ("queue", "## Targets: queues", "Ratios of items/s taken within each run, then summarized (median "
           "[min-max] over runs); the verdict is on the median.")
TARGET_SHAPES = {"q_throughput": {"pairs"}, "q_roundtrip": set(), "q_regime": {"regime"}}
QUEUE_PAIRS = [1, 2, 4]
# The peer the round-trip table's "vs" column divides by, with the name its header gives it
# (the peers of the targets are in targets.tsv).
REFERENCES = {"q_roundtrip": [("peer.boost_spsc_queue", "boost spsc_queue")]}
# The linearizability verdicts of properties/ (queue_tests.cpp: property.Queue*),
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
    "stack.treiber_asym_hp": "yes, as an unbounded stack (LIFO)",
    "stack.treiber_epoch": "yes, as an unbounded stack (LIFO)",
    "queue.ms_asym_hp": "yes, as an unbounded FIFO queue",
    "queue.ms_epoch": "yes, as an unbounded FIFO queue",
}
NOTES = []


# ---------------------------------------------------------------- names and runs

def parse_name(name):
    """('queue', (scenario, id, pairs or 0)) for a queue benchmark name, else None."""
    m = NAME_RE.match(name)
    if not m:
        return None
    if m.group(4):
        return "queue", (m.group(1), m.group(2), m.group(4) + (f"/pin:{m.group(5)}" if m.group(5) else ""))
    return "queue", (m.group(1), m.group(2), int(m.group(3) or 0))


def kept(part, b):
    return b


def value(run, scen, impl, shape, key):
    """A counter for report_stats.value (shape: {'pairs': N}, {'regime': name} or {})."""
    return qv(run, scen, impl, shape.get("pairs") or shape.get("regime") or 0, key)


def qv(run, scen, impl, pairs, key):
    """A counter of a queue scenario (pairs, or 0 for the round trip)."""
    b = run["queue"].get((scen, impl, pairs))
    return None if b is None else b.get(key)


def queue_impls(runs):
    seen = []
    for r in runs:
        for (_, impl, _) in r["queue"]:
            if impl not in seen:
                seen.append(impl)
    return ours_then_peers(seen)


# ---------------------------------------------------------------- sections

def sections(runs, place_targets):
    """The queue sections of bench.md (with its targets table), as (markdown, for stdout) lists."""
    n = len(runs)
    impls = queue_impls(runs)
    if not impls:
        return [], []
    thr = lambda impl, p: summary([qv(r, "q_throughput", impl, p, "ops_per_s") for r in runs])
    rthr = lambda a, b, p: summary([ratio(qv(r, "q_throughput", a, p, "ops_per_s"),
                                          qv(r, "q_throughput", b, p, "ops_per_s")) for r in runs])
    placed = place_targets(TARGETS[0])
    md = [placed[0]] if placed else []
    first = len(md)
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
              "properties/ (as a FIFO queue).\n\n"
              + table(["implementation"] + [f"{p}P{p}C" for p in QUEUE_PAIRS] + ["linearizable (properties/)"], rows))
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
    # printed: the targets and the next two tables, and the regimes
    printed = ([placed[1]] if placed else []) + md[first:first + 2]
    regime_md = regime_section(runs, impls)
    if regime_md:
        md.append(regime_md)
        printed.append(regime_md)
    return md, printed


def regime_tables(runs, impls, suffix=""):
    """The regime table's rows (items/s of every queue that ran) and queue.spsc's ratio rows against each
    SPSC peer, for the regimes named with `suffix` ('' unpinned, '/pin:K' pinned)."""
    n = len(runs)
    at = lambda g: g + suffix
    thr = lambda impl, g: summary([qv(r, "q_regime", impl, at(g), "ops_per_s") for r in runs])
    rows = [[i] + [fmt(thr(i, g), n) for g in REGIMES] for i in impls]
    rows = [row for row in rows if any(c != "n/a" for c in row[1:])]
    ratios = []
    for ref, label in REGIME_REFERENCES:
        cells = [fmt(summary([ratio(qv(r, "q_regime", "queue.spsc", at(g), "ops_per_s"),
                                    qv(r, "q_regime", ref, at(g), "ops_per_s")) for r in runs]), n) for g in REGIMES]
        if any(c != "n/a" for c in cells):
            ratios.append([f"queue.spsc vs {label}"] + cells)
    return rows, ratios


def regime_section(runs, impls):
    """The 1P1C regimes (q_regime): items/s of every queue in each, and queue.spsc's ratio to each
    SPSC peer, then the pinned ones; None when the runs have no regime."""
    rows, ratios = regime_tables(runs, impls)
    if not rows:
        return None
    text = ("## Queue regimes, one producer and one consumer (items/s)\n\n"
            "q_regime: calibrated work per item on each side puts the queue where a user's sits: near empty (a "
            "fast consumer), near full (a slow one), balanced, and in bursts; the work of each regime is "
            "queue_regimes in bench/queue_scenarios.hpp. Capacity 1024; counted at the consumer. The least "
            "cache-line transfers per item each regime needs are in docs/measuring.md.\n\n"
            + table(["implementation"] + REGIMES, rows))
    if ratios:
        text += "\n\nRatios in the same run (median [min-max] over runs):\n\n" + table(["comparison"] + REGIMES, ratios)
    for pin in PINS:
        text += pinned_regimes(runs, impls, pin)
    return text


def pinned_regimes(runs, impls, pin):
    """The regimes with the producer and the consumer pinned to a pair of CPUs (q_regime/.../pin:K): the
    tables of regime_tables, the CPUs and the pair's probed round trip; a line saying why when the runs have none."""
    rows, ratios = regime_tables(runs, impls, f"/pin:{pin}")
    if not rows:
        if any(r.get("context", {}).get(f"synclab_pin_{pin}") == "none" for r in runs):
            return (f"\n\nPinned to {PIN_WORDS[pin]}: not measured; this machine's topology has no such pair "
                    f"(context synclab_pin_{pin} = none).")
        return ""
    cpus = sorted({r.get("context", {}).get(f"synclab_pin_{pin}", "?") for r in runs})
    probes = summary([qv(r, "q_regime", i, f"{g}/pin:{pin}", "pair_round_trip_ns")
                      for r in runs for i in impls for g in REGIMES])
    text = (f"\n\n### Pinned to {PIN_WORDS[pin]} (pin:{pin}): producer and consumer on CPUs {' / '.join(cpus)}\n\n"
            f"Each scenario probes its pair just before it runs: cache-line round trip "
            f"{fmt(probes, 2)} ns (median [min-max] over the scenarios; bench/placement.hpp has the modes). "
            "The topology is the one the host shows; where a VM's vCPUs really sit is the probe's to say.\n\n"
            + table(["implementation"] + REGIMES, rows))
    if ratios:
        text += "\n\nRatios in the same run:\n\n" + table(["comparison"] + REGIMES, ratios)
    return text


def plots(runs, out_dir):
    return []
