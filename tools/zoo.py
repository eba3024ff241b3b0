#!/usr/bin/env python3
"""The bug zoo's detection matrix: every checker on every mutant, within a budget.

  python3 tools/zoo.py [ID ...] [--budget SECONDS] [--out DIR] [--no-correct]
                       [--checkers LIST] [--expected-by CHECKER]

Rows are the mutants (the families' lists, primitives/<family>/mutants.hpp,
as the binaries list them, and the Spin mutants of proofs/models.tsv);
columns are the checkers:

  relacy-full     synclab_model ID --search full    (2 threads, every interleaving, to a cap)
  relacy-bound    synclab_model ID --search bound   (3 threads, context bound 2)
  relacy-random   synclab_model ID --search random  (4 threads, random interleavings)
  tsan            synclab_stress ID --threads 2     (ThreadSanitizer + the watchdog)
  spin            prove.py ID --processes 2         (where a protocol model of the mutant exists)
  rapidcheck      synclab_properties --id=ID        (the property layer: sequential models, concurrent
                                                     histories, the linearizability checker; hang limit 2 s)

A cell is caught (with the wall time and, for Relacy, the iteration and the
verdict), missed (the check ended or the budget ran out without a failure), or
n/a (no such check for that id). Every verdict is read from the checkers'
result lines (one JSON object per check, written to the file SYNCLAB_RESULTS
names: tools/results.hpp), never from their printed output. The correct implementations run under the same
budgets: any failure there is a false alarm. Writes DIR/zoo.md and DIR/zoo.json
(default out/report/) and exits 1 when a mutant is missed by a checker its
family expects to catch it (the Relacy verdict of --list-mutants, the stress
and property verdicts of their binaries' --list-mutants), when no Relacy search reports the verdict
--list-mutants expects (LOST_WAKE_UP, DATA_RACE, ...), when a mutant is caught
by no checker, or on a false alarm; 2 on bad input.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
MODEL = BUILD / "models" / "synclab_model"
STRESS = BUILD / "stress" / "synclab_stress"
PROPERTY = BUILD / "properties" / "synclab_properties"
INFO = BUILD / "tools" / "synclab_info"
PROVE = ROOT / "proofs" / "prove.py"
MODELS_TSV = ROOT / "proofs" / "models.tsv"

CHECKERS = ["relacy-full", "relacy-bound", "relacy-random", "tsan", "spin", "rapidcheck"]
RELACY_SEARCH = {"relacy-full": "full", "relacy-bound": "bound", "relacy-random": "random"}


def say(msg):
    print(f"zoo: {msg}", flush=True)


def bad_input(msg):
    print(f"zoo: {msg}", file=sys.stderr, flush=True)
    sys.exit(2)


def lines_of(cmd):
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    return [l.split() for l in r.stdout.splitlines() if l.strip()] if r.returncode == 0 else []


def timed(cmd, budget, env=None):
    """Runs cmd for at most budget seconds: (exit code or None on time-out, output, wall seconds)."""
    t0 = time.monotonic()
    try:
        r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=budget, env=env)
        return r.returncode, r.stdout + r.stderr, time.monotonic() - t0
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace") + (e.stderr or b"").decode(errors="replace")
        return None, out, time.monotonic() - t0


def checked(cmd, budget, env=None):
    """Runs a checker as timed() does, with SYNCLAB_RESULTS set: (exit code or None, output, wall seconds, its
    result lines (tools/results.hpp), one dict per check, in order). The verdicts come from the lines only;
    the output is kept for a cell's detail when a run ends without one."""
    with tempfile.TemporaryDirectory(prefix="synclab-zoo-") as tmp:
        path = Path(tmp) / "results.jsonl"
        rc, out, wall = timed(cmd, budget, dict(env or os.environ, SYNCLAB_RESULTS=str(path)))
        lines = [json.loads(l) for l in path.read_text().splitlines() if l.strip()] if path.exists() else []
    return rc, out, wall, lines


def first_failure(lines, passing=("pass",)):
    return next((l for l in lines if l["verdict"] not in passing), None)


def last_line_of(out):
    return out.strip().splitlines()[-1] if out.strip() else ""


