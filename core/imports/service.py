"""Imports: read an upload (in a thread), keep its rows in an import job, then check and apply
them a chunk at a time — in the request for a small file, by the worker for a large one, its
progress committed with each chunk.

Rules (issue 15 item 3): a dry run checks every row and writes nothing but the job; a real run
creates or updates by external id, so re-importing a file never duplicates; every row is
applied in its own savepoint, so a bad row writes nothing and the others go on; every id in a
row is resolved inside the caller's tenant.
"""

from __future__ import annotations

import logging
from collections import Counter
from uuid import UUID

import anyio
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import utcnow
from core.errors import Conflict, DomainError, Invalid, one_of
from core.file_columns import COLUMNS, KINDS, map_headers
from core.i18n.translate import N_
from core.imports import reading, rows
from core.imports.models import ImportJob
from core.imports.queries import get_job
from core.worker import jobs
from tenants.context import TenantContext

log = logging.getLogger(__name__)

#: Files with at most this many rows run in the request; larger ones go to the worker.
INLINE_ROWS = 200
#: Rows the worker checks and applies per job (and per transaction).
CHUNK = 250
JOB_KIND = "imports.run"


def _row_entries(kind: str, table: reading.Table, mapping: dict[int, str]) -> list[dict]:
    """The data rows as ``{row, cells, attributes, problems}``; cells the reader refused and
    external ids repeated in the file are the row's problems."""
    headers = {field: table.headers[index] for index, field in mapping.items()}
    by_header = {h: f for f, h in headers.items()}
    problems: dict[int, list[list[str]]] = {}
    for problem in table.problems:
        problems.setdefault(problem.row, []).append([by_header.get(problem.column, problem.column), problem.message])
    entries, first_seen = [], {}
    for number, values in table.rows:
        cells, attributes = {}, {}
        for index, field in mapping.items():
            value = values[index] if index < len(values) else ""
            if field.startswith("attributes."):
                attributes[field.removeprefix("attributes.")] = value
            else:
                cells[field] = value
        row_problems = list(problems.get(number, []))
        row_problems += [[c.field, "required"] for c in COLUMNS[kind] if c.required and c.field != "external_id"
                         and not cells.get(c.field)]
        external_id = cells.get("external_id", "")
        if not external_id:
            row_problems.append(["external_id", "required: the id this record has in your system"])
        elif len(external_id) > 100:
            row_problems.append(["external_id", "at most 100 characters"])
        elif external_id in first_seen:
            row_problems.append(["external_id", f"repeats row {first_seen[external_id]}"])
        else:
            first_seen[external_id] = number
        entries.append({"row": number, "cells": cells, "attributes": attributes, "problems": row_problems})
    return entries


def _parse(kind: str, data: bytes, filename: str) -> tuple[str, dict[str, str], list[dict]]:
    """The file's format, its columns (field → header as spelled) and its row entries; CPU work,
    run in a worker thread. Raises ``Invalid("file", …)`` for a file that cannot be taken."""
    try:
        table = reading.read_table(data, filename)
    except reading.UnreadableFile as exc:
        raise Invalid("file", str(exc)) from exc
    mapping = map_headers(kind, table.headers)
    columns = {field: table.headers[index] for index, field in mapping.items()}
    return table.file_format, columns, _row_entries(kind, table, mapping)


#: Fields the API names that a row gives by external id.
BY_EXTERNAL_ID = {"customer_id": "customer_external_id", "asset_id": "asset_external_id"}


def header_of(job: ImportJob, field: str) -> str:
    """The column as the file named it (errors point at what the user sees)."""
    field = BY_EXTERNAL_ID.get(field, field)
    return job.columns.get(field) or field


async def start(session: AsyncSession, ctx: TenantContext, actor_id: UUID, *, kind: str, filename: str, data: bytes,
                dry_run: bool) -> ImportJob:
    """Read the upload and record its job; run it here when small, else queue it for the worker.
    An unreadable file or unknown columns: 422 at ``file``, nothing recorded."""
    one_of(kind, KINDS, "kind")
    file_format, columns, entries = await anyio.to_thread.run_sync(_parse, kind, data, filename)
    job = ImportJob(
        kind=kind, filename=filename[:200] or "upload", file_format=file_format, dry_run=dry_run,
        status="queued", created_by=actor_id, total=len(entries), rows=entries, results=[], columns=columns,
    )
    return await _begin(session, ctx, job)


async def _begin(session: AsyncSession, ctx: TenantContext, job: ImportJob) -> ImportJob:
    """Record the job, then run it here when small, else queue its first chunk."""
    session.add(job)
    await session.flush()
    if job.total <= INLINE_ROWS:
        while job.status != "done":
            await run_chunk(session, ctx, job, job.total or 1)
    else:
        await _queue(session, job)
    return job


