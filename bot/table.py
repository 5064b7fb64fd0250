"""Plain-text tables for the terminal (the salary command)."""

from __future__ import annotations

from collections.abc import Sequence

from corpus.salary import SalaryRange

HEADER = ("Region", "Country", "Currency", "Low", "High", "Period")


def aligned(rows: Sequence[Sequence[str]], right: frozenset[int] = frozenset()) -> str:
    """Columns padded to their widest cell; columns in `right` are right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for number, row in enumerate(rows):
        cells = [cell.rjust(w) if i in right else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def salary_table(rows: Sequence[SalaryRange]) -> str:
    """The salary rows as an aligned table with a header."""
    body = [(r.region or "", r.country, r.currency, f"{r.low:,}", f"{r.high:,}", r.period)
            for r in rows]
    return aligned([HEADER, *body], right=frozenset({3, 4}))
