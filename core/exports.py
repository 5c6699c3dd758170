"""Downloads of lists and reports as CSV or XLSX, with no cell a spreadsheet would run as a
formula (OWASP CSV injection).

CSV is UTF-8 with a BOM (spreadsheet programs then read Chinese) and one ``charset`` in the
``Content-Type``; a text cell that would start a formula gets a leading ``'``. XLSX is written
by ``openpyxl`` in write-only mode; a text cell is always stored as text (never as a formula),
and one that starts like a formula also carries Excel's own quote-prefix mark, so the cell shows
its text and stays text when edited. Building either is CPU work: it runs in a worker thread.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

import anyio
from litestar import Response

#: A text cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n")
#: The formats a list or report downloads as.
FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: Any) -> Any:
    """A text cell that would start a formula, prefixed with ``'`` so it is shown as text; numbers
    and other cells unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Iterable[Any]]) -> bytes:
    """The rows as CSV text in UTF-8 with a BOM, formula cells neutralised."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([safe_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows: Iterable[Iterable[Any]], sheet_title: str = "Sheet1") -> bytes:
    """The rows as an XLSX workbook of one sheet; every text cell is stored as text, never a
    formula, and characters XML cannot hold are dropped."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                text = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell = WriteOnlyCell(sheet, value=text)
                cell.data_type = "s"  # openpyxl would take a leading "=" as a formula
                if text.startswith(FORMULA_LEADS):
                    cell.quotePrefix = True
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


def csv_response(rows: Iterable[Iterable[Any]], filename: str) -> Response[bytes]:
    """The rows as a CSV attachment named ``filename`` (the response adds ``charset=utf-8`` to the
    ``text/csv`` media type itself)."""
    return Response(csv_bytes(rows), media_type="text/csv", headers=_attachment(filename))


async def table_response(rows: Iterable[Iterable[Any]], basename: str, file_format: str) -> Response[bytes]:
    """The rows as ``basename.csv`` or ``basename.xlsx``, built in a worker thread."""
    rows = [list(row) for row in rows]
    if file_format == "xlsx":
        body = await anyio.to_thread.run_sync(xlsx_bytes, rows)
        return Response(body, media_type=XLSX_TYPE, headers=_attachment(f"{basename}.xlsx"))
    if file_format == "csv":
        body = await anyio.to_thread.run_sync(csv_bytes, rows)
        return Response(body, media_type="text/csv", headers=_attachment(f"{basename}.csv"))
    raise ValueError(f"unknown export format {file_format!r}")
