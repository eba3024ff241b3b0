"""The plots of bench.md, drawn by gnuplot where it is installed. Each concept
draws its own (report_<c>.plots: the mutexes' throughput and fairness against
threads, the semaphores' and condition variables' scenarios and spin sweeps)
with the helpers here: write_data for its data files (.dat), draw for its
script (plots_<c>.gp) in the output directory. plots() gathers every
concept's PNGs, in the list's order; none without gnuplot."""
import os
import shutil
import subprocess
import sys

import report_concepts


def plots(runs, out_dir):
    """The PNGs every concept drew for the runs."""
    if not shutil.which("gnuplot"):
        print("report.py: gnuplot not found, no plots", file=sys.stderr)
        return []
    return [png for _, concept in report_concepts.modules() for png in concept.plots(runs, out_dir)]


def write_data(out_dir, stem, header, rows, comment=False):
    """Writes out_dir/STEM.dat, the header and the rows space-separated, and returns its path.
    comment: the header as a comment line (histograms would draw it as an empty bar)."""
    path = os.path.join(out_dir, f"{stem}.dat")
    with open(path, "w") as f:
        f.write(("# " if comment else "") + " ".join(header) + "\n")
        for row in rows:
            f.write(" ".join(row) + "\n")
    return path


def draw(out_dir, script_name, lines, files):
    """Runs gnuplot on the commands that draw files, as out_dir/script_name after a terminal line
    (pngcairo, or png where that fails); returns files, or [] without any or when gnuplot fails."""
    gnuplot = shutil.which("gnuplot")
    if not files or not gnuplot:
        return []
    gp = os.path.join(out_dir, script_name)
    for term in ("pngcairo size 1100,600", "png size 1100,600"):
        with open(gp, "w") as f:
            f.write("\n".join([f"set terminal {term}"] + lines) + "\n")
        res = subprocess.run([gnuplot, gp], capture_output=True, text=True)
        if res.returncode == 0:
            return files
    print(f"report.py: gnuplot failed on {gp}: {res.stderr.strip()[:500]}", file=sys.stderr)
    return []
