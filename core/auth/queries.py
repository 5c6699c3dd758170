"""Reading a tenant's users: the one path the API and the console share (the session is scoped
to the tenant)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.models import User
from core.db.filters import where_given
from core.db.lookup import get_or_404
from core.pagination import paginate


async def user_page(
    session: AsyncSession, *, role: str | None = None, position: str | None = None, limit: int | None,
    cursor: str | None,
) -> tuple[list[User], str | None]:
    """The tenant's users, newest first, of one role and one position when given."""
    stmt = where_given(select(User), (User.role, role), (User.position, position))
    return await paginate(session, stmt, User.id, limit=limit, cursor=cursor)


async def get_user(session: AsyncSession, user_id: UUID) -> User:
    """One user of the tenant; 404 when the tenant has none by that id."""
    return await get_or_404(session, User, user_id, "user")


async def active_admins(session: AsyncSession) -> list[User]:
    """The tenant's active administrators, by e-mail."""
    stmt = select(User).where(User.role == "admin", User.is_active.is_(True)).order_by(User.email)
    return list((await session.scalars(stmt)).all())


async def user_count(session: AsyncSession) -> int:
    """How many users the tenant has (active or not)."""
    return await session.scalar(select(func.count()).select_from(User)) or 0
