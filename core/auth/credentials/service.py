"""Creating, listing and revoking integrator credentials (each create and revoke audited in the
same transaction), and resolving a presented key or access token to the principal it stands for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.credentials import secrets
from core.auth.credentials.models import KINDS, CredentialEvent, IntegrationCredential, IntegrationToken
from core.auth.models import User
from core.auth.principal import Principal
from core.db.base import utcnow
from core.db.tenancy import bind_tenant, current_tenant
from core.errors import Invalid, NotFound
from core.i18n.translate import N_

#: Bounds of a credential's own rate limit (requests per minute).
RATE_LIMIT_RANGE = (1, 100_000)
DEFAULT_RATE_LIMIT = 600
#: ``last_used_at`` is written at most this often per credential (one cheap conditional update).
LAST_USED_GRANULARITY = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Issued:
    """A credential just created: its row and the strings shown once (``secret`` is the API key,
    or the OAuth client's secret beside ``client_id``)."""

    row: IntegrationCredential
    secret: str
    client_id: str | None


@dataclass(frozen=True, slots=True)
class Resolved:
    """A presented credential that is valid: who it acts as and its own limits."""

    principal: Principal
    credential_id: UUID
    rate_limit: int
    last_used_at: datetime | None


def _check(name: str, scopes: list[str], rate_limit: int, known: frozenset[str]) -> tuple[str, list[str]]:
    name = name.strip()
    if not name:
        raise Invalid("name", N_("must not be blank"))
    if not scopes:
        raise Invalid("scopes", N_("choose at least one scope"))
    unknown = sorted(set(scopes) - known)
    if unknown:
        raise Invalid("scopes", f"unknown scopes: {', '.join(unknown)}")
    low, high = RATE_LIMIT_RANGE
    if not low <= rate_limit <= high:
        raise Invalid("rate_limit", f"must be between {low} and {high} requests per minute")
    return name, sorted(set(scopes))


def _event(row: IntegrationCredential, action: str, actor: UUID) -> CredentialEvent:
    return CredentialEvent(
        credential_id=row.id, action=action, actor_id=actor,
        detail={"kind": row.kind, "name": row.name, "prefix": row.prefix, "scopes": row.scopes},
    )


async def create(
    session: AsyncSession, actor: Principal, *, kind: str, name: str, scopes: list[str], rate_limit: int,
    known: frozenset[str],
) -> Issued:
    """Create an API key or OAuth client acting as ``actor`` (an admin), limited to ``scopes``
    (each one of ``known``), and audit it. The returned secret is never stored nor shown again."""
    if kind not in KINDS:
        raise Invalid("kind", f"must be one of {', '.join(KINDS)}")
    name, scopes = _check(name, scopes, rate_limit, known)
    secret, prefix = secrets.new_secret(), secrets.new_prefix()
    row = IntegrationCredential(
        kind=kind, name=name, prefix=prefix, secret_hash=secrets.digest(secret), scopes=scopes,
        rate_limit=rate_limit, created_by=actor.user_id,
    )
    session.add(row)
    await session.flush()
    session.add(_event(row, "created", actor.user_id))
    await session.flush()
    if kind == "api_key":
        return Issued(row, secrets.api_key(actor.tenant_id, prefix, secret), None)
    return Issued(row, secret, secrets.client_id(actor.tenant_id, prefix))


async def get(session: AsyncSession, credential_id: UUID) -> IntegrationCredential:
    """One credential of the tenant (404 for an unknown id or another tenant's)."""
    row = await session.get(IntegrationCredential, (current_tenant(session.sync_session), credential_id))
    if row is None:
        raise NotFound("no such credential")
    return row


async def revoke(session: AsyncSession, actor: Principal, credential_id: UUID) -> IntegrationCredential:
    """Revoke a credential at once (its key, or its client and every token the client holds, is
    refused from the next request) and audit it. Revoking a revoked credential changes nothing."""
    row = await get(session, credential_id)
    if row.revoked_at is None:
        row.revoked_at, row.revoked_by = utcnow(), actor.user_id
        session.add(_event(row, "revoked", actor.user_id))
        await session.flush()
    return row


async def events(session: AsyncSession, credential_id: UUID) -> list[CredentialEvent]:
    """The audit of one credential, oldest first."""
    await get(session, credential_id)
    return list(await session.scalars(
        select(CredentialEvent).where(CredentialEvent.credential_id == credential_id)
        .order_by(CredentialEvent.created_at, CredentialEvent.id)
    ))


def _resolved(row, scopes) -> Resolved:
    """A live credential row (:func:`_live_credential`) resolved: the principal it acts as (its
    creator, the tenant's state and quota, ``scopes``), with what throttling and :func:`touch` need."""
    user = row.User
    principal = Principal(
        user_id=user.id, tenant_id=user.tenant_id, tenant_slug=row.slug, role=user.role, email=user.email,
        name=row.name, locale=user.locale or row.locale, timezone=row.timezone, integration_id=row.id,
        scopes=frozenset(scopes), tenant_suspended=row.suspended_at is not None,
        request_quota=row.quota_requests_per_minute,
    )
    return Resolved(principal, row.id, row.rate_limit, row.last_used_at)


def _live_credential(kind: str):
    from tenants.models import Tenant

    return (
        select(IntegrationCredential.id, IntegrationCredential.name, IntegrationCredential.secret_hash,
               IntegrationCredential.scopes, IntegrationCredential.rate_limit, IntegrationCredential.last_used_at,
               User, Tenant.slug, Tenant.locale, Tenant.timezone, Tenant.suspended_at,
               Tenant.quota_requests_per_minute)
        .join(User, (User.id == IntegrationCredential.created_by) & (User.tenant_id == IntegrationCredential.tenant_id))
        .join(Tenant, Tenant.id == IntegrationCredential.tenant_id)
        .where(IntegrationCredential.kind == kind, IntegrationCredential.revoked_at.is_(None),
               User.is_active.is_(True))
    )


async def resolve_api_key(session: AsyncSession, value: str) -> Resolved | None:
    """The principal an API key stands for (one indexed lookup), or ``None`` when it is
    malformed, unknown, revoked, or its creator is deactivated."""
    parts = secrets.parse_api_key(value)
    if parts is None:
        return None
    tenant_id, prefix, secret = parts
    bind_tenant(session, tenant_id)
    row = (await session.execute(
        _live_credential("api_key").where(IntegrationCredential.prefix == prefix)
    )).first()
    if row is None or not secrets.matches(secret, row.secret_hash):
        return None
    return _resolved(row, row.scopes)


async def resolve_access_token(session: AsyncSession, value: str) -> Resolved | None:
    """The principal an OAuth access token stands for (one indexed lookup), or ``None`` when it
    is malformed, unknown, expired, its client revoked or the client's creator deactivated. The
    token carries the scopes granted when it was issued."""
    parts = secrets.parse_access_token(value)
    if parts is None:
        return None
    tenant_id, secret = parts
    bind_tenant(session, tenant_id)
    stmt = _live_credential("oauth_client").add_columns(IntegrationToken.scopes.label("granted")).join(
        IntegrationToken,
        (IntegrationToken.credential_id == IntegrationCredential.id)
        & (IntegrationToken.tenant_id == IntegrationCredential.tenant_id),
    ).where(IntegrationToken.token_hash == secrets.digest(secret), IntegrationToken.expires_at > utcnow())
    row = (await session.execute(stmt)).first()
    if row is None:
        return None
    return _resolved(row, row.granted)


async def touch(session: AsyncSession, resolved: Resolved) -> None:
    """Record that the credential was used now, at most once per :data:`LAST_USED_GRANULARITY`
    (nothing is written when the stored time is recent)."""
    now = utcnow()
    if resolved.last_used_at is not None and now - resolved.last_used_at < LAST_USED_GRANULARITY:
        return
    await session.execute(
        update(IntegrationCredential)
        .where(IntegrationCredential.id == resolved.credential_id,
               or_(IntegrationCredential.last_used_at.is_(None),
                   IntegrationCredential.last_used_at < now - LAST_USED_GRANULARITY))
        .values(last_used_at=now)
    )
    await session.commit()


async def load_client(session: AsyncSession, client_id: str) -> IntegrationCredential | None:
    """The live OAuth client of a client id (its tenant bound on ``session``), or ``None``."""
    parts = secrets.parse_client_id(client_id)
    if parts is None:
        return None
    tenant_id, prefix = parts
    bind_tenant(session, tenant_id)
    row = (await session.execute(
        _live_credential("oauth_client").with_only_columns(IntegrationCredential)
        .where(IntegrationCredential.prefix == prefix)
    )).first()
    return None if row is None else row[0]


async def save_access_token(
    session: AsyncSession, client: IntegrationCredential, token: str, scopes: list[str], ttl_seconds: int
) -> None:
    """Store the SHA-256 of an access token just issued to ``client`` (and forget the client's
    expired ones)."""
    parts = secrets.parse_access_token(token)
    assert parts is not None
    await session.execute(delete(IntegrationToken).where(
        IntegrationToken.credential_id == client.id, IntegrationToken.expires_at <= utcnow()))
    session.add(IntegrationToken(
        credential_id=client.id, token_hash=secrets.digest(parts[1]), scopes=scopes,
        expires_at=utcnow() + timedelta(seconds=ttl_seconds),
    ))
    await session.flush()
