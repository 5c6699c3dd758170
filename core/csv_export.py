"""CSV downloads: UTF-8 with a BOM (spreadsheet programs then read Chinese), one ``charset`` in the
``Content-Type``, and no cell a spreadsheet would run as a formula (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from litestar import Response

#: A text cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: Any) -> Any:
    """A text cell that would start a formula, prefixed with ``'`` so it is shown as text; numbers
    and other cells unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def csv_response(rows: Iterable[Iterable[Any]], filename: str) -> Response[str]:
    """The rows as a CSV attachment named ``filename`` (the response adds ``charset=utf-8`` to the
    ``text/csv`` media type itself)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([safe_cell(cell) for cell in row] for row in rows)
    return Response(
        "\ufeff" + buffer.getvalue(),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
