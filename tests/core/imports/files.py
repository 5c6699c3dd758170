"""Spreadsheets built in the tests: real CSV bytes in each encoding and real XLSX workbooks."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook


def csv_file(rows: list[list], encoding: str = "utf-8") -> bytes:
    """The rows as CSV in ``encoding`` (``utf-8-sig`` for a BOM, ``gb18030`` as Chinese Excel)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_file(rows: list[list]) -> bytes:
    """The rows as an XLSX workbook; a text cell starting with ``=`` becomes a formula."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


async def upload(tenant, kind: str, content: bytes, *, name: str = "list.csv", dry_run: bool = False):
    """``POST /api/v1/imports`` as the tenant's admin."""
    return await tenant.client.post(
        "/api/v1/imports", headers=tenant.headers,
        files={"file": (name, content, "application/octet-stream")},
        data={"kind": kind, "dry_run": "true" if dry_run else "false"},
    )