async def run_checked(session: AsyncSession, ctx: TenantContext, actor_id: UUID, import_id: UUID) -> ImportJob:
    """Run the rows of a finished dry run for real, as a new import (the file is not sent
    again). Rows are checked again as they are applied: the tenant may have changed meanwhile."""
    checked = await get_job(session, import_id, for_update=True)  # two clicks run it once
    if not checked.dry_run or checked.status != "done" or checked.rows is None:
        raise Conflict("only a finished dry run can be run")
    job = ImportJob(
        kind=checked.kind, filename=checked.filename, file_format=checked.file_format, dry_run=False,
        status="queued", created_by=actor_id, total=checked.total, rows=checked.rows, results=[],
        columns=checked.columns,
    )
    checked.rows = None
    return await _begin(session, ctx, job)


async def _queue(session: AsyncSession, job: ImportJob) -> None:
    await jobs.enqueue(
        session, tenant_id=job.tenant_id, kind=JOB_KIND, dedupe_key=f"{JOB_KIND}:{job.id}:{job.processed}",
        payload={"import_id": str(job.id)}, run_at=utcnow(),
    )


async def _one(session: AsyncSession, ctx: TenantContext, job: ImportJob, entry: dict, found: rows.Lookups) -> dict:
    result = {"row": entry["row"], "external_id": entry["cells"].get("external_id") or None}
    if entry["problems"]:
        return {**result, "outcome": "failed",
                "errors": [{"column": header_of(job, f), "message": m} for f, m in entry["problems"]]}
    try:
        plan = await rows.CHECKS[job.kind](session, ctx, entry, found, job.created_by)
        record_id = plan.record_id
        if not job.dry_run and plan.outcome != "unchanged":
            async with session.begin_nested():
                record_id = await plan.apply()
    except DomainError as exc:
        errors = exc.errors or [("row", exc.detail)]
        return {**result, "outcome": "failed",
                "errors": [{"column": header_of(job, f), "message": m} for f, m in errors]}
    except IntegrityError:
        return {**result, "outcome": "failed",
                "errors": [{"column": header_of(job, "external_id"), "message": "conflicts with a record written meanwhile; import again"}]}
    except DBAPIError:
        log.exception("import %s: row %s could not be stored", job.id, entry["row"])
        return {**result, "outcome": "failed", "errors": [{"column": "row", "message": "could not be stored"}]}
    except Exception:  # a plugin's check that breaks on one row fails that row, not the import
        log.exception("import %s: row %s could not be checked", job.id, entry["row"])
        return {**result, "outcome": "failed",
                "errors": [{"column": "row", "message": "could not be checked (the error is logged)"}]}
    return {**result, "outcome": plan.outcome, "id": str(record_id) if record_id else None, "errors": []}


async def run_chunk(session: AsyncSession, ctx: TenantContext, job: ImportJob, size: int = CHUNK) -> None:
    """Check (and unless a dry run, apply) the next ``size`` rows; the counts and results move
    on in the same transaction. The last chunk marks the job done and drops the rows of a real
    run (a dry run keeps them, to be run as checked: :func:`run_checked`)."""
    batch = (job.rows or [])[job.processed: job.processed + size]
    found = await rows.lookups(session, job.kind, [e for e in batch if not e["problems"]])
    results = [await _one(session, ctx, job, entry, found) for entry in batch]
    outcomes = Counter(r["outcome"] for r in results)
    job.created += outcomes["created"]
    job.updated += outcomes["updated"]
    job.unchanged += outcomes["unchanged"]
    job.failed += outcomes["failed"]
    job.processed += len(batch)
    job.results = [*job.results, *results]
    if job.processed >= job.total:
        job.status, job.finished_at = "done", utcnow()
        if not job.dry_run:
            job.rows = None
    else:
        job.status = "running"
    await session.flush()


async def run_queued(session: AsyncSession, ctx: TenantContext, payload: dict) -> None:
    """The worker's job: the import's next chunk, then the following chunk queued as its own
    job (each commits with its progress, so a poller sees the counts grow)."""
    job = await session.scalar(select(ImportJob).where(ImportJob.id == UUID(payload["import_id"])).with_for_update())
    if job is None or job.status == "done":
        return
    await run_chunk(session, ctx, job)
    if job.status != "done":
        await _queue(session, job)


#: The row errors of imports, for the console's catalogs (the API answers them in English).
ROW_MESSAGES = (
    N_("required"),
    N_("required: the id this record has in your system"),
    N_("formula cells are not read; paste the values"),
    N_("no customer with this external id in this tenant"),
    N_("no asset with this external id in this tenant"),
    N_("the asset belongs to another customer"),
    N_("the asset with this external id belongs to another customer"),
    N_("not a date (YYYY-MM-DD)"),
    N_("must be 是 or 否 (yes or no)"),
    N_("choose a CSV or XLSX file"),
    N_("at most 100 characters"),
    N_("could not be stored"),
    N_("could not be checked (the error is logged)"),
    N_("conflicts with a record written meanwhile; import again"),
)
