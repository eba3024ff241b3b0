#!/usr/bin/env python3
"""Garbage with a stalled reader: runs synclab_reclaim_bench, checks that hazard pointers keep
the garbage bounded and that epochs let it grow, writes reclaim.md and reclaim_garbage.png.

  python3 bench/reclaim_report.py --bench BINARY --out out/report [--quick] [--pops N]
  python3 bench/reclaim_report.py --from-json reclaim.jsonl --out DIR   (report only)

The checks (bench/reclaim.cpp explains the experiment and why they hold):
  hazard pointers   at every sample, garbage <= H * (R - 1) < H * R, H the domain's records
                    at that sample and R its batch (2 H Slots + 16 symmetric, + 512 asymmetric):
                    a record scans when its retired list reaches R
  epochs            at the release, garbage >= the pops made during the stall: every node
                    retired while the reader was stalled is still allocated; and those pops
                    more than any hazard-pointer bound here (H = 3 asymmetric), so that a
                    bounded scheme cannot pass as growing
Both depend on operation counts only, never on time. Also: garbage never negative, nothing
left allocated after the structure is destroyed, and (when the binary runs here) all six
entries present.

Exit status: 0 when every check holds (the last line then says "reclaim: N of N entries as
expected"); 1 when one fails, each failure named on stderr; the binary's status if it fails;
2 on bad arguments.
"""
import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_plots  # noqa: E402
import report_format  # noqa: E402

ENTRIES = ["stack.treiber", "stack.treiber_asym_hp", "stack.treiber_epoch",
           "queue.ms", "queue.ms_asym_hp", "queue.ms_epoch"]


def run_bench(bench, out_dir, quick, pops):
    path = os.path.join(out_dir, "reclaim.jsonl")
    cmd = [bench] + (["--quick"] if quick else []) + (["--pops", str(pops)] if pops else [])
    print("reclaim: $ " + " ".join(cmd), file=sys.stderr, flush=True)
    with open(path, "w") as f:
        r = subprocess.run(cmd, stdout=f)
    if r.returncode != 0:
        print(f"reclaim_report.py: {bench} exited {r.returncode}", file=sys.stderr)
        sys.exit(r.returncode)
    return path


