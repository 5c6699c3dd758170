"""Wire types of imports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec
from litestar.datastructures import UploadFile


@dataclass
class ImportUpload:
    """``multipart/form-data``: the file, what it holds, and whether only to check it."""

    file: UploadFile
    kind: Literal["customers", "assets", "tickets"]
    dry_run: bool = True


class RowError(msgspec.Struct):
    #: The column as the file names it (or ``row`` for the whole row).
    column: str
    message: str


class RowResult(msgspec.Struct):
    #: The row number as the spreadsheet shows it (the header is row 1).
    row: int
    #: ``created``, ``updated``, ``unchanged`` or ``failed`` (a dry run says what a run would do).
    outcome: str
    external_id: str | None = None
    id: UUID | None = None
    errors: list[RowError] = []


class ImportSummary(msgspec.Struct):
    id: UUID
    kind: str
    filename: str
    file_format: str
    dry_run: bool
    #: ``queued``, ``running`` or ``done``.
    status: str
    total: int
    processed: int
    created: int
    updated: int
    unchanged: int
    failed: int
    created_at: datetime
    finished_at: datetime | None


class ImportRead(ImportSummary, kw_only=True):
    results: list[RowResult] = []
