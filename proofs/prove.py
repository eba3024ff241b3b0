#!/usr/bin/env python3
"""prove.py: Spin proofs of synclab's protocols (proofs/).

    prove.py [ID ...] [--processes 2|3|all] [--timeout S] [options]

For each model id (models.tsv) and number of processes it generates the
verifier (spin -a), compiles it (cc), runs it once per property that
expectations.tsv lists, and prints a table property x id x processes:
proved, refuted, or not decided (out of time or memory), with the states
explored, the time, and whether that is what expectations.tsv expects. A
refutation's counterexample is replayed (spin -t) and printed as readable
steps: which process did what, each step named by the label of the C++ header
line the model's statement stands for (futex_mutex.hpp:(B)).

IDs: model ids (mutex.futex, mutex.futex~missing-wake, ...), or the groups
`implementations`, `variants`, `mutants`, `all` (the default), `differ-at-3`
(the ids whose expected outcome differs between 2 and 3 processes), or a
concept (`mutex`, `semaphore`, `condvar`: its implementations and variants).

Exit status: 0 when every result matches its expectation, 1 on a mismatch
(or, with --strict, a proof that did not finish; or a registry disagreement),
2 on bad input. Standard library only.
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MODELS_TSV = HERE / "models.tsv"
EXPECTATIONS_TSV = HERE / "expectations.tsv"

SAFETY = {"mutual_exclusion", "no_lost_wakeup", "node_lifetime", "all_safety"}
LIVENESS = {"deadlock_freedom", "starvation_freedom", "writer_starvation_freedom", "reader_starvation_freedom"}
PROPERTY_ORDER = ["mutual_exclusion", "node_lifetime", "no_lost_wakeup", "deadlock_freedom", "starvation_freedom",
                  "writer_starvation_freedom", "reader_starvation_freedom"]
GROUPS = ("all", "implementations", "variants", "mutants", "differ-at-3")

# Refutation kinds, from pan's "pan:1: ..." line.
KIND_TEXT = {
    "acceptance cycle": "an infinite fair run that violates it",
    "assertion violated": "a reachable state that violates it",
    "invalid end state": "a state where every process is blocked",
}

_print_lock = threading.Lock()


def say(msg=""):
    with _print_lock:
        print(msg, flush=True)


def bad_input(msg):
    print(f"prove.py: {msg}", file=sys.stderr, flush=True)
    sys.exit(2)


# ---------------------------------------------------------------- the tables


def read_tsv(path, columns):
    rows = []
    header_seen = False
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            if fields[: len(columns)] != columns:
                bad_input(f"{path.name}: the header must be {' | '.join(columns)}, got {' | '.join(fields)}")
            header_seen = True
            continue
        fields += [""] * (len(columns) - len(fields))
        rows.append(dict(zip(columns, fields), line=number))
    return rows


def lint_models():
    """Spin re-reads an inline body at each call and loses cpp's line markers
    inside it: after an #if gap longer than cpp fills with blank lines (8),
    every later line number of that body is off, and trails point at the
    wrong comments. Refuse such a model."""
    for path in sorted(HERE.glob("*.pml")):
        depth, in_inline, gap_start = 0, False, None
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code = re.sub(r"/\*.*?\*/", "", line)
            if re.match(r"\s*inline\s+\w+\s*\(", code):
                in_inline, depth = True, 0
            if in_inline:
                if re.match(r"\s*#\s*(if|ifdef|ifndef|else|elif)\b", code):
                    if gap_start is not None and number - gap_start > 8:
                        bad_input(f"{path.name}:{gap_start}: an #if block of {number - gap_start} lines inside an "
                                  f"inline: spin would miscount the lines after it; choose between whole inlines "
                                  f"instead (see mutex_mcs.pml, doorway())")
                    gap_start = number
                elif re.match(r"\s*#\s*endif\b", code):
                    if gap_start is not None and number - gap_start > 8:
                        bad_input(f"{path.name}:{gap_start}: an #if block of {number - gap_start} lines inside an "
                                  f"inline: spin would miscount the lines after it; choose between whole inlines "
                                  f"instead (see mutex_mcs.pml, doorway())")
                    gap_start = None
                depth += code.count("{") - code.count("}")
                if depth <= 0 and "}" in code:
                    in_inline = False


def load_tables():
    lint_models()
    models = {}
    for r in read_tsv(MODELS_TSV, ["id", "kind", "file", "defines", "what"]):
        if r["kind"] not in ("implementation", "variant", "mutant"):
            bad_input(f"models.tsv:{r['line']}: kind must be implementation, variant or mutant, got {r['kind']!r}")
        if not (HERE / r["file"]).exists():
            bad_input(f"models.tsv:{r['line']}: no model file {r['file']}")
        r["defines"] = [] if r["defines"] in ("", "-") else r["defines"].split()
        models[r["id"]] = r
    expectations = []
    for r in read_tsv(EXPECTATIONS_TSV, ["id", "property", "processes", "expected", "basis", "note"]):
        where = f"expectations.tsv:{r['line']}"
        if r["id"] not in models:
            bad_input(f"{where}: id {r['id']!r} is not in models.tsv")
        if r["property"] not in SAFETY | LIVENESS:
            bad_input(f"{where}: unknown property {r['property']!r}; known: {', '.join(PROPERTY_ORDER)}")
        if r["processes"] not in ("2", "3"):
            bad_input(f"{where}: processes must be 2 or 3, got {r['processes']!r}")
        if r["expected"] not in ("proved", "refuted"):
            bad_input(f"{where}: expected must be proved or refuted, got {r['expected']!r}")
        r["processes"] = int(r["processes"])
        expectations.append(r)
    return models, expectations


# ------------------------------------------------------------ the command line


def positive_number(flag):
    def parse(text):
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} takes a number of seconds above 0, got {text!r}")
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{flag} takes a number of seconds above 0, got {text!r}")
        return value
    return parse


def positive_int(flag, what):
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} takes {what}, got {text!r}")
        if value < 0 or (value == 0 and flag != "--trail-steps"):
            raise argparse.ArgumentTypeError(f"{flag} takes {what}, got {text!r}")
        return value
    return parse


def differ_at_3(expectations):
    """Ids whose expected outcome of some property differs between 2 and 3 processes."""
    outcome = {(r["id"], r["property"], r["processes"]): r["expected"] for r in expectations}
    return sorted({i for (i, prop, n), e in outcome.items() if n == 3 and outcome.get((i, prop, 2), e) != e})


def parse_args(argv, models, expectations):
    p = argparse.ArgumentParser(
        prog="prove.py", description=__doc__.split("\n\n")[1], formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="ids: " + ", ".join(models) + "\ngroups: " + ", ".join(GROUPS + concepts_of(models)))
    p.add_argument("ids", nargs="*", metavar="ID", help="model ids or groups (default: all)")
    p.add_argument("--processes", choices=["2", "3", "all"], default="all",
                   help="number of processes to prove for (default: all, i.e. 2 and 3)")
    p.add_argument("--timeout", type=positive_number("--timeout"), default=60.0,
                   help="seconds one proof may take before it counts as not decided (default 60)")
    p.add_argument("--memory", type=positive_int("--memory", "a number of MiB above 0"), default=4096,
                   help="MiB one verifier may use (pan -DMEMLIM; default 4096)")
    p.add_argument("--optimize", choices=["auto", "O0", "O2"], default="auto",
                   help="cc optimization of the verifiers: auto (default) is -O0 for 2 processes, whose proofs "
                        "take milliseconds while -O2 costs seconds of compiling, and -O2 for 3")
    p.add_argument("--jobs", type=positive_int("--jobs", "a number of parallel verifiers above 0"), default=1,
                   help="verifiers run at once (default 1)")
    p.add_argument("--work-dir", metavar="DIR",
                   help="where verifiers are built and kept (default: build/promela in the repository when "
                        "build/ exists, else a temporary directory removed at exit)")
    p.add_argument("--registry", metavar="PATH|none", default="auto",
                   help="synclab_info, to check the registry-derived expectations against the registry "
                        "(default: build/tools/synclab_info when it exists; none: skip)")
    p.add_argument("--check-expectations", action="store_true",
                   help="only check expectations.tsv against the registry (needs synclab_info), run no proof")
    p.add_argument("--check-references", action="store_true",
                   help="only check that every header line the models cite by label (futex_mutex.hpp:(B)) "
                        "still has the code references.tsv recorded, wherever it moved (changed code fails), "
                        "run no proof")
    p.add_argument("--record-references", action="store_true",
                   help="record the code of the cited header lines in references.tsv (after checking the models "
                        "against them)")
    p.add_argument("--strict", action="store_true", help="a proof that did not finish fails the run (exit 1)")
    p.add_argument("--trail-steps", type=positive_int("--trail-steps", "a number of steps (0: all)"), default=80,
                   help="steps of a counterexample to print (the first 20 and the last ones; 0: all; default 80); "
                        "the whole trail is written beside the verifier")
    p.add_argument("--list", action="store_true", help="list the model ids and their expectations, run nothing")
    args = p.parse_args(argv)
    selected = []
    for word in args.ids or ["all"]:
        if word in models:
            chosen = [word]
        elif word == "all":
            chosen = list(models)
        elif word == "differ-at-3":
            chosen = differ_at_3(expectations)
        elif word in ("implementations", "variants", "mutants"):
            chosen = [i for i, m in models.items() if m["kind"] + "s" == word]
        elif word in concepts_of(models):
            chosen = [i for i, m in models.items() if i.startswith(word + ".") and m["kind"] != "mutant"]
        else:
            bad_input(f"unknown id {word!r}; known ids: {', '.join(models)}; "
                      f"groups: {', '.join(GROUPS + concepts_of(models))}")
        selected += [i for i in chosen if i not in selected]
    args.selected = selected
    args.process_counts = [2, 3] if args.processes == "all" else [int(args.processes)]
    return args


# ------------------------------------------------------------------ building


def spin_version():
    r = subprocess.run(["spin", "-V"], capture_output=True, text=True)
    return r.stdout.strip()


def sources_digest():
    h = hashlib.sha256()
    for path in sorted(HERE.glob("*.pml")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


class Verifier:
    """One compiled pan for (model id, processes), in its own directory."""

    def __init__(self, model, processes, work, args, needs_liveness, digest, version):
        self.model = model
        self.processes = processes
        self.dir = work / model["id"] / f"{processes}-processes"
        self.defines = model["defines"] + [f"-DNPROC={processes}"]
        opt = {"auto": "-O0" if processes == 2 else "-O2", "O0": "-O0", "O2": "-O2"}[args.optimize]
        # -DCOLLAPSE: compressed state storage (the big 3-process models need
        # it more than speed); -DNFAIR=3: room for weak fairness with the
        # never claim; -DSAFETY when the verifier runs no liveness property.
        self.cflags = [opt, "-w", f"-DMEMLIM={args.memory}", "-DCOLLAPSE"]
        self.cflags += ["-DNFAIR=3"] if needs_liveness else ["-DSAFETY"]
        self.key = hashlib.sha256("\n".join([digest, version, " ".join(self.defines), " ".join(self.cflags)])
                                  .encode()).hexdigest()

    def build(self):
        """Returns None when ready, else an error text."""
        stamp = self.dir / "verifier.key"
        if (self.dir / "pan").exists() and stamp.exists() and stamp.read_text() == self.key:
            return None
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)
        for path in HERE.glob("*.pml"):
            shutil.copy(path, self.dir / path.name)
        r = subprocess.run(["spin"] + self.defines + ["-a", self.model["file"]], cwd=self.dir,
                           capture_output=True, text=True)
        if r.returncode != 0 or not (self.dir / "pan.c").exists():
            return "spin -a failed:\n" + r.stdout + r.stderr
        r = subprocess.run(["cc"] + self.cflags + ["-o", "pan", "pan.c"], cwd=self.dir, capture_output=True, text=True)
        if r.returncode != 0:
            return "cc failed:\n" + r.stderr[-3000:]
        stamp.write_text(self.key)
        return None


# ------------------------------------------------------------------- running


class Result:
    def __init__(self, row, verdict, states=None, seconds=None, detail="", trail=None, shared=False):
        self.row = row
        self.verdict = verdict        # proved | refuted | out of time | out of memory | incomplete | error
        self.states = states
        self.seconds = seconds
        self.detail = detail          # what kind of refutation, or the error
        self.trail = trail            # readable steps (list of lines) for a refutation
        self.shared = shared          # decided by the combined all_safety search

    @property
    def decided(self):
        return self.verdict in ("proved", "refuted")

    @property
    def matches(self):
        return self.verdict == self.row["expected"]


def run_pan(verifier, prop, timeout, depth):
    """Runs pan for one property; returns (verdict, states, seconds, detail, output)."""
    cmd = ["./pan", f"-m{depth}", "-w22", "-N", prop]
    if prop in LIVENESS:
        cmd[1:1] = ["-a", "-f"]
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=verifier.dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        seconds = time.monotonic() - started
        return "out of time", last_states(out), seconds, f"stopped after {timeout:g} s", out
    seconds = time.monotonic() - started
    states = stored_states(out)
    if "reached -DMEMLIM bound" in out or "out of memory" in out:
        return "out of memory", states or last_states(out), seconds, "pan ran out of memory (--memory)", out
    error = re.search(r"^pan:1: (.*?)(?: \(at depth (\d+)\))?$", out, re.M)
    errors = re.search(r"errors: (\d+)", out)
    if errors is None:
        return "error", states, seconds, "pan printed no result:\n" + out[-2000:], out
    if int(errors.group(1)) > 0 and error:
        text = error.group(1)
        kind = next((k for k in KIND_TEXT if text.startswith(k)), text)
        return "refuted", states, seconds, kind, out
    if "max search depth too small" in out:
        return "incomplete", states, seconds, f"depth limit {depth} reached", out
    return "proved", states, seconds, "", out


def stored_states(out):
    m = re.search(r"^\s*([\d.e+]+) states, stored", out, re.M)
    return int(float(m.group(1))) if m else None


def last_states(out):
    found = re.findall(r"States=\s*([\d.e+]+)", out)
    return int(float(found[-1])) if found else None


def decide(verifier, prop, args):
    depth = 100_000 if verifier.processes == 2 else 10_000_000
    while True:
        verdict, states, seconds, detail, out = run_pan(verifier, prop, args.timeout, depth)
        if verdict != "incomplete" or depth >= 1_000_000_000:
            return verdict, states, seconds, detail, out
        depth *= 10


def prove_group(model, processes, rows, work, args, digest, version, progress):
    """Builds one verifier and decides its rows; returns [Result]."""
    label = f"{model['id']}, {processes} processes"
    needs_liveness = any(r["property"] in LIVENESS for r in rows)
    verifier = Verifier(model, processes, work, args, needs_liveness, digest, version)
    progress(f"{label}: building the verifier ({' '.join(verifier.defines)}; cc {' '.join(verifier.cflags)})")
    error = verifier.build()
    if error:
        return [Result(r, "error", detail=error) for r in rows]
    results = {}
    safety_rows = [r for r in rows if r["property"] in SAFETY]
    # One search for all safety properties when all are expected to hold.
    if len(safety_rows) > 1 and all(r["expected"] == "proved" for r in safety_rows):
        verdict, states, seconds, detail, _ = decide(verifier, "all_safety", args)
        if verdict == "proved" or not verdict == "refuted":
            for r in safety_rows:
                results[id(r)] = Result(r, verdict, states, seconds, detail, shared=True)
            names = ", ".join(r["property"] for r in safety_rows)
            progress(f"{label}: {names} (one search): {verdict}{fmt_count(states)}, {seconds:.2f} s")
    for r in rows:
        if id(r) in results:
            continue
        verdict, states, seconds, detail, out = decide(verifier, r["property"], args)
        result = Result(r, verdict, states, seconds, detail)
        if verdict == "refuted":
            result.trail = replay(verifier, r["property"])
        results[id(r)] = result
        mark = "" if result.matches else f"  (expected {r['expected']})"
        progress(f"{label}: {r['property']}: {verdict}{fmt_count(states)}, {seconds:.2f} s{mark}")
    return [results[id(r)] for r in rows]


def write_result_lines(results):
    """One JSON line per proof to the file SYNCLAB_RESULTS names (appended; nothing when unset), in the
    checker binaries' shape (tools/results.hpp): layer proof, suite the property, threads the processes,
    verdict proved | refuted | out of time | ..., iterations the states stored; and the expected verdict."""
    path = os.environ.get("SYNCLAB_RESULTS")
    if not path:
        return
    with open(path, "a") as f:
        for res in results:
            r = res.row
            f.write(json.dumps({"layer": "proof", "id": r["id"], "suite": r["property"], "search": "spin",
                                "threads": r["processes"], "verdict": res.verdict, "iterations": res.states or 0,
                                "seconds": round(res.seconds or 0.0, 3),
                                "replay": f"./synclab prove {r['id']} --processes {r['processes']}",
                                "expected": r["expected"]}) + "\n")


def fmt_count(states):
    return f" ({states:,} states)" if states is not None else ""


# ------------------------------------------------------------- trails, readable


def comment_map(directory):
    """(file, line) -> (comment, sub-comment): what a statement on that line stands for.

    A line's own trailing comment; a line inside a multi-line `atomic {`
    whose opening line has a comment gets that comment, with its own (if
    any) as the sub-comment."""
    comments = {}
    for path in directory.glob("*.pml"):
        text = path.read_text()
        # Blank out comments that span lines, keeping the line structure.
        text = re.sub(r"/\*.*?\*/", lambda m: m.group(0) if "\n" not in m.group(0)
                      else "\n" * m.group(0).count("\n"), text, flags=re.S)
        stack = []  # one entry per open brace: the atomic's comment, or None
        for number, line in enumerate(text.splitlines(), 1):
            code = re.sub(r"/\*.*?\*/", "", line)
            found = re.findall(r"/\*\s*(.*?)\s*\*/", line)
            own = found[-1] if found and code.strip() else None
            parent = next((c for c in reversed(stack) if c), None)
            if own and parent and own != parent:
                comments[(path.name, number)] = (parent, own)
            elif own or parent:
                comments[(path.name, number)] = (own or parent, None)
            for ch in code:
                if ch == "{":
                    stack.append(own if "atomic" in code else None)
                elif ch == "}" and stack:
                    stack.pop()
    return comments


def included_files(directory, model_file):
    """The model file and every file it #includes, recursively."""
    files, pending = [], [model_file]
    while pending:
        name = pending.pop()
        if name in files or not (directory / name).exists():
            continue
        files.append(name)
        pending += re.findall(r'^#include\s+"([^"]+)"', (directory / name).read_text(), re.M)
    return files


