#!/usr/bin/env python3
"""bench.report: report.py on the smoke run's JSON must write bench.md with the
expected tables and rows; an unknown id must exit 2 listing the known ids; a
concept name must select that concept's implementations and peers only.

The targets table (bench/targets.tsv): every row names ids the binary lists
(--list, --list-peers) and benchmarks it registers, counters its scenario
has, and no issue number; every row whose benchmarks the smoke run has shows
a figure; and every row, on synthetic runs built from it, shows the figure
it was built to show and the verdict its direction, bound and rule give
(met, MISSED, on the median or on every run; - when informative; n/a or no
row without data). Made-up rows check that at most and at least both work
and that a malformed row is refused.

  report_test.py REPORT_PY BINARY SMOKE_JSON OUT_DIR
Each checker is first shown to reject a damaged input: a report made from an
empty run, a table with a bad row, rows whose direction was flipped."""
import importlib.util
import json
import os
import re
import subprocess
import sys

EXPECTED = [
    "## Uncontended lock+unlock (ns/op, one thread)",
    "| mutex.futex |",
    "| peer.std_mutex |",
    "## Targets",
    "| mutex.futex vs two locked RMWs (peer.floor_two_rmw), uncontended time |",
    "| mutex.futex vs std::mutex, uncontended time |",
    "| mutex.futex vs the better of peer.absl_mutex_nodetect and peer.tbb_mutex, 8 threads cs:1ns throughput |",
    "| mutex.futex vs peer.std_mutex, 8 threads cs:1ns throughput |",
    "| mutex.ticket vs peer.ck_ticket, 2 threads cs:1ns throughput |",
    "| minimal Drepper mutex (peer.drepper_minimal) vs std::mutex, 8 threads hammer throughput: the premise of 2.0x |",
    "## Contended throughput (acquisitions/s), critical section 1 ns",
    "## Contended throughput (acquisitions/s), critical section 50 ns",
    "## mutex.futex spin budget sweep",
    "Winner here: **spin=",
    "| mutex.ticket | 2 |",
    "| peer.ck_mcs | 2 |",
    "| CPU ns/acq | futex waits/acq | futex wakes/acq | stuck threads |",
    "- machine: ",
]
# The semaphore and condition-variable part (the smoke run has every implementation
# in each scenario at one shape, and two budgets of each sweep).
EXPECTED_WAITING = [
    "## Targets: semaphores and condition variables",
    "## Semaphores",
    "### Uncontended try_acquire + release (ns/op, one thread)",
    "| peer.sem_t |",
    "| peer.moodycamel_sem |",
    "| peer.std_counting_semaphore |",
    "### Hand-off round trip: semaphore ping-pong (two threads)",
    "### Producers and consumers through semaphore_queue",
    "| semaphore.std | 2+2 |",
    "## Condition variables",
    "### Hand-off round trip: condition-variable ping-pong (two threads)",
    "### Producers and consumers through blocking_queue",
    "| peer.std_condition_variable | 2+2 |",
    "### notify_all wake-up latency",
    "| peer.pthread_cond | 8 |",
    "| condvar.std | 8 |",
]
# Rows whose figure must be a number when the implementation is registered.
TARGET_ROWS = {
    "semaphore.futex": ["semaphore.futex vs sem_t, uncontended try_acquire+release time",
                        "semaphore.futex vs moodycamel, hand-off round trip (wall)",
                        "semaphore.futex release with no waiter: futex syscalls per try_acquire+release (seam counter)"],
    "condvar.futex": ["condvar.futex vs std::condition_variable, hand-off round trip (wall)"],
}
SWEEPS = {"semaphore.futex": "### semaphore.futex spin budget sweep", "condvar.futex": "### condvar.futex spin budget sweep"}


# The queue part (the smoke run has every queue and peer at 1P1C and in the round trip).
EXPECTED_QUEUE = [
    "## Targets: queues",
    "| queue.spsc vs peer.boost_spsc_queue, 1P1C throughput |",
    "## Queue throughput (items/s), producers and consumers spinning on try_push/try_pop",
    "| queue.mpmc |",
    "| peer.moodycamel_queue |",
    "## Queue round-trip latency (two threads, two queues, spinning)",
]