def load(path):
    """{entry: {"summary": {...}, "samples": [...] by checkpoint}}, in the file's order."""
    entries = {}
    for n, line in enumerate(open(path), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            print(f"reclaim_report.py: {path}:{n}: not JSON ({e})", file=sys.stderr)
            sys.exit(1)
        e = entries.setdefault(row["entry"], {"summary": None, "samples": []})
        if row["kind"] == "summary":
            e["summary"] = row
        else:
            e["samples"].append(row)
    for e in entries.values():
        e["samples"].sort(key=lambda s: s["checkpoint"])
    return entries


def analyse(entry_id, e):
    """The row of the table, the verdict line and the failures of one entry."""
    s, samples = e["summary"], e["samples"]
    failures = []
    if s is None or not samples:
        return None, None, [f"{entry_id}: no summary or no samples in the output (the binary stopped early?)"]
    hazard = s["bound"] is not None
    stalled = [x for x in samples if x["phase"] == "stalled"]
    at_start = next((x for x in samples if x["pops"] >= s["stall_began_at_pops"]), samples[0])
    at_release = stalled[-1] if stalled else samples[-1]
    stall_pops = s["released_at_pops"] - s["stall_began_at_pops"]
    peak = max(samples, key=lambda x: x["garbage"])
    end = samples[-1]
    for x in samples:
        if x["garbage"] < 0:
            failures.append(f"{entry_id}: negative garbage {x['garbage']} at checkpoint {x['checkpoint']}: the "
                            f"binary's accounting of live nodes is wrong")
    if s["leaked_nodes"] or s["leaked_records"]:
        failures.append(f"{entry_id}: {s['leaked_nodes']} nodes and {s['leaked_records']} records still allocated "
                        f"after the structure was destroyed")
    if not stalled:
        failures.append(f"{entry_id}: no sample taken during the stall")
    if hazard:
        # Each of the H records holds at most R - 1 retired nodes: garbage <= H*R - H (below H*R, and
        # none at all while there is no record).
        over = [x for x in samples if x["bound"] is None or x["garbage"] > x["bound"] - x["records"]]
        for x in over[:5]:
            failures.append(f"{entry_id}: garbage {x['garbage']} at pop {x['pops']} ({x['phase']}) exceeds the "
                            f"hazard-pointer bound H*(R-1) = {x['bound'] - x['records']} (H = {x['records']} "
                            f"records, H*R = {x['bound']}): the scheme keeps more retired nodes than "
                            f"hazard_pointers.hpp promises")
        verdict = (f"bounded: at most {peak['garbage']} nodes of garbage, below H*R = {s['bound']} "
                   f"(H = {s['records']} records) at every sample, stalled or not"
                   if not over else f"NOT bounded: {len(over)} sample(s) over H*(R-1)")
    else:
        grown = at_release["garbage"]
        # Growth must also be more than any bound a hazard-pointer domain could keep here (the
        # asymmetric one with every thread's record), or a bounded scheme would pass as growing.
        largest_bound = s["largest_hazard_bound"]
        if stall_pops <= largest_bound:
            failures.append(f"{entry_id}: only {stall_pops} pops during the stall, not more than the largest "
                            f"hazard-pointer bound here ({largest_bound}): too short to tell growth from a bound "
                            f"(more --pops)")
        if grown < stall_pops:
            failures.append(f"{entry_id}: garbage at the release {grown} < the {stall_pops} pops made during the "
                            f"stall: an epoch scheme freed nodes retired while a reader stalled inside an "
                            f"operation (epochs.hpp says it cannot)")
        verdict = (f"growing: {grown} nodes at the release, >= the {stall_pops} pops made during the stall (nothing "
                   f"retired while the reader stalled was freed); {end['garbage']} after the release"
                   if grown >= stall_pops else f"NOT growing: {grown} nodes at the release, "
                                               f"fewer than the {stall_pops} pops of the stall")
    bound = str(s["bound"]) if hazard else "none"
    batch = str(s["bound"] // s["records"]) if hazard and s["records"] else "-"
    threads_bound = str(s["bound_at_operating_threads"]) if hazard else "none"
    row = [entry_id, s["scheme"], str(s["records"]), batch, bound, threads_bound, str(peak["garbage"]),
           f"{peak['garbage'] * s['node_bytes'] / 1024:.1f}", str(at_start["garbage"]), str(at_release["garbage"]),
           str(stall_pops), str(end["garbage"])]
    return row, verdict, failures


def plot(entries, out_dir):
    """Garbage against pops, one line per entry, log y; the stall's start and end marked."""
    ids = [i for i in entries if entries[i]["samples"] and entries[i]["summary"]]
    if not ids:
        return []
    checkpoints = sorted({x["checkpoint"] for i in ids for x in entries[i]["samples"]})
    by_cp = {i: {x["checkpoint"]: x for x in entries[i]["samples"]} for i in ids}
    rows = []
    for cp in checkpoints:
        xs = [by_cp[i][cp]["pops"] for i in ids if cp in by_cp[i]]
        row = [str(xs[0])]
        for i in ids:
            g = by_cp[i][cp]["garbage"] if cp in by_cp[i] else None
            row.append("NaN" if g is None or g <= 0 else str(g))  # log scale: a 0 is left out
        rows.append(row)
    dat = report_plots.write_data(out_dir, "reclaim_garbage", ["pops"] + ids, rows)
    first = entries[ids[0]]["summary"]
    png = os.path.join(out_dir, "reclaim_garbage.png")
    script = [f"set output '{png}'",
              "set title 'garbage (retired, not yet freed) with one reader stalled inside a pop' noenhanced",
              "set xlabel 'pops (one producer, one consumer)'", "set ylabel 'garbage, nodes (log scale)'",
              "set logscale y", "set key outside right", "set grid", f"set xrange [0:{rows[-1][0]}]",
              f"set arrow from {first['stall_began_at_pops']}, graph 0 to {first['stall_began_at_pops']}, graph 1 "
              "nohead dt 2 lc rgb 'gray40'",
              f"set label 'stall begins' at {first['stall_began_at_pops']}, graph 0.95 offset 0.5,0",
              f"set arrow from {first['released_at_pops']}, graph 0 to {first['released_at_pops']}, graph 1 "
              "nohead dt 2 lc rgb 'gray40'",
              f"set label 'released' at {first['released_at_pops']}, graph 0.95 right offset -0.5,0",
              # The stack's and the queue's epoch lines lie on one another: the queue's dashed.
              "plot " + ", ".join(f"'{dat}' using 1:{c + 2} with linespoints lc {c + 1} pt {c + 1} ps 0.6 lw 1.5 "
                                  f"dt {2 if i.startswith('queue') else 1} title columnheader({c + 2}) noenhanced"
                                  for c, i in enumerate(ids))]
    return report_plots.draw(out_dir, "reclaim_garbage.gp", script, [png])


def write(entries, out_dir, command):
    rows, verdicts, failures = [], [], []
    for entry_id, e in entries.items():
        row, verdict, fails = analyse(entry_id, e)
        failures += fails
        if row:
            rows.append(row)
            verdicts.append(f"- `{entry_id}` ({e['summary']['scheme']}): {verdict}.")
    any_summary = next((e["summary"] for e in entries.values() if e["summary"]), None)
    lines = ["# Reclamation: garbage with a stalled reader", "",
             f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} hardware threads, one run of `synclab_reclaim_bench`. "
             f"Command: `{command}`.", ""]
    if any_summary:
        lines += [f"Per entry: one producer and one consumer thread, {any_summary['pops']:,} pops (and as many pushes) "
                  f"in 100 chunks; {any_summary['prefill']} items in the structure at every checkpoint. A third thread "
                  f"starts a pop after pop {any_summary['stall_began_at_pops']:,} and stalls inside it (in the copy "
                  f"of the item, its hazard record held or its epoch announced) until pop "
                  f"{any_summary['released_at_pops']:,}. Garbage: nodes retired and not yet freed, counted exactly "
                  f"at each checkpoint (live nodes - items - the dummy; bench/reclaim.cpp). The checkpoints are "
                  f"samples: the garbage between two is not seen (each record's retired list rises to its batch "
                  f"and falls at a scan, and a checkpoint meets that cycle at a phase that moves by the chunk "
                  f"size modulo the batch each time).", ""]
    threads = any_summary["operating_threads"] if any_summary else "?"
    lines += ["H: the domain's records at the end (the most operations in flight at once); R: the batch a record "
              "scans at (hazard_batch in hazard_pointers.hpp: 2 H Slots + 16 symmetric, + 512 asymmetric; Slots 1 for "
              "the stack, 2 for the queue); "
              f"H*R: the bound hazard_pointers.hpp promises, checked at every sample against that sample's H "
              "(as garbage <= H*(R-1): each record holds fewer than R); "
              f"'H*R, H = {threads}': the same for the {threads} threads that operate (producer, consumer, "
              "stalled pop). Epochs promise no bound.", ""]
    lines += [report_format.table(["entry", "scheme", "H", "R", "H*R", f"H*R, H = {threads}", "max garbage",
                                   "max KiB", "at stall start", "at release", "pops in stall", "at end"], rows), ""]
    lines += ["## What the numbers say", ""] + verdicts + [""]
    pngs = plot(entries, out_dir)
    if pngs:
        lines += ["Garbage against pops (log scale; a sample of 0 is not drawn):", ""]
        lines += [f"![{os.path.basename(p)}]({os.path.basename(p)})" for p in pngs] + [""]
    path = os.path.join(out_dir, "reclaim.md")
    with open(path, "w") as f:
        f.write("\n".join(lines))
    return path, verdicts, failures


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", help="path to synclab_reclaim_bench")
    ap.add_argument("--out", default="out/report", help="output directory (default out/report)")
    ap.add_argument("--quick", action="store_true", help="200,000 pops per entry instead of 2,000,000")
    ap.add_argument("--pops", type=int, help="pops per entry (the binary's --pops: a multiple of 100, >= 10000)")
    ap.add_argument("--from-json", metavar="JSONL", help="report on an existing run; do not run")
    a = ap.parse_args()
    if a.pops is not None and (a.pops < 10000 or a.pops % 100):
        print("reclaim_report.py: --pops accepts a multiple of 100, at least 10000", file=sys.stderr)
        sys.exit(2)
    os.makedirs(a.out, exist_ok=True)
    if a.from_json:
        path = a.from_json
    else:
        if not a.bench or not os.access(a.bench, os.X_OK):
            print("reclaim_report.py: --bench accepts the path of an executable synclab_reclaim_bench "
                  "(or give --from-json FILE)", file=sys.stderr)
            sys.exit(2)
        path = run_bench(a.bench, a.out, a.quick, a.pops)
    entries = load(path)
    report, verdicts, failures = write(entries, a.out, " ".join(["python3"] + sys.argv))
    if not a.from_json:
        failures += [f"{i}: missing from the binary's output" for i in ENTRIES if i not in entries]
    print("\n" + "\n".join(verdicts) + "\n")
    print(f"report: {report}")
    if failures:
        for f in failures:
            print(f"reclaim: FAILED {f}", file=sys.stderr)
        sys.exit(1)
    print(f"reclaim: {len(entries)} of {len(entries)} entries as expected (hazard pointers bounded, epochs growing)")


if __name__ == "__main__":
    main()
