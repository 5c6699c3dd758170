"""The password policy of tenants that sign in with SSO only."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.models import User
from core.auth.sso.models import SsoConfig
from core.errors import Conflict, Forbidden
from core.i18n.translate import N_

PASSWORDS_OFF = N_("this company signs in with its identity provider (SSO); passwords are turned off")
BREAK_GLASS_STAYS = N_("this administrator is the break-glass login of single sign-on; choose another first")


async def password_refused(session: AsyncSession, user: User | None) -> bool:
    """Whether ``user``'s tenant is "SSO only" and the user is not its break-glass admin (the
    session is in the user's tenant)."""
    if user is None:
        return False
    row = (await session.execute(
        select(SsoConfig.break_glass_user_id).where(SsoConfig.enabled.is_(True), SsoConfig.sso_only.is_(True))
    )).first()
    return row is not None and row[0] != user.id


def refuse_password() -> Forbidden:
    """The answer to a correct password in an "SSO only" tenant."""
    return Forbidden(PASSWORDS_OFF)


async def keep_break_glass(session: AsyncSession, user: User, stays_admin: bool) -> None:
    """409 when ``user`` is the break-glass administrator of an "SSO only" tenant and would stop
    being an active admin (the tenant would be locked out while its identity provider is down)."""
    if stays_admin:
        return
    guarded = await session.scalar(select(SsoConfig.id).where(
        SsoConfig.sso_only.is_(True), SsoConfig.break_glass_user_id == user.id))
    if guarded is not None:
        raise Conflict(BREAK_GLASS_STAYS, [("role", BREAK_GLASS_STAYS)])
