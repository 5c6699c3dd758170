"""Recording plugin faults and reading them back, newest first."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from core.db.filters import where_given
from core.events import DomainEvent
from core.pagination import paginate
from core.plugin_faults.models import PluginFault
from core.plugins import HookFault

#: How much of an error message is kept (the log has all of it).
MESSAGE_LENGTH = 500


async def record(session: AsyncSession, faults: Iterable[HookFault], event: DomainEvent | None = None) -> None:
    """Keep each fault for the tenant's admin, in the caller's transaction (after the failing
    plugin's savepoint was rolled back, so the record stands with the core's write)."""
    for fault in faults:
        session.add(
            PluginFault(
                plugin=fault.plugin[:64], hook=fault.hook[:64], event=event.name[:100] if event else None,
                subject_id=event.subject_id if event else None, error=fault.error[:100],
                message=fault.message[:MESSAGE_LENGTH],
            )
        )
    await session.flush()


async def faults(
    session: AsyncSession, plugin: str | None, *, limit: int | None, cursor: str | None
) -> tuple[list[PluginFault], str | None]:
    """One page of the tenant's plugin faults (the session scopes them to the tenant), newest
    first; one plugin's if named."""
    stmt = where_given(select(PluginFault), (PluginFault.plugin, plugin))
    return await paginate(session, stmt, PluginFault.id, limit=limit, cursor=cursor)



async def latest_by_plugin(session: AsyncSession) -> dict[str, tuple[int, PluginFault]]:
    """For each plugin that failed for this tenant: how many faults, and the newest one (one
    query, whatever the number of plugins)."""
    by_plugin = {"partition_by": PluginFault.plugin}
    ranked = select(
        PluginFault,
        func.count().over(**by_plugin).label("faults"),
        func.row_number().over(**by_plugin, order_by=PluginFault.id.desc()).label("rank"),
    ).subquery()
    newest = aliased(PluginFault, ranked)
    rows = await session.execute(select(newest, ranked.c.faults).where(ranked.c.rank == 1))
    return {fault.plugin: (count, fault) for fault, count in rows}
