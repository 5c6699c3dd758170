"""HTTP: login, logout, the current user and users."""

from __future__ import annotations

from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, patch, post
from litestar.params import Parameter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.auth import service
from core.auth.guards import authenticated, requires_role
from core.auth.models import User
from core.auth.schemas import LoginRequest, TokenResponse, UserCreate, UserRead, UserUpdate
from core.auth.tokens import issue_token, revoke_token
from core.pagination import Page, paginate


def user_read(user: User) -> UserRead:
    return msgspec.convert(user, UserRead, from_attributes=True)


class LoginController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @post("/login", status_code=200)
    async def login(self, request: Request, db: AsyncSession, data: LoginRequest) -> TokenResponse:
        """Exchange tenant slug, e-mail and password for a bearer token."""
        settings = request.app.state.settings
        user, _slug = await service.authenticate(
            db,
            data.tenant,
            data.email,
            data.password,
            max_failures=settings.login_max_failures,
            window_seconds=settings.login_window_seconds,
        )
        token, _row = await issue_token(db, user, settings.token_ttl_seconds)
        return TokenResponse(access_token=token, expires_in=settings.token_ttl_seconds)

    @post("/logout", status_code=204, guards=[authenticated])
    async def logout(self, request: Request, db: AsyncSession) -> None:
        """Revoke the bearer token of this request."""
        token_id = request.user.token_id
        if token_id is not None:
            await revoke_token(db, token_id)


class UserController(Controller):
    path = "/api/v1/users"
    tags = ["users"]
    guards = [authenticated]

    @post("/", guards=[requires_role("admin")])
    async def create_user(self, request: Request, db: AsyncSession, data: UserCreate) -> Response:
        """Add a user to the tenant with a role."""
        if replay := await idempotency.replay(db, request):
            return replay
        user = await service.create_user(db, data)
        return await idempotency.respond(db, request, user_read(user))

    @get("/")
    async def list_users(
        self,
        db: AsyncSession,
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
        role: str | None = Parameter(default=None),
        position: str | None = Parameter(default=None),
    ) -> Page[UserRead]:
        """The tenant's users, newest first; ``role`` and ``position`` filter them."""
        stmt = select(User)
        if role:
            stmt = stmt.where(User.role == role)
        if position:
            stmt = stmt.where(User.position == position)
        rows, next_cursor = await paginate(db, stmt, User.id, limit=limit, cursor=cursor)
        return Page(items=[user_read(u) for u in rows], next_cursor=next_cursor)

    @get("/me")
    async def me(self, request: Request, db: AsyncSession) -> UserRead:
        """The calling user."""
        return user_read(await service.get_user(db, request.user.user_id))

    @get("/{user_id:uuid}")
    async def get_user(self, db: AsyncSession, user_id: UUID) -> UserRead:
        """One user of the tenant."""
        return user_read(await service.get_user(db, user_id))

    @patch("/{user_id:uuid}", guards=[requires_role("admin")])
    async def update_user(self, db: AsyncSession, user_id: UUID, data: UserUpdate) -> UserRead:
        """Change a user's name, role, position, employee number or active flag."""
        return user_read(await service.update_user(db, user_id, data))
