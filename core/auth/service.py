"""Login (throttled per source and account), users and their roles, password change and reset."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

import msgspec
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth import queries, throttle
from core.auth.guards import STAFF
from core.auth.identifiers import normalise_email, normalise_slug
from core.auth.models import PasswordReset, User
from core.auth.passwords import check_password_strength, hash_password, password_gate, verify_password
from core.auth.schemas import UserCreate, UserUpdate
from core.auth.sso import policy as sso_policy
from core.auth.tokens import digest_of, new_secret, revoke_user_credentials
from core.db.base import utcnow
from core.db.tenancy import enter_tenant, leave_tenant
from core.errors import Conflict, Invalid, Unauthorized
from core.i18n.translate import N_
from core.mail import mail_enabled
from core.settings import Settings

BAD_CREDENTIALS = "wrong tenant, e-mail or password"
WRONG_PASSWORD = N_("wrong password")
BAD_RESET_LINK = N_("this link is invalid, expired or already used")

async def authenticate(
    session: AsyncSession, maker, settings: Settings, source: str, tenant_slug: str, email: str, password: str
) -> tuple[User, str]:
    """Check a login from ``source`` (the client address). Unknown tenant, unknown user and wrong
    password give the same answer. The attempt is counted for the (source, tenant, e-mail) pair
    before the password is checked (:func:`core.auth.throttle.claim_login`), so a held-back pair
    gets 429 with ``Retry-After`` even with the right password, and strangers elsewhere never hold
    back the account's owner. The read transaction ends before the (slow) password check, so no
    connection waits on it, and the whole check waits its turn at the password gate
    (:func:`core.auth.passwords.password_gate`) before it takes a connection at all."""
    from tenants.models import Tenant

    await leave_tenant(session)
    email, slug = normalise_email(email), normalise_slug(tenant_slug)
    async with password_gate():
        key = await throttle.claim_login(maker, settings, source, slug, email)
        tenant = await session.scalar(select(Tenant).where(Tenant.slug == slug))
        user = None
        if tenant is not None:
            await enter_tenant(session, tenant.id)
            user = await session.scalar(select(User).where(User.email == email, User.is_active.is_(True)))
        sso_only = await sso_policy.password_refused(session, user)
        await session.commit()
        if not await verify_password(user.password_hash if user else None, password):
            raise Unauthorized(BAD_CREDENTIALS)
        if sso_only:
            raise sso_policy.refuse_password()
        await throttle.clear(maker, key)
    return user, tenant.slug


async def change_password(
    session: AsyncSession, maker, settings: Settings, source: str, principal, current: str, new: str
) -> None:
    """The signed-in user sets a new password, proving the current one (throttled like a login).
    Every other session and token of the user ends; the calling one stays."""
    check_password_strength(new, "new_password")
    async with password_gate():
        key = await throttle.claim_login(maker, settings, source, principal.tenant_slug, principal.email)
        user = await get_user(session, principal.user_id)
        if not await verify_password(user.password_hash, current):
            raise Invalid("current_password", WRONG_PASSWORD)
        await throttle.clear(maker, key)
    user.password_hash = await hash_password(new)
    await revoke_user_credentials(session, user.id, keep=principal.credential_id)
    await session.flush()


@dataclass(frozen=True)
class ResetLink:
    """A password-reset link made for a user: the token to put in the e-mailed link, and the
    user's tenant (whose outbox carries the mail)."""

    token: str
    email: str
    tenant_id: UUID


async def request_reset(session: AsyncSession, settings: Settings, tenant_slug: str, email: str) -> ResetLink | None:
    """Make a one-time reset token for an active user of the tenant; ``None`` when there is no
    such user or no mail can carry the link (the caller answers the same either way: no account
    enumeration)."""
    from tenants.models import Tenant

    if not mail_enabled(settings):
        return None
    await leave_tenant(session)
    tenant = await session.scalar(select(Tenant).where(Tenant.slug == normalise_slug(tenant_slug)))
    if tenant is None:
        return None
    await enter_tenant(session, tenant.id)
    user = await session.scalar(select(User).where(User.email == normalise_email(email), User.is_active.is_(True)))
    if user is None:
        return None
    secret, digest = new_secret()
    session.add(PasswordReset(user_id=user.id, token_hash=digest,
                              expires_at=utcnow() + timedelta(seconds=settings.reset_ttl_seconds)))
    await session.flush()
    return ResetLink(token=f"{tenant.id.hex}.{secret}", email=user.email, tenant_id=tenant.id)