def missing(md, expected):
    return [e for e in expected if e not in md]


def report(report_py, json_path, out_dir):
    r = subprocess.run([sys.executable, report_py, "--from-json", json_path, "--out", out_dir],
                       capture_output=True, text=True, timeout=25)
    if r.returncode != 0:
        sys.exit(f"FAIL: report.py exit {r.returncode}\n{r.stderr[-2000:]}")
    with open(os.path.join(out_dir, "bench.md")) as f:
        return f.read()


def target_figures(md, ids):
    """Problems with the semaphore/condvar target rows: each must carry a figure and a verdict."""
    out = []
    for impl, labels in TARGET_ROWS.items():
        if impl not in ids:
            continue
        for label in labels:
            m = re.search(r"^\| " + re.escape(label) + r" \| ([^|]+) \| [^|]+ \| ([^|]+) \|$", md, re.M)
            if not m:
                out.append(f"no target row '{label}'")
            elif m.group(1).strip() == "n/a" or m.group(2).strip() not in ("met", "MISSED"):
                out.append(f"target row '{label}' has figure {m.group(1).strip()!r}, verdict {m.group(2).strip()!r}")
        if SWEEPS[impl] not in md:
            out.append(f"no section {SWEEPS[impl]}")
    return out


# The CPU cell beside the 8-thread mutex targets, on two synthetic runs whose
# ratios are known: mutex.futex's CPU per acquisition over std::mutex's is 0.5
# with outside work in both runs, and 0.25 and 0.75 in the hammer. With
# outside work, absl and tbb trade places between the runs: the better one
# makes 1.25M/s for 40 ns of CPU in each, so the target against the better of
# the two reads 0.8 [0.8-0.8] (MISSED) with CPU 1.25 only if the better peer
# is chosen in each run.
def synthetic_cpu_runs(out_dir):
    paths = []
    for rep, hammer_cpu in enumerate((25.0, 75.0), 1):
        benches = []
        for scen, ours_cpu in (("contended", 50.0), ("hammer", hammer_cpu)):
            impls = [("mutex.futex", ours_cpu, 1e6), ("peer.std_mutex", 100.0, 1e6)]
            if scen == "contended":
                fast, slow = ("peer.tbb_mutex", "peer.absl_mutex_nodetect")[::1 if rep == 1 else -1]
                impls += [(fast, 40.0, 1.25e6), (slow, 80.0, 0.8e6)]
            for impl, cpu, throughput in impls:
                benches.append({"name": f"{scen}/{impl}/threads:8/cs:1ns/iterations:1/manual_time",
                                "run_type": "iteration", "throughput": throughput, "jain": 1.0,
                                "cpu_ns_per_acq": cpu})
        path = os.path.join(out_dir, f"cpu{rep}.json")
        with open(path, "w") as f:
            json.dump({"context": {}, "benchmarks": benches}, f)
        paths.append(path)
    return paths


def cpu_cells(md):
    """Problems with the CPU-per-acquisition cells of the synthetic runs."""
    out = []
    for label, want in [("mutex.futex vs peer.std_mutex, 8 threads cs:1ns throughput", "0.5 [0.5-0.5]"),
                        ("mutex.futex vs peer.std_mutex, 8 threads hammer (no outside work) throughput",
                         "0.5 [0.25-0.75]")]:
        m = re.search(r"^\| " + re.escape(label) + r" \|(?: [^|]+ \|){3} ([^|]*) \|$", md, re.M)
        if not m:
            out.append(f"no target row '{label}' with a CPU cell")
        elif m.group(1).strip() != want:
            out.append(f"target row '{label}' has CPU cell {m.group(1).strip()!r}, want {want!r}")
    if "| CPU ns/acq |" not in md:
        out.append("no CPU ns/acq column in the hammer table")
    label = "mutex.futex vs the better of peer.absl_mutex_nodetect and peer.tbb_mutex, 8 threads cs:1ns throughput"
    m = re.search(r"^\| " + re.escape(label) + r" \| ([^|]+) \| ([^|]+) \| ([^|]+) \| ([^|]*) \|$", md, re.M)
    want = ("0.8 [0.8-0.8]", ">= 1.0x", "MISSED", "1.25 [1.25-1.25]")
    if not m or tuple(g.strip() for g in m.groups()) != want:
        out.append(f"target row '{label}': {m.groups() if m else 'missing'}, want {want}")
    return out