def fword_names(directory, model_file, processes):
    """fword[i] -> the C++ name, from `#define name fword[expr]` in the models."""
    numbers = {"NPROC": processes}
    names, pattern_names = {}, []
    texts = [(directory / f).read_text() for f in included_files(directory, model_file)]
    for text in texts:
        for name, value in re.findall(r"^#define\s+(\w+)\s+(\d+)\b", text, re.M):
            numbers.setdefault(name, int(value))
    for text in texts:
        for name, expr in re.findall(r"^#define\s+(\w+)\s+fword\[([^\]]+)\]", text, re.M):
            try:
                index = eval(expr, {"__builtins__": {}}, numbers)
            except Exception:
                continue
            names[index] = name
        for name, arg in re.findall(r"^#define\s+(\w+)\((\w+)\)\s+fword\[\2\]", text, re.M):
            pattern_names.append(name)
    for name in pattern_names:
        for i in range(processes):
            names.setdefault(i, f"{name}(p{i})")
    return names


PHASES = {"0": "idle", "1": "trying", "2": "holding"}
HIDDEN = {"wake_left", "nasleep", "alive"}


def show_change(var, value, names):
    m = re.fullmatch(r"(\w+)\[(\d+)\]", var)
    if m and m.group(1) == "phase":
        return f"p{m.group(2)} {PHASES.get(value, value)}"
    if m and m.group(1) == "sleeps_on":
        if value == "255":
            return f"p{m.group(2)} awake"
        return f"p{m.group(2)} asleep on {names.get(int(value), f'fword[{value}]')}"
    if m and m.group(1) == "fword":
        return f"{names.get(int(m.group(2)), var)}={value}"
    return f"{var}={value}"


