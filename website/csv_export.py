"""CSV downloads that are safe to open in a spreadsheet: the project's one formula guard.

A cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return) runs as a formula when the file
is opened in Excel or LibreOffice, so text typed by anyone (a name, a reflection, a module title) could
call out to the network or change other cells. Every export writes its rows through `csv_response` (or at
least `csv_safe`), which prefixes such text with an apostrophe, as OWASP recommends.
"""

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """The value as a spreadsheet should see it: text that would run as a formula gets a leading `'`.

    Numbers, dates and None pass through unchanged (the csv module writes them as plain values).
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_response(*, filename: str, rows: Iterable[Sequence]) -> HttpResponse:
    """An attachment download of `rows`, every cell guarded, never stored by a cache on the way."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return response
