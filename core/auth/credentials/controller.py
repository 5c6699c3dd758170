"""HTTP: a tenant admin creates, lists and revokes API keys and OAuth clients (with a user's
login token only: a credential never manages credentials).

Creation does not take an ``Idempotency-Key``: a replayed answer would have to keep the secret,
and the secret is never stored."""

from __future__ import annotations

from uuid import UUID

from litestar import Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.credentials import queries, secrets, service
from core.auth.credentials.schemas import CredentialCreate, CredentialEventRead, CredentialIssued, CredentialRead
from core.auth.guards import requires_role
from core.auth.resource import ApiResource
from core.pagination import Page

ADMIN_ONLY = requires_role("admin")


class CredentialController(ApiResource, path="/api/v1/credentials", tag="credentials", guards=[ADMIN_ONLY]):
    @get("/")
    async def list_credentials(
        self, db: AsyncSession, limit: int | None = Parameter(default=None), cursor: str | None = Parameter(default=None),
    ) -> Page[CredentialRead]:
        """The tenant's API keys and OAuth clients, revoked ones included, newest first."""
        items, next_cursor = await queries.credential_page(db, limit=limit, cursor=cursor)
        return Page(items=items, next_cursor=next_cursor)

    @get("/scopes")
    async def scopes(self, request: Request) -> list[str]:
        """Every scope a credential may be given: ``<resource>:read``, ``<resource>:write`` and
        ``admin``."""
        return sorted(request.app.state.credential_scopes)

    @post("/", status_code=201)
    async def create(self, request: Request, db: AsyncSession, data: CredentialCreate) -> Response[CredentialIssued]:
        """Create an API key (``kind=api_key``) or an OAuth client (``kind=oauth_client``). The
        answer holds the secret — the key itself, or the client's secret beside its ``client_id``
        — this once; only its hash is kept. Audited."""
        issued = await service.create(
            db, request.user, kind=data.kind, name=data.name, scopes=data.scopes, rate_limit=data.rate_limit,
            known=request.app.state.credential_scopes,
        )
        read = queries.credential_read(issued.row, request.user.name)
        shown = CredentialIssued(**{f: getattr(read, f) for f in read.__struct_fields__}, secret=issued.secret)
        return Response(shown, status_code=201, headers=secrets.NO_STORE)

    @get("/{credential_id:uuid}")
    async def read(self, db: AsyncSession, credential_id: UUID) -> CredentialRead:
        """One credential."""
        return await queries.one(db, credential_id)

    @post("/{credential_id:uuid}/revoke", status_code=200)
    async def revoke(self, request: Request, db: AsyncSession, credential_id: UUID) -> CredentialRead:
        """Revoke a credential: from the next request on, the key (or the client and every token
        it holds) is refused. Audited; revoking twice changes nothing."""
        return (await queries.reads(db, [await service.revoke(db, request.user, credential_id)]))[0]

    @get("/{credential_id:uuid}/events")
    async def events(self, db: AsyncSession, credential_id: UUID) -> list[CredentialEventRead]:
        """The audit of one credential: its creation and revocation, oldest first."""
        return [
            CredentialEventRead(id=e.id, credential_id=e.credential_id, action=e.action, actor_id=e.actor_id,
                                detail=e.detail, created_at=e.created_at)
            for e in await service.events(db, credential_id)
        ]

