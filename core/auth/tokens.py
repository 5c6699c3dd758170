"""Credentials: bearer tokens of the API and sessions of the console, both ``<tenant id>.<secret>``
(a session's lives inside the signed, encrypted session cookie); the database keeps the secret's
SHA-256, so every credential can be revoked server-side. Checking one is one indexed lookup."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import replace
from datetime import timedelta
from functools import cache
from uuid import UUID

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.models import ApiToken, User
from core.auth.principal import Principal
from core.db.base import utcnow
from core.db.tenancy import bind_tenant, reused

#: Where a request's session keeps the tenant row its credential came with.
_TENANT_ROW = "tenant_row"


def request_tenant(session: AsyncSession):
    """The tenant row read with the request's credential (its ``config_version`` as of the request's
    start, what :mod:`tenants.cache` is keyed by), or ``None`` outside a request (a worker's session)."""
    return session.info.get(_TENANT_ROW)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def split_token(token: str) -> tuple[UUID, str] | None:
    tenant_hex, _, secret = token.partition(".")
    if not secret:
        return None
    try:
        return UUID(hex=tenant_hex), secret
    except ValueError:
        return None


def new_secret() -> tuple[str, str]:
    """A fresh random secret and its SHA-256 (what is stored)."""
    secret = secrets.token_urlsafe(32)
    return secret, _digest(secret)


def digest_of(token: str) -> tuple[UUID, str] | None:
    """The tenant and the stored SHA-256 of a ``<tenant id>.<secret>`` string (``None``: malformed)."""
    parts = split_token(token)
    return None if parts is None else (parts[0], _digest(parts[1]))


async def issue_token(
    session: AsyncSession, user: User, ttl_seconds: int, kind: str = "bearer"
) -> tuple[str, ApiToken]:
    """Create a credential of ``kind`` (``bearer`` or ``session``) for ``user``; returns its string
    (shown once) and its row."""
    secret, digest = new_secret()
    row = ApiToken(
        user_id=user.id, token_hash=digest, kind=kind, expires_at=utcnow() + timedelta(seconds=ttl_seconds)
    )
    session.add(row)
    await session.flush()
    return f"{user.tenant_id.hex}.{secret}", row


async def principal_for_token(
    session: AsyncSession, token: str, kind: str = "bearer", locale: str | None = None
) -> Principal | None:
    """The principal a credential of ``kind`` stands for, or ``None`` when it is unknown, of
    another kind, expired, revoked or its user is deactivated. ``locale`` (a session's language
    choice) wins over the user's and the tenant's. One statement; the user and tenant rows stay in
    ``session``'s identity map (the request's session: the tenant context needs no other read)."""
    parts = split_token(token)
    if parts is None:
        return None
    tenant_id, secret = parts
    bind_tenant(session, tenant_id)
    row = (await session.execute(_credential_statement(), {"hash": _digest(secret), "kind": kind, "now": utcnow()})).first()
    if row is None:
        return None
    credential_id, user, tenant = row
    session.info[_TENANT_ROW] = tenant  # held: the identity map is weak, the tenant context reads it next
    principal = replace(principal_of(user, tenant.slug, locale or user.locale or tenant.locale, tenant.timezone),
                        tenant_suspended=tenant.suspended_at is not None,
                        request_quota=tenant.quota_requests_per_minute)
    if kind == "session":
        return replace(principal, session_id=credential_id)
    return replace(principal, token_id=credential_id)


@cache
def _credential_statement():
    """The live credential with its active user and tenant rows, built once (every request runs it)."""
    from tenants.models import Tenant

    return reused(
        select(ApiToken.id, User, Tenant)
        .join(User, (User.id == ApiToken.user_id) & (User.tenant_id == ApiToken.tenant_id))
        .join(Tenant, Tenant.id == ApiToken.tenant_id)
        .where(
            ApiToken.token_hash == bindparam("hash"),
            ApiToken.kind == bindparam("kind"),
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > bindparam("now"),
            User.is_active.is_(True),
        )
    )


def principal_of(user: User, slug: str, locale: str, timezone: str) -> Principal:
    """The principal of ``user`` (no credential attached)."""
    return Principal(
        user_id=user.id,
        tenant_id=user.tenant_id,
        tenant_slug=slug,
        role=user.role,
        email=user.email,
        name=user.name,
        locale=locale,
        timezone=timezone,
    )


async def revoke_token(session: AsyncSession, token_id: UUID) -> None:
    """Revoke one credential (logout)."""
    await session.execute(update(ApiToken).where(ApiToken.id == token_id).values(revoked_at=utcnow()))


async def revoke_user_credentials(session: AsyncSession, user_id: UUID, keep: UUID | None = None) -> None:
    """Revoke every live token and session of a user at once, except ``keep`` (the credential of
    the request that changed the password)."""
    stmt = update(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
    if keep is not None:
        stmt = stmt.where(ApiToken.id != keep)
    await session.execute(stmt.values(revoked_at=utcnow()))
