"""Reading confidential records: the tenant's rules, the check every read goes through and its
audit (DOMAIN §5: access is by role; every read of top-secret data is audited)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.principal import Principal
from core.auth.roles import ROLES
from core.auth.tokens import request_tenant
from core.confidentiality.levels import AUDITED_LEVELS, DEFAULT_READERS, LEVELS, level_of, may_read
from core.confidentiality.models import AuditedRead, ReadingRule
from core.db.filters import where_given
from core.db.inserts import insert_rows
from core.errors import Forbidden, Invalid
from core.pagination import paginate
from tenants import cache

#: Set on a session that wrote reading rules: it reads them afresh from then on and caches nothing
#: (what it wrote may yet roll back, and the version it would be cached at is the one before).
_WROTE_RULES = "confidentiality.rules_written"


async def readers(session: AsyncSession) -> dict[str, tuple[str, ...]]:
    """Who may read each level for this tenant: its own rules over the defaults. In a request they
    come from the node's cache at the tenant's configuration version (:mod:`tenants.cache`; the
    database bumps it when a rule changes, migration ``0043``), so a check runs no query for them."""
    tenant = request_tenant(session)
    if tenant is None or session.info.get(_WROTE_RULES):
        return await _load_readers(session)
    return await cache.cached(tenant, ("reading_rules",), lambda: _load_readers(session))


async def _load_readers(session: AsyncSession) -> dict[str, tuple[str, ...]]:
    rules = dict(DEFAULT_READERS)
    for row in await session.scalars(select(ReadingRule)):
        rules[row.level] = tuple(row.roles)
    return rules


async def set_readers(session: AsyncSession, changes: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    """Change who may read some levels. Admins always keep every level (nobody is locked out of
    the audit); unknown levels or roles are refused (422)."""
    for level, roles in changes.items():
        if level not in LEVELS:
            raise Invalid(f"rules.{level}", f"unknown level; levels are {', '.join(LEVELS)}")
        unknown = sorted(set(roles) - set(ROLES))
        if unknown:
            raise Invalid(f"rules.{level}", f"unknown roles {unknown}; roles are {', '.join(ROLES)}")
        if "admin" not in roles:
            raise Invalid(f"rules.{level}", "admin must keep read access to every level")
    session.info[_WROTE_RULES] = True
    rows = {row.level: row for row in await session.scalars(select(ReadingRule))}
    for level, roles in changes.items():
        ordered = [role for role in ROLES if role in set(roles)]
        if level in rows:
            rows[level].roles = ordered
        else:
            session.add(ReadingRule(level=level, roles=ordered))
    await session.flush()
    return await readers(session)


async def check_read(
    session: AsyncSession, principal: Principal, level: str, record_type: str, record_id: UUID | str
) -> None:
    """Let ``principal`` read a record of ``level`` or raise :class:`Forbidden` (403); a read of
    top-secret data is written to the audit log in the same transaction."""
    await check_reads(session, principal, [(level, record_type, record_id)])


async def check_reads(
    session: AsyncSession, principal: Principal, records: Iterable[tuple[str, str, UUID | str]]
) -> None:
    """:func:`check_read` for several records at once (a list page): all readable or 403."""
    rules = await readers(session)
    records = list(records)
    for level, record_type, _record_id in records:
        if not may_read(rules, principal.role, level):
            raise Forbidden(f"the role {principal.role!r} may not read {level} records ({record_type})")
    await insert_rows(session, AuditedRead.__table__, [
        {"user_id": principal.user_id, "role": principal.role, "level": level, "record_type": record_type,
         "record_id": str(record_id)}
        for level, record_type, record_id in records
        if level in AUDITED_LEVELS or level not in LEVELS
    ])


async def readable_levels(session: AsyncSession, role: str) -> list[str]:
    """The levels ``role`` may read (to filter a list before reading it)."""
    rules = await readers(session)
    return [level for level in LEVELS if may_read(rules, role, level)]


async def may_read_type(session: AsyncSession, role: str, record_type: str) -> bool:
    """Whether ``role`` may read records of ``record_type`` (its level, :data:`RECORD_LEVELS`)
    under the tenant's rules."""
    return level_of(record_type) in await readable_levels(session, role)


async def check_read_type(session: AsyncSession, principal: Principal, record_type: str) -> str:
    """403 unless the caller's role may read records of ``record_type``; their level otherwise
    (for :func:`check_reads` of the records themselves)."""
    level = level_of(record_type)
    if level not in await readable_levels(session, principal.role):
        raise Forbidden(f"the role {principal.role!r} may not read {level} records ({record_type})")
    return level


async def check_reads_of_type(
    session: AsyncSession, principal: Principal, record_type: str, record_ids: Iterable[UUID | str] = ()
) -> None:
    """:func:`check_read_type`, then :func:`check_reads` of the records ``record_ids`` of that type
    (audited if their level is)."""
    level = await check_read_type(session, principal, record_type)
    await check_reads(session, principal, [(level, record_type, record_id) for record_id in record_ids])


async def reads_of(session: AsyncSession, record_type: str, record_id: UUID | str) -> list[AuditedRead]:
    """Every audited read of one record, oldest first: who read it (user and role) and when."""
    stmt = (select(AuditedRead).where(AuditedRead.record_type == record_type, AuditedRead.record_id == str(record_id))
            .order_by(AuditedRead.created_at, AuditedRead.id))
    return list((await session.scalars(stmt)).all())


async def audited_reads_page(session: AsyncSession, *, record_type: str | None, record_id: str | None,
                             user_id: UUID | None, limit: int | None,
                             cursor: str | None) -> tuple[list[AuditedRead], str | None]:
    """One page of the audited reads of top-secret data (who, what, when), newest first, of one
    record type, one record or one reader when named."""
    stmt = where_given(select(AuditedRead), (AuditedRead.record_type, record_type),
                       (AuditedRead.record_id, record_id), (AuditedRead.user_id, user_id))
    return await paginate(session, stmt, AuditedRead.id, limit=limit, cursor=cursor)
