"""CSV for instructors' spreadsheets: the one writer every channel's export goes through (the LTI tool's reports,
the Open edX blocks' downloads), so that no cell a learner or a platform wrote can run as a formula when the file is
opened (CSV injection)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

# A spreadsheet treats a cell starting with one of these as a formula (tab and carriage return hide a leading one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value`` as a cell a spreadsheet shows as text: text starting like a formula gets a leading apostrophe.
    Numbers and empty cells are left as they are (a negative number is a number, not a formula)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV document: the header, then every row with each cell made safe by :func:`safe_cell`."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