def initial_values(verifier):
    """The globals' initial values, from spin's symbol table (spin -d)."""
    r = subprocess.run(["spin"] + verifier.defines + ["-d", verifier.model["file"]], cwd=verifier.dir,
                       capture_output=True, text=True)
    values = {}
    for m in re.finditer(r"^\w+\s+\t(\w+)(?:\[(\d+)\])?\t(-?\d+)\t<:global:>", r.stdout, re.M):
        name, size, value = m.groups()
        if size is None:
            values[name] = value
        else:
            for i in range(int(size)):
                values[f"{name}[{i}]"] = value
    return values


def replay(verifier, prop):
    """Replays the trail pan wrote and returns it as readable lines."""
    model_file = verifier.model["file"]
    trail = verifier.dir / f"{model_file}.trail"
    kept = verifier.dir / f"{prop}.trail"
    if not trail.exists():
        return ["(pan wrote no trail)"]
    trail.replace(kept)
    cmd = ["spin"] + verifier.defines + ["-t", "-k", kept.name, "-p", "-g", "-l", "-T", model_file]
    r = subprocess.run(cmd, cwd=verifier.dir, capture_output=True, text=True)
    comments = comment_map(verifier.dir)
    names = fword_names(verifier.dir, model_file, verifier.processes)
    values, steps, current = initial_values(verifier), [], None
    step_re = re.compile(r"^\s*\d+:\s+proc\s+(\d+) \((\w+):\d+\) (\S+?):(\d+) \(state \d+\)\s+\[(.*)\]\s*$")
    var_re = re.compile(r"^\s+([A-Za-z_][\w\.]*(?:\(\d+\):\w+)?(?:\[\d+\])?(?:\.\w+)?) = (.*)$")
    for line in r.stdout.splitlines():
        m = step_re.match(line)
        if m:
            proc, role, file, number, statement = m.groups()
            comment = comments.get((file, int(number)))
            key = (proc, comment[0] if comment else f"{file}:{number}")
            if current is None or current["key"] != key:
                current = {"key": key, "proc": proc, "role": role, "comment": comment, "statements": [],
                           "changes": [], "locals": []}
                steps.append(current)
            elif comment and comment[1] and comment[1] not in (current["comment"][1] or ""):
                current["comment"] = (current["comment"][0], comment[1])
            current["statements"].append(statement)
            continue
        m = var_re.match(line)
        if m and current is not None:
            var, value = m.groups()
            local = re.match(r"\w+\((\d+)\):(\w+)$", var)
            if var.split("[")[0] in HIDDEN or (local and local.group(1) != current["proc"]):
                continue
            if values.get(var, "0") != value:
                values[var] = value
                text = f"{local.group(2)}={value}" if local else show_change(var, value, names)
                if local:
                    current["locals"].append(text)
                elif text not in current["changes"]:
                    current["changes"].append(text)
            continue
        if "START OF CYCLE" in line:
            steps.append({"marker": "-- from here the run repeats forever (the cycle Spin found) --"})
            current = None
        elif "Error: assertion violated" in line:
            steps.append({"marker": "-- here the property fails --"})
            current = None
        elif line.startswith("#processes"):
            break
    lines, last_key = [], {}
    for s in steps:
        if "marker" in s:
            lines.append(s["marker"])
            last_key = {}
            continue
        if not s["comment"] and not s["changes"]:
            continue  # bookkeeping: resetting locals
        if last_key.get(s["proc"]) == s["key"] and not s["changes"]:
            continue  # the rest of a line this process already showed (else; skip)
        last_key[s["proc"]] = s["key"]
        who = f"p{s['proc']}" + (f" ({s['role']})" if s["role"] != "client" else "")
        if s["comment"]:
            text, sub = s["comment"]
            ref = ""
            m = re.match(rf"(\w+\.hpp:\({LABEL}\))\s+(.*)", text)
            if m:
                ref, text = m.group(1), m.group(2)
            if sub:
                text += f" ({sub})"
            if ref:
                text += f"  [{ref}]"
        else:
            text = "; ".join(s["statements"])
        changes = ", ".join(s["changes"] + ([f"(p{s['proc']}: {', '.join(s['locals'])})"] if s["locals"] and s["comment"] else []))
        lines.append(f"{who}: {text}" + (f"   => {changes}" if changes else ""))
    (verifier.dir / f"{prop}.steps.txt").write_text("\n".join(lines) + "\n")
    return lines