def seam_cells(md):
    """Problems with the futex columns of the contended detail: '-' for a peer, figures for ours."""
    out = []
    detail = md.split("### critical section 1 ns", 1)[-1].split("###", 1)[0]
    for impl, pattern in [("peer.std_mutex", r"- \| - \| \d+ \|$"), ("mutex.futex", r"\d[^|]* \| \d[^|]* \| \d+ \|$"),
                          ("mutex.ticket", r"0 \| 0 \| \d+ \|$")]:
        m = re.search(r"^\| " + re.escape(impl) + r" \| 2 \|.*$", detail, re.M)
        if not m or not re.search(pattern, m.group(0)):
            out.append(f"futex cells of {impl} at 2 threads cs 1 ns: {m.group(0) if m else 'no row'}")
    return out


def report_runs(report_py, paths, out_dir):
    r = subprocess.run([sys.executable, report_py, "--from-json", *paths, "--out", out_dir],
                       capture_output=True, text=True, timeout=25)
    if r.returncode != 0:
        sys.exit(f"FAIL: report.py exit {r.returncode}\n{r.stderr[-2000:]}")
    with open(os.path.join(out_dir, "bench.md")) as f:
        return f.read()


# ---------------------------------------------------------------- the targets table

# report.py's modules, imported by main() from report.py's directory.
tg = load = render = None  # report_targets, report_load, report_render
# Nothing in the table may cite an issue or a design document instead of saying what it compares.
CITATION_RE = re.compile(r"#\d|\bissues?\b|DESIGN\.md", re.I)

# The reader-writer part (the smoke run has every lock and peer uncontended and at 50% reads, 2 threads).
EXPECTED_RWLOCK = [
    "## Targets: reader-writer locks",
    "## Reader-writer locks: uncontended (CPU ns per lock + unlock, one thread)",
    "| rwlock.futex |",
    "| peer.pthread_rwlock |",
    "## Reader-writer locks: 50% reads, critical sections of 50 ns (operations/s)",
]


def base_name(name):
    return re.sub(r"/(min_time:[^/]+|iterations:\d+|manual_time)", "", name)


def table_problems(targets, ids, peers, listed, smoke):
    """Rows naming an id the binary does not list, a benchmark it does not register, a counter their
    scenario lacks in the smoke run (where the smoke run has that scenario), a citation, or a name
    that does not name ours; duplicate names."""
    out, names = [], set()
    counters = {}
    for b in smoke.get("benchmarks", []):
        counters.setdefault(b["name"].split("/", 1)[0], set()).update(b)
    for t in targets:
        where = f"targets.tsv:{t.line} ({t.name})"
        for i in t.ours_ids + t.peers:
            if i not in ids and i not in peers:
                out.append(f"{where}: {i} is in neither --list nor --list-peers")
        for p in t.peers:
            if p not in peers:
                out.append(f"{where}: peer {p} is not in --list-peers")
        for n in tg.benchmark_names(t):
            if n not in listed:
                out.append(f"{where}: the binary registers no benchmark {n}")
        for key in [t.measure] + ([t.beside] if t.beside else []):
            if t.scen in counters and key not in counters[t.scen]:
                out.append(f"{where}: {t.scen} has no counter {key} in the smoke run")
        if CITATION_RE.search(t.name) or CITATION_RE.search(t.meaning):
            out.append(f"{where}: cites an issue or a document; say what is compared")
        if t.ours not in t.name:
            out.append(f"{where}: the name does not name ours ({t.ours})")
        if not t.meaning.endswith("."):
            out.append(f"{where}: the meaning is not a sentence")
        if t.name in names:
            out.append(f"{where}: a second row of that name")
        names.add(t.name)
    return out


