"""Running synclab_bench and reading what it wrote: the scenario names the
binary registers (every concept's, report_<c>.SCENARIOS), its ids (--list,
--list-peers), the --benchmark_filter for a selection, one run of the whole
binary, and the runs' JSON as dicts keyed by scenario, id and shape, each
concept's benchmarks in the parts it keeps them in (load_runs)."""
import json
import os
import re
import subprocess
import sys

import report_concepts


def scenarios():
    """Every concept's scenario names, in the list's order."""
    return [s for _, concept in report_concepts.modules() for s in concept.SCENARIOS]


def parse_name(name):
    """(concept module, part, key) for a benchmark name of some concept's scenarios, else None."""
    for _, concept in report_concepts.modules():
        where = concept.parse_name(name)
        if where:
            return (concept,) + where
    return None


def list_ids(bench):
    """({id of ours: concept}, {peer id: concept}), from the binary's --list and --list-peers
    ('id<TAB>concept' lines). Ours are the registry's ids and a user's candidate (acme.clh),
    whose name need not start with its concept's."""
    def run(flag):
        out = subprocess.run([bench, flag], capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"report.py: {bench} {flag} failed (exit {out.returncode}): {out.stderr.strip()}")
        listed = {}
        for line in out.stdout.splitlines():
            ident, _, concept = line.strip().partition("\t")
            if ident:
                listed[ident] = concept or ident.split(".")[0]
        return listed
    return run("--list"), run("--list-peers")


def selection_filter(selected, ids, peers):
    """Regex for --benchmark_filter, or None for everything. Exits 2 on an unknown id.
    ids, peers: {id: concept}; the peers of every concept selected run too."""
    if not selected:
        return None
    concepts = sorted(set(ids.values()))
    chosen, chosen_concepts = set(), set()
    for s in selected:
        if s in ids or s in peers:
            chosen.add(s)
            chosen_concepts.add(ids.get(s) or peers[s])
        elif s in concepts:
            chosen.update(i for i, c in ids.items() if c == s)
            chosen_concepts.add(s)
        else:
            print(f"report.py: unknown id or concept '{s}'. Known ids:", file=sys.stderr)
            for i in list(ids) + list(peers):
                print(f"  {i}", file=sys.stderr)
            print("Concepts: " + ", ".join(concepts), file=sys.stderr)
            sys.exit(2)
    chosen.update(p for p, c in peers.items() if c in chosen_concepts)
    # Google Benchmark's regex is POSIX extended, where Python's re.escape's "\-" (header.clh-lock) is invalid.
    alts = "|".join(re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", c) for c in sorted(chosen))
    return f"^({'|'.join(scenarios())})/({alts})(/|$)"


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
            if name.startswith("placement/"):
                rtt = re.search(r"round_trip_ns=(\S+)", line)
                mode = line.rstrip().rsplit(" ", 1)[-1]
                rtt_ns = f"{float(rtt.group(1)):.0f}" if rtt else "?"
                print(f"[run {rep}/{reps}] placement: cache-line round trip {rtt_ns} ns, {mode}", flush=True)
                continue
            if not parse_name(name):
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
    if done == 0 or not os.path.getsize(json_path):
        with open(log.name) as f:
            said = f.read().strip().splitlines()
        print(f"report.py: {bench} ran no scenario: {said[-1] if said else 'no output'} (see {log.name})",
              file=sys.stderr)
        sys.exit(1)
    return json_path


def load_runs(paths):
    """One dict per run: each concept's parts (report_<c>.PARTS; what each keeps is in its module):
      'unc':   {id: CPU ns per lock+unlock}                        (uncontended)
      'con':   {(scenario, id, threads, cs): counters}             (contended, hammer, spin sweeps)
      'sync':  {(scenario, id, pairs or waiters or 0): counters}   (semaphores, condition variables;
                                                                    'cpu_ns': Google Benchmark's CPU time in ns)
      'queue': {(scenario, id, pairs or 0): counters}
      'errors': ['name: message'], 'context': the JSON's context,
      'placement': [{'at', 'round_trip_ns', 'mode'}]: the placement probes in the order they ran, the
                   first from the context (the run's start; bench/placement.hpp)."""
    parts = list(dict.fromkeys(p for _, concept in report_concepts.modules() for p in concept.PARTS))
    runs = []
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        run = {p: {} for p in parts}
        context = data.get("context", {})
        run.update({"errors": [], "context": context, "placement": []})
        if context.get("synclab_placement"):
            run["placement"].append({"at": "start", "mode": context["synclab_placement"],
                                     "round_trip_ns": float(context.get("synclab_placement_round_trip_ns", 0))})
        for b in data.get("benchmarks", []):
            name = b.get("name", "")
            if name.startswith("placement/") and not b.get("error_occurred"):
                run["placement"].append({"at": name.split("/", 1)[1], "mode": b.get("label", "?"),
                                         "round_trip_ns": b.get("round_trip_ns", 0)})
                continue
            if b.get("error_occurred"):
                run["errors"].append(f"{name}: {b.get('error_message', '')}")
                continue
            where = parse_name(name)
            if where:
                concept, part, key = where
                run[part][key] = concept.kept(part, b)
        runs.append(run)
    return runs