def cell(status, seconds=None, detail="", verdict=None):
    """A matrix cell; `verdict` is the failing result line's verdict (DATA_RACE, data-race, violation, ...)."""
    c = {"status": status, "seconds": None if seconds is None else round(seconds, 3), "detail": detail}
    if verdict:
        c["verdict"] = verdict
    return c


def run_relacy(ident, search, budget):
    # --minimize 0: the time to detection, not to the minimal counterexample.
    rc, out, wall, lines = checked([MODEL, ident, "--search", search, "--minimize", "0"], budget)
    failure = first_failure(lines)
    if failure:
        return cell("caught", wall, f"{failure['verdict']} in {failure['suite']}, {failure['threads']} threads, "
                                    f"iteration {failure['iterations']}", failure["verdict"])
    if rc == 2 and not lines:
        # The id's suites do not run under this search (the binary says why; it is bad input to it).
        return cell("n/a", None, last_line_of(out))
    if rc is None:
        return cell("missed", wall, "budget ran out")
    if rc == 0:
        return cell("missed", wall, "search ended without a failure")
    return cell("error", wall, f"exit {rc}: {last_line_of(out)}")


def run_tsan(ident, budget):
    seconds = max(1.0, min(5.0, budget - 3.0))
    cmd = [STRESS, ident, "--threads", "2", "--seconds", f"{seconds:g}", "--watchdog", "2"]
    # Stop at the first report, so the wall time is the time to detection.
    env = dict(os.environ, TSAN_OPTIONS=(os.environ.get("TSAN_OPTIONS", "") + " halt_on_error=1").strip())
    rc, out, wall, lines = checked(cmd, budget, env)
    if not lines and rc not in (0, None) and shutil.which("setarch"):
        # TSan cannot start under this address-space layout: again without randomization.
        rc, out, wall, lines = checked(["setarch", os.uname().machine, "-R"] + cmd, budget, env)
    failure = first_failure(lines)
    if failure:
        what = {"data-race": "TSan: data race", "hang": "watchdog: no progress (hang)"}.get(failure["verdict"],
                                                                                         failure["verdict"])
        return cell("caught", wall, f"{what} in {failure['suite']}", failure["verdict"])
    if rc not in (0, None):
        return cell("error", wall, f"exit {rc} without a result line: {last_line_of(out)}"[:160])
    return cell("missed", wall, "budget ran out" if rc is None else "ran clean")


def run_spin(ident, budget):
    rc, out, wall, lines = checked([sys.executable, PROVE, ident, "--processes", "2", "--registry", "none",
                                    "--timeout", f"{max(1, int(budget))}"], budget + 30)
    refuted = [l["suite"] for l in lines if l["verdict"] == "refuted"]
    if "~" in ident:
        if refuted:
            return cell("caught", wall, "refuted: " + ", ".join(refuted))
        return cell("missed", wall, "every property proved" if lines else "no result")
    # a correct implementation: every proof as its expectation says
    wrong = [l for l in lines if l["verdict"] != l["expected"]]
    if lines and not wrong and rc == 0:
        return cell("clean", wall, f"{len(lines)} properties as expected")
    return cell("false alarm", wall, ", ".join(f"{l['suite']} {l['verdict']}" for l in wrong) or f"exit {rc}")


# A run that blocks this long is a hang: short, so that the watchdog reports
# it well inside the budget (a correct implementation's run takes milliseconds).
PROPERTY_HANG_LIMIT_S = 2