def print_trail(result, args, verifier_dir):
    lines = result.trail or []
    numbered, n = [], 0
    for line in lines:
        if line.startswith("--"):
            numbered.append(f"        {line}")
        else:
            n += 1
            numbered.append(f"  {n:4d}  {line}")
    limit = args.trail_steps
    if limit and len(numbered) > limit:
        head, tail = numbered[:20], numbered[-(limit - 20):]
        numbered = head + [f"        ... {len(lines) - limit} steps left out (all of them: "
                           f"{verifier_dir / (result.row['property'] + '.steps.txt')}) ..."] + tail
    for line in numbered:
        say(line)


# ------------------------------------------------------------------ registry


REGISTRY_FIELDS = {
    "mutex_properties.starvation_free": ("mutex", "starvation-free"),
    "semaphore_properties.starvation_free": ("semaphore", "starvation-free"),
    "condvar_properties.starvation_free": ("condvar", "starvation-free"),
    "rwlock_properties.writers_starvation_free": ("rwlock", "writers-starvation-free"),
    "rwlock_properties.readers_starvation_free": ("rwlock", "readers-starvation-free"),
}


def concepts_of(models):
    """The concepts that have Spin models (a group each): the part of each model id before its first dot."""
    return tuple(dict.fromkeys(i.split(".")[0] for i in models))