def smoke_rows(md, targets, smoke):
    """Rows whose benchmarks are all in the smoke run must show a figure in its report."""
    have = {base_name(b["name"]) for b in smoke.get("benchmarks", []) if not b.get("error_occurred")}
    out = []
    for t in targets:
        if all(n in have for n in tg.benchmark_names(t)):
            m = re.search(r"^\| " + re.escape(t.name) + r" \| ([^|]+) \|", md, re.M)
            if not m or m.group(1).strip() == "n/a":
                out.append(f"target row '{t.name}' (all its benchmarks ran): {m.group(1).strip() if m else 'no row'}")
    return out


def row_values(t, figure, better=0):
    """{(benchmark name, counter): value} for a run in which row t's figure is `figure`. Under the
    better-per-run rule the peer at index `better` is the better one and the others are worse by 1.6x,
    so a rule that took another peer shows another figure. Beside (where the row has it) is 0.5 against
    the better peer, 0.125 against the others."""
    suffix = "/min_time:0.1" if t.scen.endswith("uncontended") else "/iterations:1/manual_time"
    names = [n + suffix for n in tg.benchmark_names(t)]
    (ours, *others), peers = names[:len(t.ours_ids)], names[len(t.ours_ids):]
    if not peers:
        return {(ours, t.measure): figure}
    best = peers[better % len(peers)]
    worse = 1000.0 / 1.6 if t.measure in tg.HIGHER_IS_BETTER else 1000.0 * 1.6
    values = {(ours, t.measure): figure * 1000.0}
    # Under best-of-ours the first id of ours is the best one, the others worse by 1.6x (a rule
    # that took another shows another figure).
    values.update({(o, t.measure): figure * worse for o in others})
    values.update({(p, t.measure): 1000.0 if p == best else worse for p in peers})
    if t.beside:
        values[(ours, t.beside)] = 50.0
        values.update({(o, t.beside): 400.0 for o in others})
        values.update({(p, t.beside): 100.0 if p == best else 400.0 for p in peers})
    return values


def write_run(path, values):
    benches = {}
    for (name, key), v in values.items():
        benches.setdefault(name, {"name": name, "run_type": "iteration", "time_unit": "ns"})[key] = v
    with open(path, "w") as f:
        json.dump({"context": {}, "benchmarks": list(benches.values())}, f)
    return path


def met_and_missed(t):
    """(a figure that meets row t, one that misses it); (0.5, 0.5) for an informative row."""
    if t.direction == "informative":
        return 0.5, 0.5
    if t.limit == 0:
        return (0.0, 1.0) if t.direction == "at most" else (1.0, -1.0)
    lo, hi = t.limit * 0.8, t.limit * 1.25
    return (lo, hi) if t.direction == "at most" else (hi, lo)


def expected_goal(t):
    """The target column as targets.tsv's header describes it."""
    if t.shown:
        return t.shown
    if t.direction == "informative":
        return "informative"
    return {"at most": "<=", "at least": ">="}[t.direction] + f" {t.bound}" + ("x" if t.peers else "")


