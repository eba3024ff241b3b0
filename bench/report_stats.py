"""Statistics over runs: a counter looked up by scenario, id and shape, the
median [min-max] of a figure over runs, ratios taken within each run, the
order of the implementations found, and the spin-budget sweeps' scores.
Nothing here formats or writes; report_render.py does."""
import math
import statistics

from report_load import MUTEX_SCENARIOS, QUEUE_SCENARIOS, SYNC_SCENARIOS


def summary(values):
    """(median, min, max) of the non-None values, or None."""
    v = [x for x in values if x is not None and not math.isnan(x)]
    if not v:
        return None
    return statistics.median(v), min(v), max(v)


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


# ---------------------------------------------------------------- one counter of one run

def con(run, impl, threads, cs, key, scen="contended"):
    """A counter of a mutex scenario (contended, hammer, spin_sweep, spin_hammer)."""
    b = run["con"].get((scen, impl, threads, cs))
    return None if b is None else b.get(key)


def sv(run, scen, impl, param, key):
    """A counter of a semaphore or condition-variable scenario (param: pairs, waiters or 0)."""
    b = run["sync"].get((scen, impl, param))
    return None if b is None else b.get(key)


def qv(run, scen, impl, pairs, key):
    """A counter of a queue scenario (pairs, or 0 for the round trip)."""
    b = run["queue"].get((scen, impl, pairs))
    return None if b is None else b.get(key)


def value(run, scen, impl, shape, key):
    """Any scenario's counter, the shape as a dict ({'threads': 8, 'cs': 1}, {'pairs': 2}, {}).
    key 'cpu_time': the CPU ns per op of a scenario timed by Google Benchmark's own loop
    (uncontended, sem_uncontended)."""
    if scen == "uncontended":
        return run["unc"].get(impl) if key == "cpu_time" else None
    if scen in MUTEX_SCENARIOS:
        return con(run, impl, shape.get("threads"), shape.get("cs"), key, scen)
    if scen in SYNC_SCENARIOS:
        return sv(run, scen, impl, shape.get("pairs") or shape.get("waiters") or 0,
                  "cpu_ns" if key == "cpu_time" else key)
    if scen in QUEUE_SCENARIOS:
        return qv(run, scen, impl, shape.get("pairs") or 0, key)
    return None


# ---------------------------------------------------------------- over runs

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


# ---------------------------------------------------------------- which implementations ran

def ours_then_peers(seen):
    return [i for i in seen if not i.startswith("peer.")] + [i for i in seen if i.startswith("peer.")]


def impl_order(runs):
    """The mutexes measured (uncontended or contended), ours first, in the binary's order."""
    seen = []
    for r in runs:
        for k in list(r["unc"]) + [k[1] for k in r["con"] if k[0] == "contended"]:
            if k not in seen:
                seen.append(k)
    return ours_then_peers(seen)


def sync_impls(runs, scen):
    """Implementations measured in scenario scen: ours first (spin variants left
    to the sweep), then the peers, in the binary's order."""
    seen = []
    for r in runs:
        for (s, impl, _) in r["sync"]:
            if s == scen and "/spin=" not in impl and impl not in seen:
                seen.append(impl)
    return ours_then_peers(seen)


def queue_impls(runs):
    seen = []
    for r in runs:
        for (_, impl, _) in r["queue"]:
            if impl not in seen:
                seen.append(impl)
    return ours_then_peers(seen)


# ---------------------------------------------------------------- spin-budget sweeps

def mutex_sweep(runs):
    """The mutex spin sweeps (spin_sweep, spin_hammer: ids BASE/spin=S), or None without data:
    (base, budgets, shapes [(scenario, threads, cs)], scores {budget: [per-run score]}), a run's
    score being the geometric mean over shapes of throughput / the best budget's."""
    sweeps = ("spin_sweep", "spin_hammer")
    keys = [k for r in runs for k in r["con"] if k[0] in sweeps]
    if not keys:
        return None
    base = keys[0][1].split("/spin=")[0]
    budgets = sorted({int(k[1].split("=")[1]) for k in keys})
    shapes = sorted({(k[0], k[2], k[3]) for k in keys}, key=lambda s: (s[0] == "spin_hammer", s[2], s[1]))
    name = lambda b: f"{base}/spin={b}"
    scores = {b: [] for b in budgets}
    for r in runs:
        for b in budgets:
            logs = []
            for sc, th, cs in shapes:
                vals = [con(r, name(x), th, cs, "throughput", sc) for x in budgets]
                mine = con(r, name(b), th, cs, "throughput", sc)
                best = max([v for v in vals if v], default=None)
                if mine and best:
                    logs.append(math.log(mine / best))
            if logs:
                scores[b].append(math.exp(sum(logs) / len(logs)))
    return base, budgets, shapes, scores


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