def registry_check(info, models, expectations):
    """Compares the registry:/disputes: rows with synclab_info; returns problems."""
    r = subprocess.run([str(info), "--json"], capture_output=True, text=True)
    if r.returncode != 0:
        return [f"{info} --json failed: {r.stderr.strip()}"], []
    registry = {}
    mutants = set()
    for c in json.loads(r.stdout)["concepts"]:
        for e in c["implementations"]:
            registry[e["id"]] = (c["name"], {name for name, on in e["properties"].items() if on})
        mutants.update(m["id"] for m in c["mutants"])
    problems, notes = [], []
    # A Spin mutant is the Promela variant of a mutant of the registry (the
    # same broken protocol, checked by every layer), never one of its own.
    for m in models.values():
        if m["kind"] == "mutant" and m["id"] not in mutants:
            problems.append(f"models.tsv: the mutant {m['id']} is not a mutant of the registry "
                            "(primitives/<c>/mutants.hpp); Spin's mutants are variants of those")
    for row in expectations:
        basis = row["basis"]
        if not basis.startswith(("registry:", "disputes:")):
            continue
        kind, field = basis.split(":", 1)
        where = f"expectations.tsv:{row['line']} ({row['id']} {row['property']} {row['processes']})"
        if field not in REGISTRY_FIELDS:
            problems.append(f"{where}: unknown registry field {field}; known: {', '.join(REGISTRY_FIELDS)}")
            continue
        if row["id"] not in registry:
            problems.append(f"{where}: {row['id']} is not in the registry")
            continue
        concept, flag = REGISTRY_FIELDS[field]
        claimed = flag in registry[row["id"]][1]
        says = f"the registry says {field} = {'true' if claimed else 'false'}"
        if kind == "registry" and (row["expected"] == "proved") != claimed:
            problems.append(f"{where}: expects {row['expected']}, but {says}")
        if kind == "disputes":
            if (row["expected"] == "proved") == claimed:
                problems.append(f"{where}: marked as disputing the registry, but {says}, which agrees: "
                                f"make the basis registry:{field}")
            else:
                note = f"{row['id']}: {says}; Spin shows {row['property']} {row['expected']}: {row['note']}"
                if note not in notes:
                    notes.append(note)
    modelled = {m["id"] for m in models.values() if m["kind"] == "implementation"}
    missing = sorted(i for i in registry if i not in modelled)
    if missing:
        notes.append("registered but not modelled in Spin: " + ", ".join(missing))
    return problems, notes