def run_rapidcheck(ident, budget):
    """The property binary again and again with fresh seeds until it fails or the budget is spent (one pass of
    its cases takes well under a second for most ids). Shrinking is off (RC_PARAMS noshrink=1): the cell's time
    is the time to detection, as for the other checkers; `synclab_properties --id=ID` alone shrinks."""
    started = time.monotonic()
    passes = 0
    tests = "?"
    while True:
        left = budget - (time.monotonic() - started)
        if left <= 0.05:
            break
        passes += 1
        env = dict(os.environ, RC_PARAMS=f"noshrink=1 seed={passes}")
        rc, out, _, lines = checked([PROPERTY, f"--id={ident}", f"--hang-limit={PROPERTY_HANG_LIMIT_S}",
                                     "--gtest_fail_fast"], left, env)
        wall = time.monotonic() - started
        if rc is None:
            break
        failure = first_failure(lines)
        if rc == 0 and failure is None:
            tests = str(len(lines))
            continue
        verdict = failure["verdict"] if failure else None
        if failure:
            detail = f"{failure['verdict'].upper()} in {failure['suite']}"
        elif rc < 0:
            detail = f"CRASH (signal {-rc})"
        else:
            detail = f"exit {rc} without a failing result line: {last_line_of(out)}"[:160]
        detail += f", pass {passes} (seed {passes})"
        return cell("caught" if "~" in ident else "false alarm", wall, detail, verdict)
    wall = time.monotonic() - started
    what = f"{passes - 1} passes of {tests} tests each, every one passed" if passes > 1 else "budget ran out"
    return cell("missed" if "~" in ident else "clean", wall, what)


def spin_mutants():
    ids = set()
    for line in MODELS_TSV.read_text().splitlines():
        fields = line.split("\t")
        if len(fields) >= 2 and not line.startswith("#") and fields[1] in ("mutant", "implementation"):
            ids.add(fields[0])
    return ids


