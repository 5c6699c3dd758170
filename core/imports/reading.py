"""Reading an uploaded spreadsheet into rows of text, with every bound a hostile file could
break: its size, its rows and columns, each cell's length, the zip inside an XLSX (entries,
expanded size, compression ratio), macros, legacy formats and formula cells.

CSV is read as UTF-8 (with or without a BOM) or, failing that, GB18030 (Excel's CSV on Chinese
Windows); XLSX with ``openpyxl`` in read-only mode, first sheet only. Parsing is CPU work: the
service calls :func:`read_table` in a worker thread.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from core.exports import FORMULA_LEADS

#: The largest upload accepted (bytes).
MAX_BYTES = 5 * 1024 * 1024
#: The most data rows a file may hold (the header row not counted).
MAX_ROWS = 10_000
#: Rows read from a sheet at most, empty ones included.
MAX_SHEET_ROWS = 2 * MAX_ROWS + 1_000
#: The most columns a header may name.
MAX_COLUMNS = 60
#: The longest cell, in characters.
MAX_CELL = 2_000
#: An XLSX is a zip: at most this many entries, this many bytes once expanded, and no entry
#: expanding more than :data:`MAX_RATIO` times (a zip bomb expands thousands of times).
MAX_ZIP_ENTRIES = 200
MAX_EXPANDED = 60 * 1024 * 1024
MAX_RATIO = 150

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class UnreadableFile(ValueError):
    """The upload is not a spreadsheet this service reads (the message says why)."""


@dataclass
class CellProblem:
    row: int
    column: str
    message: str


@dataclass
class Table:
    """The header row and the data rows (``(row number as the spreadsheet shows it, cells)``);
    cells are text (``""`` when empty), dates as ``YYYY-MM-DD``. ``problems`` are cells that
    cannot be taken (formulas, overlong text): their rows fail, the others go on."""

    file_format: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]
    problems: list[CellProblem]


def read_table(data: bytes, filename: str) -> Table:
    """The table in ``data``: an XLSX when it is a zip, CSV otherwise. Raises
    :class:`UnreadableFile` for anything else or anything beyond the bounds."""
    if len(data) > MAX_BYTES:
        raise UnreadableFile(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if not data.strip():
        raise UnreadableFile("the file is empty")
    lowered = filename.lower()
    if lowered.endswith((".xlsm", ".xltm", ".xlsb")):
        raise UnreadableFile("macro-enabled and binary workbooks are refused; save the sheet as .xlsx or .csv")
    if data.startswith(OLE_MAGIC):
        raise UnreadableFile("legacy .xls workbooks are not read; save the sheet as .xlsx or .csv")
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(data)
    return _read_csv(data)


def _text(value: Any) -> str:
    """A cell as text: integers without ``.0`` (phone numbers typed as numbers), dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _keep_row(rows: list[tuple[int, list[str]]], number: int, values: list[str], width: int) -> None:
    """Add row ``number`` (its line of the CSV, its row of the sheet) to ``rows`` unless all its
    cells are blank, a short row padded with empty cells to ``width``; past :data:`MAX_ROWS` rows
    the file is refused."""
    if not any(values):
        return
    rows.append((number, values + [""] * (width - len(values))))
    if len(rows) > MAX_ROWS:
        raise UnreadableFile(f"the file has more than {MAX_ROWS} rows")


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UnreadableFile("the file is neither a readable XLSX workbook nor CSV text") from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise UnreadableFile("the workbook has too many parts")
        names = {e.filename.lower() for e in entries}
        if "[content_types].xml" not in names or not any(n.startswith("xl/") for n in names):
            raise UnreadableFile("the zip file is not an XLSX workbook")
        expanded = 0
        for entry in entries:
            expanded += entry.file_size
            if entry.file_size > MAX_RATIO * max(entry.compress_size, 1) and entry.file_size > 1024 * 1024:
                raise UnreadableFile("the workbook expands far beyond its size (a zip bomb?)")
        if expanded > MAX_EXPANDED:
            raise UnreadableFile(f"the workbook expands to more than {MAX_EXPANDED // (1024 * 1024)} MB")
        types = next(e for e in entries if e.filename.lower() == "[content_types].xml")
        if any(n.endswith("vbaproject.bin") for n in names) or b"macroEnabled" in archive.read(types):
            raise UnreadableFile("workbooks with macros are refused; save the sheet as .xlsx without macros")


def _read_xlsx(data: bytes) -> Table:
    import openpyxl  # imported here: only uploads of workbooks pay for it

    _check_zip(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise UnreadableFile(f"the workbook cannot be read ({type(exc).__name__})") from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise UnreadableFile("the workbook has no sheet")
        headers: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        problems: list[CellProblem] = []
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            if number > MAX_SHEET_ROWS:
                raise UnreadableFile(f"the sheet runs past row {MAX_SHEET_ROWS}")
            if headers is None:
                headers = _headers([_text(c.value) for c in cells[:MAX_COLUMNS + 1]])
                continue
            values = []
            for index, cell in enumerate(cells[: len(headers)]):
                if getattr(cell, "data_type", None) == "f":
                    problems.append(CellProblem(number, headers[index], "formula cells are not read; paste the values"))
                    values.append("")
                    continue
                values.append(_bounded(_text(cell.value), number, headers[index], problems))
            _keep_row(rows, number, values, len(headers))
        if headers is None:
            raise UnreadableFile("the sheet is empty")
        return Table("xlsx", headers, rows, problems)
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise UnreadableFile("the file is neither a readable XLSX workbook nor CSV text")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"the file says UTF-8 but byte {exc.start + 3} is not") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise UnreadableFile("the file is neither UTF-8 nor GB18030 text; save it as CSV UTF-8") from exc


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    problems: list[CellProblem] = []
    try:
        for cells in reader:
            number = reader.line_num
            if headers is None:
                headers = _headers([c.strip() for c in cells[:MAX_COLUMNS + 1]])
                continue
            values = [_bounded(_unescaped(c.strip()), number, headers[i], problems)
                      for i, c in enumerate(cells[: len(headers)])]
            _keep_row(rows, number, values, len(headers))
    except csv.Error as exc:
        raise UnreadableFile(f"the CSV cannot be read at line {reader.line_num}: {exc}") from exc
    if headers is None:
        raise UnreadableFile("the file is empty")
    return Table("csv", headers, rows, problems)


def _unescaped(value: str) -> str:
    """A CSV cell as it was before an export neutralised it (``'=…`` back to ``=…``), so an
    exported list imports back unchanged."""
    if value.startswith("'") and value[1:].startswith(FORMULA_LEADS):
        return value[1:]
    return value


def _headers(names: list[str]) -> list[str]:
    while names and not names[-1]:
        names.pop()
    if not names:
        raise UnreadableFile("the first row must name the columns")
    if len(names) > MAX_COLUMNS:
        raise UnreadableFile(f"the header names more than {MAX_COLUMNS} columns")
    for name in names:
        if len(name) > 100:
            raise UnreadableFile("a column name is longer than 100 characters")
    return names


def _bounded(value: str, row: int, column: str, problems: list[CellProblem]) -> str:
    if len(value) > MAX_CELL:
        problems.append(CellProblem(row, column, f"longer than {MAX_CELL} characters"))
        return ""
    return value
