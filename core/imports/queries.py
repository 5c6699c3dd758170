"""Reading a tenant's imports: the one path the API and the console share (the session is
scoped to the tenant; newest first, paged by cursor)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.lookup import get_or_404
from core.imports.models import ImportJob
from core.pagination import paginate


async def get_job(session: AsyncSession, import_id: UUID, *, for_update: bool = False) -> ImportJob:
    """One of the tenant's imports (404 for another tenant's)."""
    return await get_or_404(session, ImportJob, import_id, "import", for_update=for_update)


async def import_page(session: AsyncSession, *, limit: int | None, cursor: str | None) -> tuple[list[ImportJob], str | None]:
    """The tenant's imports, newest first, a page at a time."""
    return await paginate(session, select(ImportJob), ImportJob.id, limit=limit, cursor=cursor)
