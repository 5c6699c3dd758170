"""HTTP: importing customers, assets and open tickets from CSV or XLSX, reading an import's
progress and per-row results, and the templates to fill."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Request, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import MANAGERS, requires_role
from core.auth.resource import ApiResource
from core.errors import Invalid
from core.exports import FORMATS, table_response
from core.file_columns import KINDS, template_rows
from core.imports import queries, reading, service
from core.imports.models import ImportJob
from core.imports.schemas import ImportRead, ImportSummary, ImportUpload
from core.pagination import Page
from tenants.context import TenantContext

#: The request may carry the file and its multipart framing, no more.
MAX_REQUEST = reading.MAX_BYTES + 64 * 1024


def summary(job: ImportJob) -> ImportSummary:
    return msgspec.convert(job, ImportSummary, from_attributes=True)


def import_read(job: ImportJob) -> ImportRead:
    return msgspec.convert(job, ImportRead, from_attributes=True)


class ImportController(ApiResource, path="/api/v1/imports", tag="imports", guards=[requires_role(*MANAGERS)]):
    @post("/", request_max_body_size=MAX_REQUEST)
    async def create(
        self, request: Request, db: AsyncSession, ctx: TenantContext,
        data: Annotated[ImportUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> ImportRead:
        """Upload a CSV (UTF-8, UTF-8 with BOM or GB18030) or XLSX of ``kind`` rows. A file of up
        to 200 rows is checked (``dry_run``) or imported at once; a larger one is queued for the
        worker (``status`` ``queued``): poll ``GET /api/v1/imports/{id}``."""
        content = await data.file.read(reading.MAX_BYTES + 1)
        job = await service.start(
            db, ctx, request.user.user_id, kind=data.kind, filename=data.file.filename or "upload",
            data=content, dry_run=data.dry_run,
        )
        return import_read(job)

    @post("/{import_id:uuid}/run")
    async def run(self, request: Request, db: AsyncSession, ctx: TenantContext, import_id: UUID) -> ImportRead:
        """Run a finished dry run's rows for real, as a new import (409 for anything but a
        finished dry run, or one already run)."""
        return import_read(await service.run_checked(db, ctx, request.user.user_id, import_id))

    @get("/")
    async def list_imports(
        self, db: AsyncSession, limit: int | None = Parameter(default=None), cursor: str | None = Parameter(default=None),
    ) -> Page[ImportSummary]:
        """The tenant's imports, newest first, without their per-row results."""
        return Page.of(await queries.import_page(db, limit=limit, cursor=cursor), summary)

    @get("/{import_id:uuid}")
    async def read(self, db: AsyncSession, import_id: UUID) -> ImportRead:
        """An import's progress (counts processed, created, updated, unchanged, failed) and, for
        each row checked so far, its outcome and errors (row number, column, reason)."""
        return import_read(await queries.get_job(db, import_id))

    @get("/templates/{name:str}")
    async def template(
        self, request: Request, name: str,
        lang: str | None = Parameter(default=None, description="zh_Hans or en headers (default: the caller's)"),
    ) -> Response[bytes]:
        """An empty template to fill: ``customers.xlsx``, ``assets.csv``, ``tickets.xlsx``… with the
        headers in the caller's language (or ``lang``) and one example row."""
        kind, _, file_format = name.rpartition(".")
        if kind not in KINDS or file_format not in FORMATS:
            raise Invalid("name", f"must be <kind>.<format> with kind one of {', '.join(KINDS)} and format csv or xlsx")
        rows = template_rows(kind, lang or request.user.locale)
        return await table_response(rows, f"import-{kind}", file_format)