def row_problems(rows, built_from, out_dir):
    """Each row of `rows` evaluated and rendered on synthetic runs built from the row at the same place in
    `built_from` (the same rows, unless a damaged copy is being checked): three runs with figures
    [met, met, met] must read met; [met, met, missed] met on the median and MISSED under every-run;
    [missed, missed, met] MISSED; an informative row '-'; a run without the peer n/a, or no row. Under
    better-per-run each of the three runs has another peer as the better one.
    Each problem names what differs: figure, target, verdict, beside or absent."""
    out = []
    for k, (t, b) in enumerate(zip(rows, built_from)):
        where = f"targets.tsv:{b.line} ({b.name})"
        good, bad = met_and_missed(b)
        cases = [([good] * 3, "met"), ([good, good, bad], "MISSED" if b.rule == "every-run" else "met"),
                 ([bad, bad, good], "MISSED")]
        for c, (figures, verdict) in enumerate(cases):
            paths = [write_run(os.path.join(out_dir, f"row{k}_{c}_{i}.json"), row_values(b, f, better=i))
                     for i, f in enumerate(figures)]
            tab, _ = render.targets_table(t.family, [t], load.load_runs(paths))
            m = re.search(r"^\| " + re.escape(t.name) + r" \| ([^|]+) \| ([^|]+) \| ([^|]+) \|(?: ([^|]*) \|)?$",
                          tab, re.M)
            if not m:
                out.append(f"{where} on figures {figures}: no row in\n{tab}")
                continue
            got = [g.strip() for g in m.groups()[:3]]
            want = [render.fmt((sorted(figures)[1], min(figures), max(figures)), 3),
                    expected_goal(b), "-" if b.direction == "informative" else verdict]
            for what, g, w in zip(("figure", "target", "verdict"), got, want):
                if g != w:
                    out.append(f"{where} on figures {figures}: {what} {g!r}, want {w!r}")
            if b.beside and (m.group(4) or "").strip() != "0.5 [0.5-0.5]":
                out.append(f"{where}: beside {m.group(4)!r}, want '0.5 [0.5-0.5]'")
        # Without the peers' benchmarks (without ours' for a figure of ours alone): n/a, or no row.
        gone = b.peers or [b.ours]
        values = {key: v for key, v in row_values(b, good).items() if key[0].split("/")[1] not in gone}
        runs = load.load_runs([write_run(os.path.join(out_dir, f"row{k}_absent.json"), values)])
        tab, _ = render.targets_table(t.family, [t], runs)
        m = re.search(r"^\| " + re.escape(t.name) + r" \| ([^|]+) \| [^|]+ \| ([^|]+) \|", tab, re.M)
        got = (m.group(1).strip(), m.group(2).strip()) if m else None
        want = None if b.absent == "omit" else ("n/a", "n/a")
        if got != want:
            out.append(f"{where} without {gone}: absent {got}, want {want or 'no row'}")
    return out


def flipped(t):
    other = {"at most": "at least", "at least": "at most"}.get(t.direction, t.direction)
    return t._replace(direction=other)


def direction_problems(out_dir):
    """Made-up rows (not the table's): at most and at least on the same runs (the bound itself meets
    both), and malformed rows refused."""
    out = []
    base = ["made up", "mutex.futex", "peer.std_mutex", "ratio", "contended/threads:2/cs:1ns", "throughput",
            "at most", "1.0", "-", "-", "n/a", "A made-up row."]
    for figure, at_most, at_least in [(0.8, "met", "MISSED"), (1.25, "MISSED", "met"), (1.0, "met", "met")]:
        for direction, want in [("at most", at_most), ("at least", at_least)]:
            t = tg.make_target(base[:6] + [direction] + base[7:])
            runs = load.load_runs([write_run(os.path.join(out_dir, "made_up.json"), row_values(t, figure))])
            got = tg.evaluate(t, runs).verdict
            if got != want:
                out.append(f"ratio {figure}, {direction} 1.0: {got}, want {want}")
    for k, v, why in [(6, "about", "a direction"), (3, "best", "a rule"), (7, "-", "a target without bound"),
                      (7, "x", "a bound"), (2, "peer.a,peer.b", "two peers without better-per-run"),
                      (4, "contended/threads:2", "a scenario without its cs"), (10, "hide", "an absent"),
                      (4, "nosuch", "a scenario")]:
        fields = list(base)
        fields[k] = v
        try:
            tg.make_target(fields)
            out.append(f"make_target accepted {why} of {v!r}")
        except tg.TableError:
            pass
    return out


