"""Running synclab_bench and reading what it wrote: the scenario names the
binary registers, its ids (--list, --list-peers), the --benchmark_filter for
a selection, one run of the whole binary, and the runs' JSON as dicts keyed
by scenario, id and shape (load_runs)."""
import json
import os
import re
import subprocess
import sys

# Scenario names, as bench/scenarios.hpp, sem_scenarios.hpp, cv_scenarios.hpp
# and queue_scenarios.hpp register them: scenario/id/shape.
MUTEX_SCENARIOS = ["uncontended", "contended", "hammer", "spin_sweep", "spin_hammer"]
SYNC_SCENARIOS = ["sem_uncontended", "sem_pingpong", "sem_buffer", "cv_pingpong", "cv_buffer", "cv_notify_all"]
QUEUE_SCENARIOS = ["q_throughput", "q_roundtrip"]
NAME_RE = re.compile(r"^(contended|hammer|spin_sweep|spin_hammer)/(.+?)/threads:(\d+)/cs:(\d+)ns")
UNC_RE = re.compile(r"^uncontended/([^/]+)")
SYNC_RE = re.compile(r"^(" + "|".join(SYNC_SCENARIOS) + r")/([^/]+?(?:/spin=\d+)?)(?:/pairs:(\d+)|/waiters:(\d+))?(?:/|$)")
QUEUE_RE = re.compile(r"^(" + "|".join(QUEUE_SCENARIOS) + r")/([^/]+)(?:/pairs:(\d+))?(?:/|$)")
# Which part of a run (load_runs) and of the report each scenario belongs to.
FAMILY = dict([(s, "mutex") for s in MUTEX_SCENARIOS] + [(s, "waiting") for s in SYNC_SCENARIOS]
              + [(s, "queue") for s in QUEUE_SCENARIOS])
TIME_UNIT_NS = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}


def list_ids(bench):
    """(registry ids, {peer id: concept}), from the binary's --list and --list-peers."""
    def run(flag):
        out = subprocess.run([bench, flag], capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"report.py: {bench} {flag} failed (exit {out.returncode}): {out.stderr.strip()}")
        return [line.strip() for line in out.stdout.splitlines() if line.strip()]
    peers = {}
    for line in run("--list-peers"):
        ident, _, concept = line.partition("\t")
        peers[ident.strip()] = concept.strip() or "mutex"
    return run("--list"), peers


def selection_filter(selected, ids, peers):
    """Regex for --benchmark_filter, or None for everything. Exits 2 on an unknown id.
    peers: {peer id: concept}; the peers of every concept selected run too."""
    if not selected:
        return None
    concepts = sorted({i.split(".")[0] for i in ids})
    chosen, chosen_concepts = set(), set()
    for s in selected:
        if s in ids or s in peers:
            chosen.add(s)
            chosen_concepts.add(peers.get(s) or s.split(".")[0])
        elif s in concepts:
            chosen.update(i for i in ids if i.split(".")[0] == s)
            chosen_concepts.add(s)
        else:
            print(f"report.py: unknown id or concept '{s}'. Known ids:", file=sys.stderr)
            for i in list(ids) + list(peers):
                print(f"  {i}", file=sys.stderr)
            print("Concepts: " + ", ".join(concepts), file=sys.stderr)
            sys.exit(2)
    chosen.update(p for p, c in peers.items() if c in chosen_concepts)
    alts = "|".join(re.escape(c) for c in sorted(chosen))
    return f"^({'|'.join(MUTEX_SCENARIOS + SYNC_SCENARIOS + QUEUE_SCENARIOS)})/({alts})(/|$)"


