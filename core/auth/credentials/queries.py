"""The one read path of integrator credentials, for the API and the console alike: a page of
the tenant's credentials (newest first, cursor-paginated) or one of them, each with its creator's
name (two queries, whatever the page size)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.credentials import secrets, service
from core.auth.credentials.models import IntegrationCredential
from core.auth.credentials.schemas import CredentialRead
from core.auth.models import User
from core.pagination import paginate


def credential_read(row: IntegrationCredential, creator: str) -> CredentialRead:
    """The listed form of a credential (never its secret)."""
    return CredentialRead(
        id=row.id, kind=row.kind, name=row.name, prefix=row.prefix,
        client_id=secrets.client_id(row.tenant_id, row.prefix) if row.kind == "oauth_client" else None,
        scopes=list(row.scopes), rate_limit=row.rate_limit, created_by=row.created_by, created_by_name=creator,
        created_at=row.created_at, last_used_at=row.last_used_at, revoked_at=row.revoked_at,
    )


async def _creators(session: AsyncSession, rows: list[IntegrationCredential]) -> dict[UUID, str]:
    ids = {row.created_by for row in rows}
    if not ids:
        return {}
    return dict((await session.execute(select(User.id, User.name).where(User.id.in_(ids)))).all())


async def reads(session: AsyncSession, rows: list[IntegrationCredential]) -> list[CredentialRead]:
    """``rows`` in their listed form (one query for the creators' names)."""
    names = await _creators(session, rows)
    return [credential_read(row, names.get(row.created_by, "")) for row in rows]


async def credential_page(
    session: AsyncSession, *, limit: int | None, cursor: str | None
) -> tuple[list[CredentialRead], str | None]:
    """One page of the tenant's credentials, revoked ones included, newest first."""
    rows, next_cursor = await paginate(session, select(IntegrationCredential), IntegrationCredential.id,
                                       limit=limit, cursor=cursor)
    return await reads(session, rows), next_cursor


async def one(session: AsyncSession, credential_id: UUID) -> CredentialRead:
    """One credential of the tenant in its listed form (404 for another tenant's)."""
    return (await reads(session, [await service.get(session, credential_id)]))[0]