def placement_problems(out_dir):
    """Runs that carry placement probes (bench/placement.hpp): a row met on close runs alone is not
    shown met, and runs from two placements give the row per placement as well."""
    out = []
    t = tg.make_target(["made up", "queue.spsc", "peer.boost_spsc_queue_ct", "ratio", "q_regime/regime:near_full",
                        "ops_per_s", "at least", "1.0", "-", "-", "n/a", "A made-up row."])

    def runs_in(*modes):
        paths = []
        for k, mode in enumerate(modes):
            path = write_run(os.path.join(out_dir, f"placed{k}.json"), row_values(t, 1.5))
            with open(path) as f:
                data = json.load(f)
            data["context"] = {"synclab_placement": mode, "synclab_placement_round_trip_ns": "50"}
            data["benchmarks"].append({"name": "placement/probe:1/iterations:1", "label": mode, "round_trip_ns": 50})
            with open(path, "w") as f:
                json.dump(data, f)
            paths.append(path)
        return load.load_runs(paths)

    tab, _ = render.targets_table(t.family, [t], runs_in("close", "close"))
    if "not shown: close placement only" not in tab:
        out.append(f"a row met on close-placement runs alone is shown as {tab!r}")
    tab, _ = render.targets_table(t.family, [t], runs_in("separate", "close"))
    if "by placement" not in tab or "separate: 1.5" not in tab or "| met |" not in tab:
        out.append(f"runs from two placements: no per-placement figure in {tab!r}")
    # The other tables: bench.md repeats every concept's sections on each placement's runs alone.
    path, _ = render.write_report(runs_in("separate", "close", "close"), out_dir, "made up", [t])
    with open(path) as f:
        md = f.read()
    for mode, n in (("separate", "1 run"), ("close", "2 runs")):
        part = md.split(f"## Per placement: {mode} ({n})", 1)
        if len(part) < 2 or "queue.spsc" not in part[1].split("## Per placement", 1)[0]:
            out.append(f"runs from two placements: bench.md has no {mode} section with the queue tables")
    path, _ = render.write_report(runs_in("separate", "separate"), out_dir, "made up", [t])
    with open(path) as f:
        if "## Per placement" in f.read():
            out.append("runs from one placement: bench.md has per-placement sections")
    return out


def pinned_problems(out_dir):
    """Pinned regimes (q_regime/<id>/regime:R/pin:K, bench/queue.cpp): bench.md gives their figures apart
    from the unpinned ones, with the CPUs and the pair's probe, and says when a pair was not found."""
    out = []
    values = {}
    for g, pinned, unpinned in (("near_empty", 3.0, 1.0), ("near_full", 4.0, 1.0)):
        for impl, scale in (("queue.spsc", 1.0), ("peer.boost_spsc_queue_ct", 0.5)):
            base = f"q_regime/{impl}/regime:{g}"
            values[(base + "/iterations:1/manual_time", "ops_per_s")] = unpinned * scale * 1e6
            values[(base + "/pin:cores/iterations:1/manual_time", "ops_per_s")] = pinned * scale * 1e6
            values[(base + "/pin:cores/iterations:1/manual_time", "pair_round_trip_ns")] = 123.0
    path = write_run(os.path.join(out_dir, "pinned.json"), values)
    with open(path) as f:
        data = json.load(f)
    data["context"] = {"synclab_pin_cores": "0,1", "synclab_pin_siblings": "none"}
    with open(path, "w") as f:
        json.dump(data, f)
    md_path, _ = render.write_report(load.load_runs([path]), out_dir, "made up", [])
    with open(md_path) as f:
        md = f.read()
    section = md.split("### Pinned to two separate cores (pin:cores): producer and consumer on CPUs 0,1", 1)
    if len(section) < 2:
        return [f"pinned regimes: no pin:cores section in bench.md"]
    pinned = section[1].split("\n\n##", 1)[0]
    if "| queue.spsc | 3M | 4M |" not in pinned or "123" not in pinned:
        out.append(f"pinned regimes: the pinned figures or the probe are missing from {pinned[:400]!r}")
    if "| queue.spsc vs boost spsc_queue, capacity at compile time | 2 | 2 |" not in pinned:
        out.append(f"pinned regimes: no ratio of the pinned runs in {pinned[:600]!r}")
    if "| queue.spsc | 1M | 1M |" not in section[0]:
        out.append("pinned regimes: the unpinned table took the pinned figures")
    if "Pinned to two SMT siblings of one core: not measured" not in md:
        out.append("pinned regimes: a pair the topology lacks is not said to be unmeasured")
    return out


