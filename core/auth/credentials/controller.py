"""HTTP: a tenant admin creates, lists and revokes API keys and OAuth clients (with a user's
login token only: a credential never manages credentials).

Creation does not take an ``Idempotency-Key``: a replayed answer would have to keep the secret,
and the secret is never stored."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.params import Parameter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.credentials import secrets, service
from core.auth.credentials.models import IntegrationCredential
from core.auth.credentials.schemas import CredentialCreate, CredentialEventRead, CredentialIssued, CredentialRead
from core.auth.guards import requires_role
from core.auth.models import User
from core.pagination import Page, paginate

ADMIN_ONLY = requires_role("admin")


def credential_read(row: IntegrationCredential, creator: str) -> CredentialRead:
    """The listed form of a credential (no secret)."""
    return CredentialRead(
        id=row.id, kind=row.kind, name=row.name, prefix=row.prefix,
        client_id=secrets.client_id(row.tenant_id, row.prefix) if row.kind == "oauth_client" else None,
        scopes=list(row.scopes), rate_limit=row.rate_limit, created_by=row.created_by, created_by_name=creator,
        created_at=row.created_at, last_used_at=row.last_used_at, revoked_at=row.revoked_at,
    )


async def creator_names(db: AsyncSession, rows: list[IntegrationCredential]) -> dict[UUID, str]:
    """The names of the admins who created ``rows`` (one query)."""
    ids = {row.created_by for row in rows}
    if not ids:
        return {}
    return dict((await db.execute(select(User.id, User.name).where(User.id.in_(ids)))).all())


class CredentialController(Controller):
    path = "/api/v1/credentials"
    tags = ["credentials"]
    guards = [ADMIN_ONLY]

    @get("/")
    async def list_credentials(
        self, db: AsyncSession, limit: int | None = Parameter(default=None), cursor: str | None = Parameter(default=None),
    ) -> Page[CredentialRead]:
        """The tenant's API keys and OAuth clients, revoked ones included, newest first."""
        rows, next_cursor = await paginate(db, select(IntegrationCredential), IntegrationCredential.id,
                                           limit=limit, cursor=cursor)
        names = await creator_names(db, rows)
        return Page(items=[credential_read(row, names.get(row.created_by, "")) for row in rows], next_cursor=next_cursor)

    @get("/scopes")
    async def scopes(self, request: Request) -> list[str]:
        """Every scope a credential may be given: ``<resource>:read``, ``<resource>:write`` and
        ``admin``."""
        return sorted(request.app.state.credential_scopes)

    @post("/", status_code=201)
    async def create(self, request: Request, db: AsyncSession, data: CredentialCreate) -> CredentialIssued:
        """Create an API key (``kind=api_key``) or an OAuth client (``kind=oauth_client``). The
        answer holds the secret — the key itself, or the client's secret beside its ``client_id``
        — this once; only its hash is kept. Audited."""
        issued = await service.create(
            db, request.user, kind=data.kind, name=data.name, scopes=data.scopes, rate_limit=data.rate_limit,
            known=request.app.state.credential_scopes,
        )
        read = credential_read(issued.row, request.user.name)
        return CredentialIssued(**{f: getattr(read, f) for f in read.__struct_fields__}, secret=issued.secret)

    @get("/{credential_id:uuid}")
    async def read(self, db: AsyncSession, credential_id: UUID) -> CredentialRead:
        """One credential."""
        row = await service.get(db, credential_id)
        return credential_read(row, (await creator_names(db, [row])).get(row.created_by, ""))

    @post("/{credential_id:uuid}/revoke", status_code=200)
    async def revoke(self, request: Request, db: AsyncSession, credential_id: UUID) -> CredentialRead:
        """Revoke a credential: from the next request on, the key (or the client and every token
        it holds) is refused. Audited; revoking twice changes nothing."""
        row = await service.revoke(db, request.user, credential_id)
        return credential_read(row, (await creator_names(db, [row])).get(row.created_by, ""))

    @get("/{credential_id:uuid}/events")
    async def events(self, db: AsyncSession, credential_id: UUID) -> list[CredentialEventRead]:
        """The audit of one credential: its creation and revocation, oldest first."""
        return [
            CredentialEventRead(id=e.id, credential_id=e.credential_id, action=e.action, actor_id=e.actor_id,
                                detail=e.detail, created_at=e.created_at)
            for e in await service.events(db, credential_id)
        ]