def find_registry(args):
    if args.registry == "none":
        return None
    if args.registry != "auto":
        path = Path(args.registry)
        if not path.exists():
            bad_input(f"--registry: no such file {args.registry!r} (give the path of synclab_info, or none)")
        return path
    path = REPO / "build" / "tools" / "synclab_info"
    return path if path.exists() else None


# ---------------------------------------------------------------- references
#
# A model cites a header line by its label, not its number: `futex_mutex.hpp:(B)`
# names the line of futex_mutex.hpp whose trailing comment starts with `(B)`
# (`while (word_.exchange(...) != unlocked) {  // (B)`). A label is the
# transition's name in the header's top comment where it has one, else a short
# name of the step or the word; it is unique within its header. The cited code
# is the labelled line's statement (with the lines it continues over), comments
# left out: moving it or rewording a comment changes nothing, changing its code
# fails the check until the model is re-read and the references re-recorded.

REFERENCES_TSV = HERE / "references.tsv"
LABEL = r"[A-Za-z][\w.-]*"
REF_RE = re.compile(rf"\b(\w+\.hpp):\(({LABEL})\)")
LINE_REF_RE = re.compile(r"(\b\w+\.hpp|(?<=[\s(,])):(\d+(?:-\d+)?)\b")  # futex_mutex.hpp:99, or a bare :99
LABEL_COMMENT_RE = re.compile(rf"\s*\(({LABEL})\)")


def header_paths():
    paths = {}
    for path in sorted((REPO / "primitives").rglob("*.hpp")):
        paths.setdefault(path.name, []).append(path)
    return paths


