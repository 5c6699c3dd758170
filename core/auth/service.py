"""Login (with throttling), users and their roles."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.models import LoginFailure, User
from core.auth.passwords import MIN_LENGTH, hash_password, verify_password
from core.auth.schemas import UserCreate, UserUpdate
from core.db.base import utcnow
from core.db.tenancy import enter_tenant, leave_tenant
from core.errors import Conflict, Invalid, NotFound, Throttled, Unauthorized
from core.i18n.translate import N_

BAD_CREDENTIALS = "wrong tenant, e-mail or password"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_password_strength(password: str, field: str = "password") -> None:
    if len(password) < MIN_LENGTH:
        raise Invalid(field, f"must be at least {MIN_LENGTH} characters")


async def authenticate(
    session: AsyncSession, tenant_slug: str, email: str, password: str, *, max_failures: int, window_seconds: int
) -> tuple[User, str]:
    """Check a login. Unknown tenant, unknown user and wrong password give the same answer; after
    ``max_failures`` failures for one account within the window every attempt is throttled (429).
    Failures are committed even though the login fails."""
    from tenants.models import Tenant

    await leave_tenant(session)
    email = normalise_email(email)
    tenant = await session.scalar(select(Tenant).where(Tenant.slug == tenant_slug.strip().lower()))
    if tenant is None:
        verify_password(None, password)
        raise Unauthorized(BAD_CREDENTIALS)
    await enter_tenant(session, tenant.id)
    since = utcnow() - timedelta(seconds=window_seconds)
    failures = await session.scalar(
        select(func.count()).select_from(LoginFailure).where(
            LoginFailure.email == email, LoginFailure.created_at > since
        )
    )
    if failures >= max_failures:
        raise Throttled("too many failed logins; try again later")
    user = await session.scalar(select(User).where(User.email == email, User.is_active.is_(True)))
    if not verify_password(user.password_hash if user else None, password):
        session.add(LoginFailure(email=email))
        await session.commit()
        raise Unauthorized(BAD_CREDENTIALS)
    return user, tenant.slug


async def create_user(session: AsyncSession, data: UserCreate) -> User:
    check_password_strength(data.password)
    email = normalise_email(data.email)
    if await session.scalar(select(User.id).where(User.email == email)):
        raise Conflict("a user with this e-mail already exists", [("email", "taken")])
    user = User(
        email=email,
        name=data.name,
        role=data.role,
        password_hash=hash_password(data.password),
        employee_no=data.employee_no,
        position=data.position,
        locale=data.locale,
    )
    session.add(user)
    await session.flush()
    return user


async def get_user(session: AsyncSession, user_id: UUID) -> User:
    user = await session.scalar(select(User).where(User.id == user_id))
    if user is None:
        raise NotFound("no such user")
    return user


async def check_user(session: AsyncSession, user_id: UUID | None, field: str) -> None:
    """422 on ``field`` unless ``user_id`` (if given) is a user of the session's tenant."""
    if user_id is not None and await session.scalar(select(User.id).where(User.id == user_id)) is None:
        raise Invalid(field, "no such user in this tenant")


async def holders(session: AsyncSession, position: str) -> list[User]:
    """The active users holding ``position``, by name."""
    stmt = select(User).where(User.position == position, User.is_active.is_(True)).order_by(User.name)
    return list((await session.scalars(stmt)).all())


async def update_user(session: AsyncSession, user_id: UUID, data: UserUpdate) -> User:
    """Change a user's name, role, position, employee number or whether they may log in.

    The tenant never loses its last active administrator: demoting or deactivating them is 409.
    """
    user = await get_user(session, user_id)
    changes = {f: getattr(data, f) for f in data.__struct_fields__ if getattr(data, f) is not msgspec.UNSET}
    stays_admin = changes.get("role", user.role) == "admin" and changes.get("is_active", user.is_active)
    if user.role == "admin" and user.is_active and not stays_admin:
        others = await session.scalar(
            select(func.count()).select_from(User)
            .where(User.role == "admin", User.is_active.is_(True), User.id != user.id)
        )
        if not others:
            raise Conflict("the tenant needs at least one active administrator", [("role", N_("last administrator"))])
    for field, value in changes.items():
        setattr(user, field, value)
    await session.flush()
    return user