def run_bench(bench, out_dir, rep, reps, extra):
    """Runs the whole binary once (run rep of reps), printing a line per scenario;
    keeps runREP.json and runREP.log in out_dir. Exits with the binary's status if it fails."""
    json_path = os.path.join(out_dir, f"run{rep}.json")
    listed = subprocess.run([bench, "--benchmark_list_tests=true"] + extra, capture_output=True, text=True)
    total = len([l for l in listed.stdout.splitlines() if l.strip()])
    cmd = [bench, f"--benchmark_out={json_path}", "--benchmark_out_format=json",
           "--benchmark_format=console", "--benchmark_color=false"] + extra
    print(f"[run {rep}/{reps}] {' '.join(cmd)}  ({total} scenarios)", flush=True)
    done = 0
    with open(os.path.join(out_dir, f"run{rep}.log"), "w") as log, \
            subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as p:
        for line in p.stdout:
            log.write(line)
            name = line.split(" ", 1)[0]
            if not (name.startswith("uncontended/") or NAME_RE.match(name) or SYNC_RE.match(name)
                    or QUEUE_RE.match(name)):
                continue
            done += 1
            thr = re.search(r"throughput=(\S+)", line)
            jain = re.search(r"jain=(\S+)", line)
            t = re.search(r"\s(\d[\d.]*) ns\s", line)
            wall = re.search(r"wall_ns_per_op=(\S+)", line)
            cpu = re.search(r"cpu_ns_per_op=(\S+)", line)
            last = re.search(r"last_p50_ns=(\S+)", line)
            figure = (f"throughput={thr.group(1)}/s jain={jain.group(1)}" if thr else
                      f"last waiter p50 {last.group(1)} ns, CPU {cpu.group(1)} ns/round" if last and cpu else
                      f"{wall.group(1)} ns/op wall, {cpu.group(1)} ns/op CPU" if wall and cpu else
                      f"{t.group(1)} ns/op" if t else line.strip()[len(name):][:60])
            clean = re.sub(r"/(min_time:[^/ ]+|iterations:\d+|manual_time)", "", name)
            print(f"[run {rep}/{reps}] [{done}/{total}] {clean}: {figure}", flush=True)
    if p.returncode != 0:
        print(f"report.py: {bench} exited {p.returncode}; see {log.name}", file=sys.stderr)
        sys.exit(p.returncode)
    return json_path


def load_runs(paths):
    """One dict per run:
      'unc':   {id: CPU ns per lock+unlock}                        (uncontended)
      'con':   {(scenario, id, threads, cs): counters}             (contended, hammer, spin sweeps)
      'sync':  {(scenario, id, pairs or waiters or 0): counters}   (semaphores, condition variables;
                                                                    'cpu_ns': Google Benchmark's CPU time in ns)
      'queue': {(scenario, id, pairs or 0): counters}
      'errors': ['name: message'], 'context': the JSON's context."""
    runs = []
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        run = {"unc": {}, "con": {}, "sync": {}, "queue": {}, "errors": [], "context": data.get("context", {})}
        for b in data.get("benchmarks", []):
            name = b.get("name", "")
            if b.get("error_occurred"):
                run["errors"].append(f"{name}: {b.get('error_message', '')}")
                continue
            m = UNC_RE.match(name)
            if m:
                # CPU time: one thread, so it is the lock's cost without the time
                # a shared machine took the core away (real time counts that).
                run["unc"][m.group(1)] = b["cpu_time"] * TIME_UNIT_NS[b.get("time_unit", "ns")]
                continue
            m = NAME_RE.match(name)
            if m:
                run["con"][(m.group(1), m.group(2), int(m.group(3)), int(m.group(4)))] = b
                continue
            m = QUEUE_RE.match(name)
            if m:
                run["queue"][(m.group(1), m.group(2), int(m.group(3) or 0))] = b
                continue
            m = SYNC_RE.match(name)
            if m:
                b = dict(b)
                b["cpu_ns"] = b.get("cpu_time", 0) * TIME_UNIT_NS[b.get("time_unit", "ns")]  # sem_uncontended
                param = int(m.group(3) or m.group(4) or 0)
                run["sync"][(m.group(1), m.group(2), param)] = b
        runs.append(run)
    return runs