async def reset_password(session: AsyncSession, token: str, password: str) -> User:
    """Spend a reset token (atomically: one ``UPDATE … RETURNING`` of an unused, unexpired link)
    and set the new password; every session and token of the user ends, and the user's other
    reset links die with it. 422 on ``password`` or ``token`` otherwise."""
    check_password_strength(password)
    parts = digest_of(token)
    if parts is None:
        raise Invalid("token", BAD_RESET_LINK)
    tenant_id, digest = parts
    await leave_tenant(session)
    await enter_tenant(session, tenant_id)
    now = utcnow()
    user_id = await session.scalar(
        update(PasswordReset)
        .where(PasswordReset.token_hash == digest, PasswordReset.used_at.is_(None), PasswordReset.expires_at > now)
        .values(used_at=now)
        .returning(PasswordReset.user_id)
    )
    user = user_id and await session.scalar(select(User).where(User.id == user_id, User.is_active.is_(True)))
    if not user:
        raise Invalid("token", BAD_RESET_LINK)
    await session.execute(
        update(PasswordReset).where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None)).values(used_at=now)
    )
    user.password_hash = await hash_password(password)
    await revoke_user_credentials(session, user.id)
    await session.flush()
    return user


async def create_user(session: AsyncSession, data: UserCreate) -> User:
    check_password_strength(data.password)
    email = normalise_email(data.email)
    if await session.scalar(select(User.id).where(User.email == email)):
        raise Conflict("a user with this e-mail already exists", [("email", "taken")])
    user = User(
        email=email,
        name=data.name,
        role=data.role,
        password_hash=await hash_password(data.password),
        employee_no=data.employee_no,
        position=data.position,
        locale=data.locale,
    )
    session.add(user)
    await session.flush()
    return user


async def get_user(session: AsyncSession, user_id: UUID) -> User:
    return await queries.get_user(session, user_id)


async def check_user(session: AsyncSession, user_id: UUID | None, field: str) -> None:
    """422 on ``field`` unless ``user_id`` (if given) is a user of the session's tenant."""
    if user_id is not None and await session.scalar(select(User.id).where(User.id == user_id)) is None:
        raise Invalid(field, "no such user in this tenant")


async def users_by_employee_no(session: AsyncSession, numbers: set[str]) -> dict[str, UUID]:
    """The tenant's users by 工号 (employee number), for records that name people by it."""
    if not numbers:
        return {}
    return dict((await session.execute(select(User.employee_no, User.id).where(User.employee_no.in_(numbers)))).all())


async def active_staff(session: AsyncSession, roles: tuple[str, ...] = STAFF) -> list[User]:
    """The tenant's active users in ``roles`` (everyone who works cases by default), by name."""
    stmt = select(User).where(User.role.in_(roles), User.is_active.is_(True)).order_by(User.name)
    return list((await session.scalars(stmt)).all())


async def holders(session: AsyncSession, position: str) -> list[User]:
    """The active users holding ``position``, by name."""
    stmt = select(User).where(User.position == position, User.is_active.is_(True)).order_by(User.name)
    return list((await session.scalars(stmt)).all())


async def holders_or_admins(session: AsyncSession, position: str) -> list[UUID]:
    """The ids of the active users holding ``position``; the tenant's active admins when nobody
    does, so that a message meant for the position reaches someone who can name its holder."""
    to = [user.id for user in await holders(session, position)]
    if not to:
        to = list(await session.scalars(select(User.id).where(User.role == "admin", User.is_active.is_(True))))
    return to


async def position_of(session: AsyncSession, user_id: UUID) -> str | None:
    """The position (DOMAIN §11) the user holds, if any."""
    return await session.scalar(select(User.position).where(User.id == user_id))


async def update_user(session: AsyncSession, user_id: UUID, data: UserUpdate) -> User:
    """Change a user's name, role, position, employee number or whether they may log in.

    The tenant never loses its last active administrator, nor an "SSO only" tenant its
    break-glass administrator: demoting or deactivating them is 409.
    Deactivating a user ends all their sessions and tokens at once (reactivation revives none).
    """
    user = await get_user(session, user_id)
    changes = {f: getattr(data, f) for f in data.__struct_fields__ if getattr(data, f) is not msgspec.UNSET}
    stays_admin = changes.get("role", user.role) == "admin" and changes.get("is_active", user.is_active)
    await sso_policy.keep_break_glass(session, user, bool(stays_admin))
    if user.role == "admin" and user.is_active and not stays_admin:
        others = await session.scalar(
            select(func.count()).select_from(User)
            .where(User.role == "admin", User.is_active.is_(True), User.id != user.id)
        )
        if not others:
            raise Conflict("the tenant needs at least one active administrator", [("role", N_("last administrator"))])
    for field, value in changes.items():
        setattr(user, field, value)
    if changes.get("is_active") is False:
        await revoke_user_credentials(session, user.id)
    await session.flush()
    return user


async def names_of(session: AsyncSession, user_ids: Iterable[UUID | None]) -> dict[UUID, str]:
    """The names of several staff members, in one query (who read a file, who answered)."""
    wanted = {i for i in user_ids if i is not None}
    if not wanted:
        return {}
    return dict((await session.execute(select(User.id, User.name).where(User.id.in_(wanted)))).tuples().all())