def family_only(report_py, smoke_json, out_dir, name, prefixes):
    """bench.md of the smoke run cut down to the scenarios whose names start with `prefixes` (what
    ./synclab bench CONCEPT writes), under out_dir/NAME."""
    with open(smoke_json) as f:
        data = json.load(f)
    data["benchmarks"] = [b for b in data["benchmarks"] if b["name"].startswith(prefixes)]
    only = os.path.join(out_dir, f"{name}.json")
    with open(only, "w") as f:
        json.dump(data, f)
    return report(report_py, only, os.path.join(out_dir, name))


def selected_names(rep, binary, concept, reg, peers):
    """The scenarios the binary lists for the filter report.py builds for `concept` (placement probes included)."""
    flt = rep.selection_filter([concept], reg, peers)
    return subprocess.run([binary, f"--benchmark_filter={flt}", "--benchmark_list_tests=true"],
                          capture_output=True, text=True).stdout.split()


def main():
    report_py, binary, smoke_json, out_dir = sys.argv[1:5]
    os.makedirs(out_dir, exist_ok=True)
    ids = [line.split("\t")[0] for line in subprocess.run([binary, "--list"], capture_output=True, text=True).stdout.splitlines()]

    empty = os.path.join(out_dir, "empty.json")
    with open(empty, "w") as f:
        json.dump({"context": {}, "benchmarks": []}, f)
    md = report(report_py, empty, os.path.join(out_dir, "empty"))
    if (not missing(md, EXPECTED) or not missing(md, EXPECTED_WAITING) or not target_figures(md, ids)
            or not cpu_cells(md) or not seam_cells(md)):
        sys.exit("FAIL: the checker accepted a report of an empty run")

    md = report(report_py, smoke_json, os.path.join(out_dir, "smoke"))
    gone = missing(md, EXPECTED + EXPECTED_WAITING + EXPECTED_RWLOCK) + target_figures(md, ids) + seam_cells(md)
    gone += cpu_cells(report_runs(report_py, synthetic_cpu_runs(out_dir), os.path.join(out_dir, "cpu")))
    if gone:
        sys.exit("FAIL: bench.md lacks:\n  " + "\n  ".join(gone))

    # Semaphores and condition variables alone (./synclab bench semaphore condvar):
    # their sections, and no empty mutex tables.
    md = family_only(report_py, smoke_json, out_dir, "waiting_only", ("sem_", "cv_"))
    gone = missing(md, EXPECTED_WAITING)
    if gone or "## Uncontended lock+unlock" in md:
        sys.exit("FAIL: a semaphore/condvar-only report lacks " + repr(gone) + " or shows the mutex tables")

    # Queues alone (./synclab bench queue): their sections, nothing else.
    md = family_only(report_py, smoke_json, out_dir, "queue_only", ("q_",))
    gone = missing(md, EXPECTED_QUEUE)
    if gone or "## Uncontended lock+unlock" in md or "## Semaphores" in md:
        sys.exit("FAIL: a queue-only report lacks " + repr(gone) + " or shows other families' tables")

    # Reader-writer locks alone (./synclab bench rwlock): their sections, nothing else.
    md = family_only(report_py, smoke_json, out_dir, "rwlock_only", ("rw_",))
    gone = missing(md, EXPECTED_RWLOCK)
    if gone or "## Uncontended lock+unlock" in md or "## Targets: queues" in md:
        sys.exit("FAIL: a reader-writer-only report lacks " + repr(gone) + " or shows other families' tables")

    r = subprocess.run([sys.executable, report_py, "--bench", binary, "--out", out_dir, "mutex.nosuch"],
                       capture_output=True, text=True, timeout=25)
    if r.returncode != 2 or "mutex.futex" not in r.stderr or "semaphore.std" not in r.stderr:
        sys.exit(f"FAIL: unknown id must exit 2 listing ids; got {r.returncode}: {r.stderr!r}")

    # A concept selects its implementations and its own peers (what ./synclab bench semaphore runs).
    spec = importlib.util.spec_from_file_location("report", report_py)
    rep = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(rep)
    reg, peers = rep.list_ids(binary)
    names = selected_names(rep, binary, "semaphore", reg, peers)
    # The placement probes run whatever the filter selects (bench/placement.hpp).
    if not any(n.startswith("placement/probe:") for n in names):
        sys.exit(f"FAIL: the filter for 'semaphore' dropped the placement probes: {names[:5]}")
    names = [n for n in names if not n.startswith("placement/")]
    wrong = [n for n in names if not n.startswith("sem_") or "/peer.std_mutex" in n]
    if not names or wrong or not any("/peer.sem_t" in n for n in names) or not any("/semaphore.std" in n for n in names):
        sys.exit(f"FAIL: 'semaphore' selected {len(names)} scenarios, wrong ones: {wrong[:5]}")
    names = selected_names(rep, binary, "queue", reg, peers)
    names = [n for n in names if not n.startswith("placement/")]
    wrong = [n for n in names if not n.startswith("q_")]
    if not names or wrong or not any("/peer.moodycamel_queue" in n for n in names) or not any("/queue.mpmc" in n for n in names):
        sys.exit(f"FAIL: 'queue' selected {len(names)} scenarios, wrong ones: {wrong[:5]}")

    names = selected_names(rep, binary, "rwlock", reg, peers)
    names = [n for n in names if not n.startswith("placement/")]
    wrong = [n for n in names if not n.startswith("rw_")]
    if not names or wrong or not any("/peer.pthread_rwlock/" in n for n in names) or not any("/rwlock.phase_fair/" in n for n in names):
        sys.exit(f"FAIL: 'rwlock' selected {len(names)} scenarios, wrong ones: {wrong[:5]}")

    # The targets table.
    global tg, load, render
    sys.path.insert(0, os.path.dirname(os.path.abspath(report_py)))
    import report_load as load
    import report_render as render
    import report_targets as tg
    targets = tg.read_table()
    listed = {base_name(n) for n in subprocess.run([binary, "--benchmark_list_tests=true"], capture_output=True,
                                                   text=True).stdout.split()}
    with open(smoke_json) as f:
        smoke = json.load(f)
    damaged = [targets[0]._replace(ours="mutex.nosuch", ours_ids=["mutex.nosuch"], name="mutex.nosuch vs issue #2"),
               targets[1]._replace(measure="thruput")]
    if len(table_problems(damaged, reg, peers, listed, smoke)) < 4:
        sys.exit("FAIL: the table checker accepted an unknown id, a citation and an unknown counter")
    gone = table_problems(targets, reg, peers, listed, smoke)
    if gone:
        sys.exit("FAIL: targets.tsv:\n  " + "\n  ".join(gone))
    empty_md = report(report_py, empty, os.path.join(out_dir, "empty"))
    if not smoke_rows(empty_md, targets, smoke):
        sys.exit("FAIL: the smoke-row checker accepted a report of an empty run")
    gone = smoke_rows(report(report_py, smoke_json, os.path.join(out_dir, "smoke")), targets, smoke)
    if gone:
        sys.exit("FAIL: bench.md of the smoke run:\n  " + "\n  ".join(gone))
    rows_dir = os.path.join(out_dir, "rows")
    os.makedirs(rows_dir, exist_ok=True)
    directed = [t for t in targets if t.direction != "informative"]
    caught = {p.split(" ", 1)[0] for p in row_problems([flipped(t) for t in directed], directed, rows_dir)
              if ": verdict " in p}
    if caught != {f"targets.tsv:{t.line}" for t in directed}:
        sys.exit("FAIL: the row checker accepted rows whose direction was flipped")
    gone = row_problems(targets, targets, rows_dir) + direction_problems(rows_dir) + placement_problems(rows_dir)
    gone += pinned_problems(rows_dir)
    if gone:
        sys.exit("FAIL: target rows on synthetic runs:\n  " + "\n  ".join(gone))
    print(f"ok: bench.md has the expected rows; unknown id exits 2; a concept selects its own scenarios; "
          f"the {len(targets)} rows of targets.tsv name listed ids and benchmarks and read as built")


if __name__ == "__main__":
    main()
