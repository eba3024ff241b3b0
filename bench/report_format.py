"""The number formats and markdown tables of bench.md, shared by every
concept's sections (report_<c>.py) and report_render.py."""


def fmt_num(x, digits=3):
    if x is None:
        return "n/a"
    if x == 0:
        return "0"
    a = abs(x)
    if a >= 1e9:
        return f"{x / 1e9:.{digits}g}G"
    if a >= 1e6:
        return f"{x / 1e6:.{digits}g}M"
    if a >= 1e3:
        return f"{x / 1e3:.{digits}g}k"
    return f"{x:.{digits}g}"


def fmt(s, nruns, digits=3):
    """median, with [min-max] when there are several runs."""
    if s is None:
        return "n/a"
    med, lo, hi = s
    if nruns > 1:
        return f"{fmt_num(med, digits)} [{fmt_num(lo, digits)}-{fmt_num(hi, digits)}]"
    return fmt_num(med, digits)


def fmt_or_dash(s, n, digits=3):
    """As fmt, but '-' where the figure does not exist (e.g. a futex count the seam cannot see)."""
    return "-" if s is None else fmt(s, n, digits)


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * len(header)) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)
