"""Bearer tokens: ``<tenant id>.<secret>``; the database keeps the secret's SHA-256."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.models import ApiToken, User
from core.auth.principal import Principal
from core.db.base import utcnow
from core.db.tenancy import bind_tenant


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


async def issue_token(session: AsyncSession, user: User, ttl_seconds: int) -> tuple[str, ApiToken]:
    """Create a token for ``user``; returns the token string (shown once) and its row."""
    secret = secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user.id, token_hash=_digest(secret), expires_at=utcnow() + timedelta(seconds=ttl_seconds)
    )
    session.add(row)
    await session.flush()
    return f"{user.tenant_id.hex}.{secret}", row


async def principal_for_token(session: AsyncSession, token: str) -> Principal | None:
    """The principal a token stands for, or ``None`` when it is unknown, expired or revoked."""
    from tenants.models import Tenant

    parts = split_token(token)
    if parts is None:
        return None
    tenant_id, secret = parts
    bind_tenant(session, tenant_id)
    row = (
        await session.execute(
            select(ApiToken.id, User, Tenant.slug, Tenant.locale, Tenant.timezone)
            .join(User, (User.id == ApiToken.user_id) & (User.tenant_id == ApiToken.tenant_id))
            .join(Tenant, Tenant.id == ApiToken.tenant_id)
            .where(
                ApiToken.token_hash == _digest(secret),
                ApiToken.revoked_at.is_(None),
                ApiToken.expires_at > utcnow(),
                User.is_active.is_(True),
            )
        )
    ).first()
    if row is None:
        return None
    token_id, user, slug, tenant_locale, timezone = row
    return principal_of(user, slug, user.locale or tenant_locale, timezone, token_id)


def principal_of(user: User, slug: str, locale: str, timezone: str, token_id: UUID | None = None) -> Principal:
    return Principal(
        user_id=user.id,
        tenant_id=user.tenant_id,
        tenant_slug=slug,
        role=user.role,
        email=user.email,
        name=user.name,
        locale=locale,
        timezone=timezone,
        token_id=token_id,
    )


async def revoke_token(session: AsyncSession, token_id: UUID) -> None:
    await session.execute(update(ApiToken).where(ApiToken.id == token_id).values(revoked_at=utcnow()))
