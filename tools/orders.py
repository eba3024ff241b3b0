#!/usr/bin/env python3
"""The memory-order audit over the registry: which order each atomic operation needs.

  python3 tools/orders.py [ID ... | all] [--budget SECONDS] [--jobs N] [--out DIR]
      runs `synclab_model ID --orders` for each implementation (every registry entry for `all`),
      N at a time (default: the CPU count), and writes DIR/orders.md and DIR/orders.json
      (default out/report/): per place, the declared order, the verdict (needed, weakenable to X,
      undecided), and for each weakened variant what refuted it, in which suite and search, how
      long it took and the command that replays it.
  python3 tools/orders.py --expect TABLE ID [--budget SECONDS]
      the audit of ID must reproduce TABLE (tests/orders/ID.tsv): one line per item, keyed by the
      label at the end of its source line: LABEL PART VERDICT WEAKEST REFUTED-BY SUITE, where
      REFUTED-BY is the verdict that refuted the first weaker variant (- when none was refuted)
      and SUITE its suite (- likewise). Exit 1 on any difference, listed.
  python3 tools/orders.py --agree [MUTANT ...] [--budget SECONDS]
      every `~relaxed-*` mutant of the model layer (or those named) against the audit: the places
      where the mutant's orders are weaker than its correct twin's (synclab_model --list-places on
      both) must include one where the audit of the twin refutes relaxed with the mutant's expected
      verdict: a relaxed variant refuted so, or a needed verdict (every order one step weaker
      refuted) and `synclab_model TWIN --weaken PLACE=relaxed` failing so. Exit 1 on a mutant that
      does not agree.

The audit itself is in the model binary (models/orders.hpp); this file runs it and reads its JSON.
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "build" / "models" / "synclab_model"
_print_lock = threading.Lock()


def say(msg):
    with _print_lock:
        print(f"orders: {msg}", flush=True)


def bad_input(msg):
    print(f"orders: {msg}", file=sys.stderr, flush=True)
    sys.exit(2)


def registry_ids():
    out = subprocess.run([str(ROOT / "build" / "tools" / "synclab_info"), "--json"], capture_output=True, text=True)
    if out.returncode != 0:
        bad_input(f"synclab_info --json failed: {out.stderr.strip()}")
    return [e["id"] for c in json.loads(out.stdout)["concepts"] for e in c["implementations"]]


def audit(ident, budget, extra=(), echo=True):
    """Runs the audit of one id; returns (exit status, the JSON result or None, the output)."""
    with tempfile.TemporaryDirectory(prefix="synclab-orders-") as tmp:
        path = Path(tmp) / "orders.json"
        cmd = [str(MODEL), ident, "--orders", "--budget", str(budget), "--json", str(path)] + list(extra)
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        lines = []
        for line in proc.stdout:
            lines.append(line)
            # The progress lines: which item, which variant, what came of it.
            if echo and (line.startswith("[") or line.startswith("  => ") or line.startswith("ORDERS")
                         or line.startswith("FAIL") or line.startswith("warning")):
                with _print_lock:
                    print(f"  {ident}: {line.rstrip()}", flush=True)
        rc = proc.wait()
        result = json.loads(path.read_text()) if rc == 0 and path.exists() else None
        return rc, result, "".join(lines)


def verdict_text(item):
    if item["verdict"] == "weakenable":
        return f"weakenable to {item['weakest']}"
    return item["verdict"]


def first_refuted(item):
    return next((v for v in item["variants"] if v["result"] == "refuted"), None)


def write_report(results, out, budget, seconds, failures):
    out.mkdir(parents=True, exist_ok=True)
    (out / "orders.json").write_text(json.dumps({"budget": budget, "seconds": seconds, "implementations": results,
                                                 "failures": failures}, indent=1) + "\n")
    lines = ["# The memory-order audit", "",
             f"Every place that runs a non-relaxed order or a wake under the default plan, each order weakened one "
             f"step at a time (a wake dropped) under the whole default plan, {budget:.0f} s at most a variant "
             f"(`./synclab orders`). Total {seconds / 60:.1f} min.", "",
             "| implementation | items | needed | weakenable | undecided | time |", "| --- | --- | --- | --- | --- | --- |"]
    total = {"items": 0, "needed": 0, "weakenable": 0, "undecided": 0}
    for r in results:
        counts = {k: sum(1 for i in r["items"] if i["verdict"] == k) for k in ("needed", "weakenable", "undecided")}
        lines.append(f"| {r['id']} | {len(r['items'])} | {counts['needed']} | {counts['weakenable']} | "
                     f"{counts['undecided']} | {r['seconds']:.0f} s |")
        total["items"] += len(r["items"])
        for k in counts:
            total[k] += counts[k]
    decided = total["needed"] + total["weakenable"]
    lines.append(f"| **all** | {total['items']} | {total['needed']} | {total['weakenable']} | {total['undecided']} | "
                 f"{seconds:.0f} s |")
    if total["items"]:
        lines += ["", f"Decided: {decided} of {total['items']} ({100 * decided / total['items']:.0f}%)."]
    for ident, why in failures:
        lines += ["", f"**{ident}: not audited** ({why})."]
    for r in results:
        lines += ["", f"## {r['id']}", "",
                  "| place | label | operation | declared | verdict | weaker variants: result (verdict, suite, search, time) |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for i in r["items"]:
            tried = "; ".join(
                f"{v['tried']}: {v['result']}" + (f" ({v['verdict']}, {v['suite']}, {v['threads']} threads "
                                                   f"{v['search']}, {v['seconds']:.1f} s)" if v["result"] == "refuted"
                                                   else f" ({v['seconds']:.1f} s)")
                for v in i["variants"])
            declared = i["declared"] + (" (failure)" if i["part"] == "failure" else "")
            lines.append(f"| `{i['where']}` | {i['label']} | {i['operation']} | {declared} | {verdict_text(i)} | {tried} |")
        replays = [(i, v) for i in r["items"] for v in i["variants"] if v["replay"]]
        if replays:
            lines += ["", "<details><summary>replay commands</summary>", ""]
            lines += [f"- `{i['where']}` {v['tried']}: `{v['replay']}`" for i, v in replays]
            lines += ["", "</details>"]
    (out / "orders.md").write_text("\n".join(lines) + "\n")
    return lines


def cmd_audit(args):
    ids = args.ids or ["all"]
    if "all" in ids:
        ids = registry_ids()
    known = subprocess.run([str(MODEL), "--list"], capture_output=True, text=True).stdout.split()
    for i in ids:
        if i not in known:
            bad_input(f"unknown id '{i}'; the known ids are:\n  " + "\n  ".join(k for k in known if "~" not in k))
    started = time.monotonic()
    done = [0]

    def one(ident):
        t0 = time.monotonic()
        rc, result, output = audit(ident, args.budget)
        done[0] += 1
        if result is None:
            say(f"[{done[0]}/{len(ids)}] {ident}: the audit failed (exit {rc})\n{output[-3000:]}")
            return ident, None, f"exit {rc}: " + next((l for l in output.splitlines() if l.startswith("FAIL")), "")
        counts = {k: sum(1 for i in result["items"] if i["verdict"] == k) for k in ("needed", "weakenable", "undecided")}
        say(f"[{done[0]}/{len(ids)}] {ident}: {len(result['items'])} items, {counts['needed']} needed, "
            f"{counts['weakenable']} weakenable, {counts['undecided']} undecided ({time.monotonic() - t0:.0f} s)  "
            f"[{time.monotonic() - started:.0f} s]")
        return ident, result, None

    # The slowest first (a long audit started last would run alone at the end).
    say(f"auditing {len(ids)} implementations, {args.jobs} at a time, {args.budget:.0f} s at most a variant")
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        rows = list(pool.map(one, ids))
    seconds = time.monotonic() - started
    results = [r for _, r, _ in rows if r is not None]
    failures = [(i, why) for i, r, why in rows if r is None]
    lines = write_report(results, Path(args.out), args.budget, seconds, failures)
    table = lines.index("| implementation | items | needed | weakenable | undecided | time |")
    print("\n".join(lines[table:table + len(results) + 3]), flush=True)  # the summary table and its total
    say(f"report: {args.out}/orders.md, orders.json ({seconds / 60:.1f} min)")
    return 1 if failures else 0


def cmd_expect(args):
    table, ident = args.expect
    expected = {}
    for n, line in enumerate(Path(table).read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split()
        if len(f) != 6:
            bad_input(f"{table}:{n}: LABEL PART VERDICT WEAKEST REFUTED-BY SUITE, not '{line}'")
        expected[(f[0], f[1])] = f[2:]
    rc, result, output = audit(ident, args.budget)
    if result is None:
        print(output[-4000:])
        say(f"the audit of {ident} failed (exit {rc})")
        return 1
    got = {}
    for i in result["items"]:
        v = first_refuted(i)
        got[(i["label"] or i["where"], i["part"])] = [i["verdict"], i["weakest"] or "-", v["verdict"] if v else "-",
                                                      v["suite"] if v else "-"]
    problems = []
    for key in sorted(set(expected) | set(got)):
        if key not in got:
            problems.append(f"{key[0]} {key[1]}: expected {' '.join(expected[key])}, but the audit has no such item")
        elif key not in expected:
            problems.append(f"{key[0]} {key[1]}: the audit found {' '.join(got[key])}, which the table does not list")
        elif got[key] != expected[key]:
            problems.append(f"{key[0]} {key[1]}: expected {' '.join(expected[key])}, got {' '.join(got[key])}")
    for key in sorted(got):
        say(f"{ident} {key[0]} {key[1]}: {' '.join(got[key])}")
    if problems:
        for p in problems:
            say("MISMATCH " + p)
        say(f"{ident}: the audit does not reproduce {table} ({len(problems)} differences)")
        return 1
    say(f"{ident}: the audit reproduces {table} ({len(got)} items, {result['seconds']:.1f} s)")
    return 0


def places(ident):
    """{(file, line, column): (operation, order, failure)} as --list-places prints them (a random search of
    2000 iterations, every suite: what the mutant changes runs in any of them), and the RUNS line."""
    r = subprocess.run([str(MODEL), ident, "--list-places", "--search", "random", "--iterations", "2000"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        bad_input(f"synclab_model {ident} --list-places failed (exit {r.returncode}): {r.stderr.strip()}")
    found, runs = {}, ""
    for line in r.stdout.splitlines():
        if line.startswith("PLACE "):
            _, where, op, order, failure, _times = line.split()
            file, line_no, col = where.rsplit(":", 2)
            found[(file, int(line_no), int(col))] = (op, order, failure)
        elif line.startswith("RUNS "):
            runs = line
    return found, runs


RANK = {"relaxed": 0, "acquire": 1, "consume": 1, "release": 1, "acq_rel": 2, "seq_cst": 3, "-": -1}


def cmd_agree(args):
    listed = subprocess.run([str(MODEL), "--list-mutants"], capture_output=True, text=True).stdout.splitlines()
    mutants = []
    for line in listed:
        f = line.split()
        if "~relaxed-" in f[0] and (not args.ids or f[0] in args.ids):
            mutants.append((f[0], f[1]))
    if args.ids and len(mutants) != len(args.ids):
        bad_input("not a ~relaxed-* mutant of the model layer: " +
                  ", ".join(sorted(set(args.ids) - {m[0] for m in mutants})))
    started = time.monotonic()
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs)

    # 1. What each mutant changes: the places where its orders are weaker than its twin's.
    twins = sorted({m.split("~")[0] for m, _ in mutants})
    twin_places = dict(zip(twins, pool.map(lambda t: places(t)[0], twins)))
    mutant_places = dict(zip([m for m, _ in mutants], pool.map(lambda m: places(m[0])[0], mutants)))
    weakened = {}
    for m, _ in mutants:
        ours, theirs = twin_places[m.split("~")[0]], mutant_places[m]
        weakened[m] = sorted(p for p in theirs if p in ours and theirs[p][1] != "-" and
                             RANK[theirs[p][1]] < RANK[ours[p][1]])
    say(f"the places each mutant weakens: found ({time.monotonic() - started:.0f} s)")

    # 2. One audit per twin, of the places its mutants weaken.
    def twin_audit(twin):
        wanted = sorted({p for m, _ in mutants if m.split("~")[0] == twin for p in weakened[m]})
        if not wanted:
            return twin, None
        extra = sum((["--place", f"{f}:{l}:{c}"] for f, l, c in wanted), [])
        rc, result, output = audit(twin, args.budget, extra, echo=False)
        if result is None:
            print(output[-3000:], flush=True)
        say(f"audited {twin}: {len(wanted)} places ({time.monotonic() - started:.0f} s)")
        return twin, result

    audits = dict(pool.map(twin_audit, twins))

    # 3. Per mutant: a place the audit calls needed, which relaxed alone fails with the mutant's verdict.
    def relaxed_verdict(twin, where, item):
        relaxed = next((v for v in item["variants"] if v["tried"] == "relaxed" and v["result"] == "refuted"), None)
        if relaxed:
            return relaxed["verdict"]
        first = first_refuted(item)  # a seq_cst or acq_rel place: relaxed is not the first step down
        narrow = ["--search", first["search"], "--threads", str(first["threads"]), "--suite", first["suite"]] if first else []
        check = subprocess.run([str(MODEL), twin] + narrow + ["--weaken", f"{where}=relaxed", "--minimize", "0"],
                               capture_output=True, text=True)
        failed = [l.split(": ", 1)[1].strip() for l in check.stdout.splitlines() if l.startswith(f"FAIL {twin}: ")]
        return failed[-1] if failed else "PASS"

    disagreements = []
    for k, (mutant, verdict) in enumerate(mutants, 1):
        twin = mutant.split("~")[0]
        result = audits.get(twin)
        if not weakened[mutant]:
            disagreements.append(f"{mutant}: no place where its orders are weaker than {twin}'s")
        elif result is None:
            disagreements.append(f"{mutant}: the audit of {twin} failed")
        else:
            agreeing, seen = [], []
            for f, l, c in weakened[mutant]:
                item = next((i for i in result["items"] if i["line"] == l and i["column"] == c and i["part"] == "order"), None)
                if item is None:
                    seen.append(f"{f}:{l}:{c} not audited")
                    continue
                # The audit refutes relaxed there: tried and refuted, or implied by a needed verdict (every
                # one-step-weaker order refuted), whose relaxed verdict one more run shows.
                tried = any(v["tried"] == "relaxed" for v in item["variants"])
                got = relaxed_verdict(twin, f"{f}:{l}:{c}", item) if tried or item["verdict"] == "needed" else "PASS"
                seen.append(f"{f}:{l}:{c} {item['label']} {verdict_text(item)}, relaxed alone: {got}")
                if got == verdict:
                    agreeing.append(f"{f}:{l}:{c} {item['label']} ({verdict_text(item)})".strip())
            if agreeing:
                say(f"[{k}/{len(mutants)}] {mutant} ({verdict}) agrees: {'; '.join(agreeing)}: the audit refutes "
                    f"relaxed there with {verdict}")
                continue
            disagreements.append(f"{mutant} ({verdict}): " + "; ".join(seen))
        say(f"[{k}/{len(mutants)}] DISAGREES: {disagreements[-1]}")
    pool.shutdown()
    if disagreements:
        say(f"{len(disagreements)} of {len(mutants)} mutants disagree with the audit:")
        for d in disagreements:
            print("  " + d, flush=True)
        return 1
    say(f"all {len(mutants)} ~relaxed-* mutants agree with the audit ({time.monotonic() - started:.0f} s)")
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("ids", nargs="*")
    p.add_argument("--budget", type=int, default=120)  # whole seconds, as synclab_model takes them
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--out", default=str(ROOT / "out" / "report"))
    p.add_argument("--expect", nargs=2, metavar=("TABLE", "ID"))
    p.add_argument("--agree", action="store_true")
    p.add_argument("--model", default=None, help="the model binary (default build/models/synclab_model)")
    args = p.parse_args()
    global MODEL
    if args.model:
        MODEL = Path(args.model)
    if args.budget <= 0:
        bad_input(f"--budget takes seconds above 0, not {args.budget}")
    if args.jobs < 1:
        bad_input(f"--jobs takes a count from 1, not {args.jobs}")
    if args.expect:
        return cmd_expect(args)
    if args.agree:
        return cmd_agree(args)
    return cmd_audit(args)


if __name__ == "__main__":
    sys.exit(main())