def cited_references():
    """[(model file, model line, header name, label)] from the models' text, comments included."""
    refs = []
    for path in sorted(HERE.glob("*.pml")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for name, label in REF_RE.findall(line):
                refs.append((path.name, number, name, label))
    return refs


def line_number_references():
    """[(model file, model line, the reference)]: citations by line number, which the labels replaced."""
    return [(path.name, number, f"{name}:{lines}")
            for path in sorted(HERE.glob("*.pml"))
            for number, line in enumerate(path.read_text().splitlines(), 1)
            for name, lines in LINE_REF_RE.findall(line)]


def split_comment(line):
    """(code, comment) of a C++ line: the comment is what follows the first //."""
    at = line.find("//")
    return (line, "") if at < 0 else (line[:at], line[at + 2:])


def header_labels(lines):
    """label -> [0-based line index] of every line whose trailing comment starts with (label)."""
    labels = {}
    for index, line in enumerate(lines):
        code, comment = split_comment(line)
        m = LABEL_COMMENT_RE.match(comment)
        if code.strip() and m:
            labels.setdefault(m.group(1), []).append(index)
    return labels


def labelled_code(lines, index):
    """The code of the statement on line `index`: back to the line after one that ends a
    statement, on to the line that ends it (;, { or }), at most 8 lines each way; comments
    left out, each line stripped, joined by \\n (as references.tsv writes it)."""
    def code(i):
        return split_comment(lines[i])[0].strip()

    def ends(text):
        return not text or text.endswith((";", "{", "}", ":")) or text.startswith("#")
    first = index
    while first > 0 and index - first < 8 and not ends(code(first - 1)):
        first -= 1
    last = index
    while last + 1 < len(lines) and last - index < 8 and not ends(code(last)):
        last += 1
    return "\\n".join(code(i) for i in range(first, last + 1) if code(i))


def check_references(record):
    """Every labelled header line a model cites still has the code it had when
    the models were last checked against it (references.tsv). Returns problems."""
    headers, problems, rows = header_paths(), [], {}
    if REFERENCES_TSV.exists() and not record:
        for line in REFERENCES_TSV.read_text().splitlines():
            if line and not line.startswith("#"):
                ref, text = line.split("\t", 1)
                rows[ref] = text
    for model, number, ref in line_number_references():
        problems.append(f"{model}:{number}: {ref} cites a line number: cite the line's label instead "
                        f"(header.hpp:(label); label the line with a trailing // (label) comment if it has none)")
    cited = {}  # header:(label) -> the models' lines that cite it
    for model, number, name, label in cited_references():
        cited.setdefault((name, label), []).append(f"{model}:{number}")
    seen, order, parsed = {}, {}, {}
    for (name, label), sites in cited.items():
        key = f"{name}:({label})"
        where = f"{key} (cited at {', '.join(sites)})"
        if name not in headers:
            problems.append(f"{where}: no header {name} under primitives/")
            continue
        if len(headers[name]) > 1:
            problems.append(f"{where}: {name} is ambiguous: " + ", ".join(str(p) for p in headers[name]))
            continue
        if name not in parsed:
            lines = headers[name][0].read_text().splitlines()
            labels = header_labels(lines)
            parsed[name] = (lines, labels)
            for dup, at in sorted(labels.items()):
                if len(at) > 1:
                    problems.append(f"{name}: the label ({dup}) is on lines " + ", ".join(str(i + 1) for i in at)
                                    + ": a label must be unique within its header")
        lines, labels = parsed[name]
        if label not in labels:
            problems.append(f"{where}: no line of {name} is labelled ({label}) (a trailing // ({label}) comment); "
                            f"its labels: " + " ".join(f"({l})" for l in sorted(labels)))
            continue
        index = labels[label][0]
        text = labelled_code(lines, index)
        seen[key] = text
        order[key] = (name, index)
        if record:
            continue
        if key not in rows:
            problems.append(f"{where}: not recorded in references.tsv (check the model against the header, "
                            f"then run prove.py --record-references)")
        elif rows[key] != text:
            was, now = rows[key].split("\\n"), text.split("\\n")
            i = next((i for i, (a, b) in enumerate(zip(was, now)) if a != b), min(len(was), len(now)))
            problems.append(f"{where}: the code labelled ({label}), now at {name}:{index + 1}, changed: "
                            f"was `{was[i] if i < len(was) else '(nothing)'}`, now "
                            f"`{now[i] if i < len(now) else '(nothing)'}`: re-read the model against the header, "
                            f"then run prove.py --record-references")
    for key in sorted(set(rows) - {f"{n}:({l})" for n, l in cited}):
        problems.append(f"references.tsv: {key} is recorded but no model cites it: run prove.py --record-references")
    if record and not problems:
        body = ["# The header code each reference of the models cites, as it was when the models were last",
                "# checked against the headers (prove.py --record-references). A reference names a header and",
                "# a label, the trailing `// (label)` comment of the cited line; the text is that line's statement,",
                "# comments left out. prove.py --check-references finds the line by its label wherever it moved",
                "# and fails when its code changed. Columns: reference, code (\\n between lines)."]
        body += [f"{k}\t{seen[k]}" for k in sorted(seen, key=lambda k: order[k])]
        REFERENCES_TSV.write_text("\n".join(body) + "\n")
    return problems


# --------------------------------------------------------------------- main


def main(argv):
    models, expectations = load_tables()
    args = parse_args(argv, models, expectations)

    if args.list:
        for i in args.selected:
            m = models[i]
            rows = [r for r in expectations if r["id"] == i and r["processes"] in args.process_counts]
            say(f"{i:34} {m['kind']:15} {m['file']:22} {' '.join(m['defines']) or '-'}")
            say(f"    {m['what']}")
            for r in rows:
                say(f"    {r['processes']} processes  {r['property']:20} {r['expected']:8} {r['basis']}")
        return 0

    if args.check_references or args.record_references:
        problems = check_references(record=args.record_references)
        for problem in problems:
            say(f"REFERENCE: {problem}")
        refs = cited_references()
        count = f"{len(refs)} references to {len({(name, label) for _, _, name, label in refs})} labelled header lines"
        if args.record_references and not problems:
            say(f"recorded {REFERENCES_TSV.name}: {count}")
        else:
            say(f"{count}: {'OK' if not problems else f'{len(problems)} problems'}")
        return 1 if problems else 0

    info = find_registry(args)
    registry_problems = []
    if info is not None:
        registry_problems, registry_notes = registry_check(info, models, expectations)
        for note in registry_notes:
            say(f"registry: {note}")
        for problem in registry_problems:
            say(f"REGISTRY MISMATCH: {problem}")
    elif args.check_expectations:
        bad_input("--check-expectations needs synclab_info: build it (target synclab_info) or pass --registry PATH")
    else:
        say("registry: not checked (no build/tools/synclab_info; pass --registry PATH)")
    if args.check_expectations:
        say(f"expectations vs registry: {'OK' if not registry_problems else 'MISMATCH'}")
        return 1 if registry_problems else 0

    for tool in ("spin", "cc"):
        if shutil.which(tool) is None:
            say(f"prove.py: {tool} is not installed (Debian: apt-get install {'spin' if tool == 'spin' else 'gcc'})")
            return 1

    rows = [r for r in expectations if r["id"] in args.selected and r["processes"] in args.process_counts]
    for i in args.selected:
        if not any(r["id"] == i for r in expectations):
            say(f"prove.py: {i} has no rows in expectations.tsv")
            return 1
    groups = {}
    for r in rows:
        groups.setdefault((r["id"], r["processes"]), []).append(r)
    order = sorted(groups, key=lambda k: (k[1], list(models).index(k[0])))

    temp = None
    if args.work_dir:
        work = Path(args.work_dir).resolve()
    elif (REPO / "build").is_dir():
        work = REPO / "build" / "promela"
    else:
        temp = tempfile.mkdtemp(prefix="synclab-promela-")
        work = Path(temp)
    work.mkdir(parents=True, exist_ok=True)
    digest, version = sources_digest(), spin_version()
    say(f"{version}; {len(rows)} proofs of {len(order)} models in {work}; "
        f"{args.timeout:g} s per proof, {args.memory} MiB per verifier")

    done = [0]

    def progress_for(key):
        index = order.index(key) + 1

        def progress(msg):
            say(f"[{index:2d}/{len(order)}] {msg}")
        return progress

    started = time.monotonic()
    results = []
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = {key: pool.submit(prove_group, models[key[0]], key[1], groups[key], work, args, digest,
                                        version, progress_for(key)) for key in order}
            for key in order:
                results += futures[key].result()
                done[0] += 1
    finally:
        if temp:
            shutil.rmtree(temp, ignore_errors=True)
    elapsed = time.monotonic() - started

    # Counterexamples.
    for res in results:
        if res.verdict == "refuted":
            r = res.row
            say("")
            say(f"COUNTEREXAMPLE {r['id']} {r['property']}, {r['processes']} processes: "
                f"{KIND_TEXT.get(res.detail, res.detail)} ({res.detail})")
            print_trail(res, args, work / r["id"] / f"{r['processes']}-processes")
        elif res.verdict == "error":
            say("")
            say(f"ERROR {res.row['id']} {res.row['property']}, {res.row['processes']} processes: {res.detail}")

    write_result_lines(results)

    # The table.
    say("")
    head = ["property", "id", "proc", "result", "states", "time", "expected", "match"]
    table = []
    key = lambda res: (PROPERTY_ORDER.index(res.row["property"]), list(models).index(res.row["id"]),
                       res.row["processes"])
    for res in sorted(results, key=key):
        r = res.row
        match = "yes" if res.matches else ("NO" if res.decided else "not decided")
        states = f"{res.states:,}" if res.states is not None else "-"
        seconds = f"{res.seconds:.2f} s" if res.seconds is not None else "-"
        if res.shared:
            seconds += " *"
        table.append([r["property"], r["id"], str(r["processes"]), res.verdict, states, seconds, r["expected"], match])
    widths = [max(len(x) for x in col) for col in zip(head, *table)]
    fmt = lambda cells: "  ".join(c.ljust(w) if i not in (4, 5) else c.rjust(w) for i, (c, w) in
                                  enumerate(zip(cells, widths)))
    say(fmt(head))
    say(fmt(["-" * w for w in widths]))
    for cells in table:
        say(fmt(cells))
    if any(res.shared for res in results):
        say("* one search decided all the safety properties of that model (the all_safety claim)")

    mismatches = [res for res in results if res.decided and not res.matches]
    undecided = [res for res in results if not res.decided]
    say("")
    say(f"{len(results)} proofs in {elapsed:.1f} s: {sum(res.matches for res in results)} as expected, "
        f"{len(mismatches)} not as expected, {len(undecided)} not decided")
    for res in undecided:
        r = res.row
        say(f"  not decided: {r['id']} {r['property']}, {r['processes']} processes: {res.verdict}"
            + (f" ({res.detail.splitlines()[0]})" if res.detail else ""))
    for res in mismatches:
        r = res.row
        say(f"  MISMATCH: {r['id']} {r['property']}, {r['processes']} processes: {res.verdict}, "
            f"expected {r['expected']} ({r['basis']})")
    failed = bool(mismatches) or bool(registry_problems) or any(res.verdict == "error" for res in results)
    if args.strict and undecided:
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