def main(argv):
    p = argparse.ArgumentParser(prog="synclab zoo", description=__doc__.split("\n\n")[0])
    p.add_argument("ids", nargs="*", metavar="ID", help="mutant or implementation ids (default: every mutant and "
                   "every implementation)")
    p.add_argument("--budget", type=float, default=10.0, help="seconds each checker may spend on one id (default 10)")
    p.add_argument("--out", default=str(ROOT / "out" / "report"), help="where zoo.md and zoo.json go")
    p.add_argument("--no-correct", action="store_true", help="skip the correct implementations (no false-alarm row)")
    p.add_argument("--checkers", help="comma-separated columns to run (default: all): " + ", ".join(CHECKERS))
    p.add_argument("--expected-by", metavar="CHECKER", choices=["tsan", "rapidcheck"],
                   help="only the mutants whose list expects CHECKER (tsan or rapidcheck) to catch them")
    args = p.parse_args(argv)
    columns = CHECKERS
    if args.checkers:
        columns = [c.strip() for c in args.checkers.split(",") if c.strip()]
        wrong = [c for c in columns if c not in CHECKERS]
        if wrong or not columns:
            bad_input(f"--checkers takes a comma-separated subset of {', '.join(CHECKERS)}, got {args.checkers!r}")
    if not 1 <= args.budget <= 600:
        bad_input(f"--budget takes seconds from 1 to 600, got {args.budget:g}")
    for binary in (MODEL, STRESS, PROPERTY, INFO):
        if not binary.exists():
            bad_input(f"{binary.relative_to(ROOT)} is missing: build first (./synclab build)")

    model_mutants = {row[0]: row[1] for row in lines_of([MODEL, "--list-mutants"])}
    stress_mutants = {row[0]: row[1] for row in lines_of([STRESS, "--list-mutants"])}
    property_ids = {row[0] for row in lines_of([PROPERTY, "--list"])}
    property_mutants = {row[0]: row[1] for row in lines_of([PROPERTY, "--list-mutants"])}
    property_ids |= set(property_mutants)
    info = subprocess.run([str(INFO), "--json"], capture_output=True, text=True)
    if info.returncode != 0:
        bad_input(f"{INFO.relative_to(ROOT)} --json failed: {info.stderr.strip()}")
    implementations = [e["id"] for c in json.loads(info.stdout)["concepts"] for e in c["implementations"]]
    promela = spin_mutants()
    mutants = sorted(set(model_mutants) | set(stress_mutants) | {i for i in promela if "~" in i})
    known = mutants + implementations
    if args.ids:
        unknown = [i for i in args.ids if i not in known]
        if unknown:
            bad_input(f"unknown id {unknown[0]!r}; known: {', '.join(known)}")
        chosen = args.ids
    else:
        chosen = mutants + ([] if args.no_correct else implementations)
    if args.expected_by:
        wanted = stress_mutants if args.expected_by == "tsan" else property_mutants
        chosen = [i for i in chosen if "~" not in i or wanted.get(i) not in (None, "not-asserted")]

    def applies(checker, ident):
        if checker in RELACY_SEARCH:
            return ident in model_mutants or ident in implementations
        if checker == "tsan":
            return ident in stress_mutants or ident in implementations
        if checker == "spin":
            return ident in promela
        return ident in property_ids

    results = []
    started = time.monotonic()
    for n, ident in enumerate(chosen, 1):
        row = {"id": ident, "mutant": "~" in ident, "expected_model": model_mutants.get(ident),
               "expected_stress": stress_mutants.get(ident), "expected_property": property_mutants.get(ident),
               "cells": {}}
        for checker in CHECKERS:
            if checker not in columns:
                row["cells"][checker] = cell("not run")
                continue
            if not applies(checker, ident):
                row["cells"][checker] = cell("n/a")
                continue
            if checker in RELACY_SEARCH:
                c = run_relacy(ident, RELACY_SEARCH[checker], args.budget)
                if not row["mutant"]:
                    c = cell("false alarm" if c["status"] == "caught" else "clean", c["seconds"],
                             c["detail"] if c["status"] == "caught" else "", c.get("verdict"))
            elif checker == "tsan":
                c = run_tsan(ident, args.budget)
                if not row["mutant"]:
                    c = cell("false alarm" if c["status"] == "caught" else "clean", c["seconds"],
                             c["detail"] if c["status"] == "caught" else "", c.get("verdict"))
            elif checker == "spin":
                c = run_spin(ident, args.budget)
            else:
                c = run_rapidcheck(ident, args.budget)
            row["cells"][checker] = c
        caught = [k for k, c in row["cells"].items() if c["status"] == "caught"]
        fastest = min((row["cells"][k]["seconds"] for k in caught), default=None)
        row["fastest_s"] = fastest
        say(f"[{n}/{len(chosen)}] {ident}: " + (
            (f"caught by {', '.join(caught)}" + (f" (fastest {fastest:.2f} s)" if fastest is not None else ""))
            if row["mutant"] else
            ("no false alarm" if not any(c["status"] == "false alarm" for c in row["cells"].values())
             else "FALSE ALARM")) + f"  [{time.monotonic() - started:.0f} s]")
        results.append(row)

    problems = judge(results)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    summary = summarize(results)
    (out / "zoo.json").write_text(json.dumps({"budget_s": args.budget, "date": time.strftime("%Y-%m-%d %H:%M"),
                                              "checkers": CHECKERS, "rows": results, "summary": summary,
                                              "problems": problems}, indent=1) + "\n")
    md = render(results, summary, problems, args.budget)
    (out / "zoo.md").write_text(md)
    print(md)
    say(f"wrote {out / 'zoo.md'} and zoo.json in {time.monotonic() - started:.0f} s")
    for line in problems:
        say("PROBLEM: " + line)
    return 1 if problems else 0


def judge(results):
    problems = []
    for row in results:
        cells = row["cells"]
        if not row["mutant"]:
            for k, c in cells.items():
                if c["status"] in ("false alarm", "error"):
                    problems.append(f"{row['id']}: {k}: {c['status']} ({c['detail']})")
            continue
        ran = lambda k: cells[k]["status"] != "not run"
        if all(ran(k) for k in cells) and not any(c["status"] == "caught" for c in cells.values()):
            problems.append(f"{row['id']}: caught by no checker")
        expect_model = row["expected_model"] if all(ran(k) for k in RELACY_SEARCH) else None
        if expect_model and not any(cells[k]["status"] == "caught" for k in RELACY_SEARCH):
            problems.append(f"{row['id']}: Relacy expected to report {row['expected_model']}, no search did")
        elif expect_model and not any(relacy_verdict(cells[k]) == expect_model for k in RELACY_SEARCH):
            got = ", ".join(sorted({relacy_verdict(cells[k]) for k in RELACY_SEARCH if cells[k]["status"] == "caught"}))
            problems.append(f"{row['id']}: Relacy expected to report {row['expected_model']}, its searches reported {got}")
        if row["expected_stress"] not in (None, "not-asserted") and ran("tsan") and cells["tsan"]["status"] != "caught":
            problems.append(f"{row['id']}: the stress harness expected to report {row['expected_stress']}, it did not")
        if (row.get("expected_property") not in (None, "not-asserted") and ran("rapidcheck")
                and cells["rapidcheck"]["status"] != "caught"):
            problems.append(f"{row['id']}: the property layer expected to report a {row['expected_property']}, "
                            f"it did not ({cells['rapidcheck']['detail']})")
        for k, c in cells.items():
            if c["status"] == "error":
                problems.append(f"{row['id']}: {k}: {c['detail']}")
    return problems


