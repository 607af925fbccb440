"""Cells for CSV files that people open in spreadsheets. Every export writes its rows here.

Spreadsheets run a cell that starts with = + - @ (and, in some, a tab or a carriage return)
as a formula, so a signer could put `=HYPERLINK(...)` or `=1+2@example.org` into a campaigner's
spreadsheet (CSV injection, OWASP). Such cells get a leading apostrophe, which spreadsheets
show as text and do not run. Every cell is neutralised, whatever its column: a rule applied
column by column is the one someone forgets for the next column (as happened to the emails).
"""

import csv
from collections.abc import Iterable, Iterator

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_row(values: Iterable) -> list[str]:
    return [safe_cell(value) for value in values]


class _Echo:
    def write(self, value):
        return value


def csv_lines(header: Iterable[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """The CSV text of `rows`, line by line for a streaming response, every cell neutralised.
    The first line starts with a byte order mark so that spreadsheets read it as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(safe_row(header))
    for row in rows:
        yield writer.writerow(safe_row(row))