def relacy_verdict(c):
    """A caught Relacy cell's verdict as --list-mutants spells it (LOST_WAKE_UP, CRASH, ...), else None."""
    return c.get("verdict") if c["status"] == "caught" else None


def summarize(results):
    mutants = [r for r in results if r["mutant"]]
    summary = {}
    for k in CHECKERS:
        ran = [r["cells"][k] for r in mutants if r["cells"][k]["status"] not in ("n/a", "not run")]
        caught = [c["seconds"] for c in ran if c["status"] == "caught"]
        summary[k] = {"ran": len(ran), "caught": len(caught),
                      "median_s": round(statistics.median(caught), 3) if caught else None}
    fastest = [r["fastest_s"] for r in mutants if r["fastest_s"] is not None]
    summary["any"] = {"ran": len(mutants), "caught": len(fastest),
                      "median_s": round(statistics.median(fastest), 3) if fastest else None,
                      "within_10s": sum(1 for s in fastest if s <= 10.0)}
    return summary


def render(results, summary, problems, budget):
    def show(c):
        if c["status"] == "n/a":
            return "n/a"
        t = f" {c['seconds']:.2f} s" if c["seconds"] is not None else ""
        if c["status"] == "caught":
            verdict = c.get("verdict", "")
            return f"**caught**{t}" + (f" ({verdict})" if verdict else "")
        return f"{c['status']}{t}"

    lines = [f"# The bug zoo: which checker catches which mutant", "",
             f"{time.strftime('%Y-%m-%d %H:%M')}, budget {budget:g} s per checker and id, "
             f"{os.cpu_count()} cores. A mutant is a registered implementation with one fault "
             "(primitives/<family>/mutants.hpp); the correct implementations run under the same budgets.", "",
             "## Per checker", "", "| checker | mutants it ran on | caught | share | median time to detection |",
             "| --- | --- | --- | --- | --- |"]
    for k in CHECKERS + ["any"]:
        s = summary[k]
        share = f"{100 * s['caught'] / s['ran']:.0f}%" if s["ran"] else "-"
        med = f"{s['median_s']:.2f} s" if s["median_s"] is not None else "-"
        name = "fastest checker per mutant" if k == "any" else k
        lines.append(f"| {name} | {s['ran']} | {s['caught']} | {share} | {med} |")
    lines += ["", f"Caught within 10 s by the fastest checker: {summary['any']['within_10s']} of "
              f"{summary['any']['ran']} mutants.", "", "## Mutants", "",
              "| mutant | " + " | ".join(CHECKERS) + " |", "| --- |" + " --- |" * len(CHECKERS)]
    for r in results:
        if r["mutant"]:
            lines.append(f"| `{r['id']}` | " + " | ".join(show(r["cells"][k]) for k in CHECKERS) + " |")
    correct = [r for r in results if not r["mutant"]]
    if correct:
        lines += ["", "## Correct implementations (false alarms)", "",
                  "| implementation | " + " | ".join(CHECKERS) + " |", "| --- |" + " --- |" * len(CHECKERS)]
        for r in correct:
            lines.append(f"| `{r['id']}` | " + " | ".join(show(r["cells"][k]) for k in CHECKERS) + " |")
    lines += ["", "Details (verdicts, iterations, suites) are in zoo.json."]
    if problems:
        lines += ["", "## Problems", ""] + [f"- {p}" for p in problems]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
